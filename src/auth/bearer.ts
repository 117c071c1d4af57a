/** The bearer-token check of the session endpoints, run before the body is read (as ASP.NET Core authenticates first). */
import type { onRequestHookHandler } from 'fastify'
import type { ClientConfig } from '../config.js'
import { problems } from '../problems.js'
import type { ClientRegistry } from './clients.js'
import type { Token, TokenStore } from './token-store.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The client the bearer token belongs to. */
    client?: ClientConfig
    /** The bearer token of the request. */
    token?: Token
    /**
     * The token as this request read it from the shared store (Redis store; null when it is not
     * there): checked instead of the process's copy, which other requests may replace meanwhile.
     */
    storedToken?: Token | null
  }
}

/** How a route uses the bearer token. */
export interface BearerOptions {
  tokens: TokenStore
  clients: ClientRegistry
  /** Initiating a session spends the token: a spent token is refused. */
  forInitiate?: boolean
  /** The route also answers without a token (the status endpoint, when so configured). */
  optional?: boolean
  /** With forInitiate: holds the token for this request as soon as it is checked (refused creates then spend it). */
  hold?: boolean
}

// `Bearer ` and a GUID.
const usualLength = 'Bearer '.length + 36

/** The onRequest hook that authenticates a request by its bearer token. */
export function bearer({ tokens, clients, forInitiate = false, optional = false, hold = false }: BearerOptions): onRequestHookHandler {
  // Callback style: an async hook costs a promise hop on every request (issue 11). A refusal is
  // sent (reply.problem), not thrown: a throw costs V8 a message object and a walk of the stack.
  return (request, reply, done) => {
    const header = request.headers.authorization
    if (header === undefined && optional) return done()
    // The usual spelling, `Bearer ` and a GUID, is read without the regular expression (issue 11);
    // a header of that length the store does not know is read again with it, below.
    const usual = header?.length === usualLength && header.startsWith('Bearer ') ? tokens.check(header.slice(7), forInitiate, request.storedToken) : undefined
    let checked: ReturnType<TokenStore['check']>
    if (usual !== undefined && !('reason' in usual && usual.reason === 'malformed')) checked = usual
    else {
      const match = header === undefined ? null : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header)
      if (match === null) {
        return void reply.problem(header === undefined || !/^Bearer\b/i.test(header) ? problems.tokenMissing() : problems.tokenInvalid("The token is malformed: send 'Authorization: Bearer <access_token>'"))
      }
      checked = tokens.check(match[1] as string, forInitiate, request.storedToken)
    }
    if ('reason' in checked) return void reply.problem(problems.tokenInvalid(checked.description))
    const client = clients.get(checked.clientId)
    if (client === undefined) return void reply.problem(problems.tokenInvalid('The token belongs to a client that is no longer configured'))
    // The document lists an optional x-client-id header on InitiateSession; naming another client
    // than the token's is refused there (a guess). Other operations do not declare the header.
    const claimed = request.headers['x-client-id']
    if (forInitiate && typeof claimed === 'string' && claimed !== '' && claimed !== client.id) {
      return void reply.problem(problems.authorizationRefused(`The x-client-id header names "${claimed}", but the token was issued to another client.`))
    }
    // In the same synchronous step as the check: no other request with this token can pass it meanwhile.
    if (forInitiate && hold) tokens.claim(checked)
    request.client = client
    request.token = checked
    done()
  }
}
