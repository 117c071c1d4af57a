/** HTTP Basic credentials, read once for the token endpoint and the admin API alike. */
import type { ClientConfig } from '../config.js'
import { rememberAccepted, type ClientRegistry } from './clients.js'

function decodeForm(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}

// Where the credentials are decoded: Buffer.from takes its bytes from Node's shared pool, and a new
// pool was allocated often enough to cost about a µs an authorize (issue 11).
const scratch = Buffer.allocUnsafeSlow(1024)

// The text a base64 value encodes (read as UTF-8).
function fromBase64(value: string): string {
  if (value.length > (scratch.length / 3) * 4) return Buffer.from(value, 'base64').toString('utf8')
  return scratch.toString('utf8', 0, scratch.write(value, 0, 'base64'))
}

// The headers each registry accepted, so that a client authorizing again with the same header is
// not read again (the expression, the base64 and the registry's key took about 0.4 µs an authorize,
// issue 11). Accepted ones only, so a wrong secret is always read and compared; bounded as the
// registry's own cache, the oldest going first. A registry made anew (a reload) starts empty.
const acceptedHeaders = new WeakMap<ClientRegistry, Map<string, ClientConfig>>()

/**
 * The client of a Basic header: undefined when the id or secret is wrong, 'malformed' when the
 * header holds no Basic credentials. The id and secret are tried as sent (what curl -u and most
 * clients send), then form-decoded (RFC 6749 section 2.3.1 encodes them first).
 */
export function verifyBasic(clients: ClientRegistry, header: string): ClientConfig | 'malformed' | undefined {
  let accepted = acceptedHeaders.get(clients)
  const known = accepted?.get(header)
  if (known !== undefined) return known
  const client = readBasic(clients, header)
  if (typeof client !== 'object') return client
  if (accepted === undefined) acceptedHeaders.set(clients, accepted = new Map())
  rememberAccepted(accepted, header, client)
  return client
}

function readBasic(clients: ClientRegistry, header: string): ClientConfig | 'malformed' | undefined {
  const match = /^Basic[ \t]+([A-Za-z0-9+/=_-]+)[ \t]*$/i.exec(header)
  if (!match) return 'malformed'
  const decoded = fromBase64(match[1] as string)
  const colon = decoded.indexOf(':')
  if (colon < 0) return 'malformed'
  const id = decoded.slice(0, colon)
  const secret = decoded.slice(colon + 1)
  return clients.verify(id, secret) ?? clients.verify(decodeForm(id), decodeForm(secret))
}
