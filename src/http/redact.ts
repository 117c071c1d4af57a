/**
 * What the journal keeps of secrets: nothing. Credentials in headers, secret fields of bodies and
 * queries, and issued tokens are replaced by `[redacted]` however they are spelt; the scheme of a
 * credential header and every other field stay, for debugging.
 */

/** What a secret is replaced by. */
export const redacted = '[redacted]'

// Compared without case, separators or percent-encoding: client_secret, Client-Secret, clientSecret,
// Pass%77ord. `token$` takes access_token and x-auth-token, not token_type.
const secretName = /secret|passw|passphrase|apikey|credential|privatekey|token$|^pwd$|^cookie2?$|auth$|authorization$/

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '))
  } catch {
    return name
  }
}

/** Whether a field or header of this name holds a secret. */
export function isSecretName(name: string): boolean {
  return secretName.test(decodeName(name).toLowerCase().replace(/[^a-z0-9]/g, ''))
}

// The registered HTTP authentication schemes (IANA), and the usual unregistered ones. An unknown first
// word may be the credential itself, sent without a scheme, so it is redacted with the rest.
const schemes = new Set(['basic', 'bearer', 'digest', 'dpop', 'gnap', 'hoba', 'mutual', 'negotiate', 'ntlm', 'oauth', 'privatetoken',
  'scram-sha-1', 'scram-sha-256', 'vapid', 'concealed', 'aws4-hmac-sha256', 'token', 'apikey'])

/** A credential header's value with only its scheme left: `Basic [redacted]`, whatever whitespace follows the scheme. */
export function redactCredentials(value: string): string {
  const [, scheme = '', rest = ''] = /^\s*(\S*)([\s\S]*)$/.exec(value) as RegExpExecArray
  if (!schemes.has(scheme.toLowerCase())) return value.trim() === '' ? value : redacted
  return rest.trim() === '' ? scheme : `${scheme} ${redacted}`
}

/** Request headers as the journal keeps them: `host` left out (it holds the port), repeated ones joined, secrets redacted. */
export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase()
    if (key === 'host' || value === undefined) continue
    const text = Array.isArray(value) ? value.join(', ') : value
    if (!isSecretName(key)) out[key] = text
    else out[key] = /authorization$/.test(key) ? redactCredentials(text) : redacted
  }
  return out
}

/** Past this depth a value is not walked (and the caller keeps its text instead). */
export const maxRedactDepth = 256

/** A parsed body (or query) with the value of every secret field redacted, at any depth; throws a RangeError past `maxRedactDepth`. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value
  if (depth >= maxRedactDepth) throw new RangeError('too deep')
  if (Array.isArray(value)) return value.map(item => redactValue(item, depth + 1))
  // fromEntries defines the keys, so a `__proto__` member stays a member.
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, isSecretName(key) ? redacted : redactValue(child, depth + 1)]))
}

const space = /\s/
const wordChar = /[\w$%.+-]/

function endOfQuoted(text: string, start: number): number {
  const quote = text[start]
  let i = start + 1
  while (i < text.length && text[i] !== quote) i += text[i] === '\\' ? 2 : 1
  return Math.min(i + 1, text.length)
}

function endOfBracketed(text: string, start: number): number {
  let depth = 0
  let i = start
  while (i < text.length) {
    const c = text[i] as string
    if (c === '"' || c === "'") {
      i = endOfQuoted(text, i)
      continue
    }
    if (c === '{' || c === '[') depth++
    else if ((c === '}' || c === ']') && --depth === 0) return i + 1
    i++
  }
  return i
}

function endOfValue(text: string, start: number, separator: string): number {
  const c = text[start]
  if (c === '"' || c === "'") return endOfQuoted(text, start)
  if (separator === ':' && (c === '{' || c === '[')) return endOfBracketed(text, start)
  const stop = separator === ':' ? /[\s,}\]]/ : /[&;\r\n]/
  let i = start
  while (i < text.length && !stop.test(text[i] as string)) i++
  return i
}

function nameOf(token: string): string {
  if (!token.startsWith('"')) return token.replace(/^'|'$/g, '')
  try {
    return JSON.parse(token) as string
  } catch {
    return token.slice(1, -1)
  }
}

/**
 * A body kept as text (JSON too deep, too large or malformed; a form sent as something else) with the
 * value of every secret member redacted: `"name": value` in JSON (escaped names too) and `name=value`
 * in forms (percent-encoded names too).
 */
export function redactText(text: string): string {
  let out = ''
  let copied = 0
  let i = 0
  while (i < text.length) {
    const c = text[i] as string
    let end: number
    if (c === '"' || c === "'") end = endOfQuoted(text, i)
    else if (wordChar.test(c)) {
      end = i + 1
      while (end < text.length && wordChar.test(text[end] as string)) end++
    } else {
      i++
      continue
    }
    let next = end
    while (next < text.length && space.test(text[next] as string)) next++
    const separator = text[next]
    if ((separator === ':' || separator === '=') && isSecretName(nameOf(text.slice(i, end)))) {
      let start = next + 1
      while (start < text.length && space.test(text[start] as string)) start++
      const valueEnd = endOfValue(text, start, separator)
      out += text.slice(copied, start) + (text[start] === '"' ? `"${redacted}"` : redacted)
      copied = valueEnd
      i = valueEnd
      continue
    }
    i = end
  }
  return copied === 0 ? text : out + text.slice(copied)
}
