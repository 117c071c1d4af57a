import type { ClockRegistry } from '../clock.js'
import { lowerCase, type Ids } from '../ids.js'
import { createRing } from '../ring.js'

/** An access token as the store keeps it. */
export interface Token {
  token: string
  clientId: string
  expiresAtMs: number
  /** The session this token initiated; a token initiates one session only. */
  sessionId?: string
}

/**
 * Why a token was refused, in the words of the `WWW-Authenticate` error description; a token the
 * store still knows (expired or spent, until it is evicted) names its client.
 */
export type TokenRefusal =
  | { reason: 'malformed' | 'unknown', description: string }
  | { reason: 'expired' | 'spent', description: string, clientId: string }

/** Expiring, single-use access tokens, bounded in number. */
export interface TokenStore {
  /** Issues a token for the client (its value from `made`, a request's own stream, when given); when the store is full the oldest token, the first to expire, goes. */
  issue(clientId: string, made?: Ids): Token
  /** Keeps a token made elsewhere (another replica's, read from the shared store), replacing one of the same value. */
  add(token: Token): void
  /** The token with this value as kept, whatever its state. */
  get(value: string): Token | undefined
  /**
   * The token if it can be used now, or why not (and whose it was, when the store knows it).
   * `forInitiate` also refuses a spent token. `found` is the token as the request read it from the
   * shared store, checked instead of this store's.
   */
  check(token: string, forInitiate: boolean, found?: Token | null): Token | TokenRefusal
  /**
   * Holds the token for one session creation; false when it is spent or already held. Checked and
   * held in one synchronous step, so two requests racing with one token cannot both create.
   */
  claim(token: Token): boolean
  /** Gives back a claimed token whose request was refused (a refused request spends nothing). */
  release(token: Token): void
  /** Marks the token as having initiated `sessionId`. */
  spend(token: Token, sessionId: string): void
  /** Forgets every token of a client, or all tokens. */
  clear(clientId?: string): void
  readonly size: number
  readonly ttlSeconds: number
}

/** Why a spent token is refused for a new session. */
export const spentTokenDescription = 'The token has already been used to initiate a session: call /api/v1/authorize for a new token before each session'

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

// JwtBearer writes expiry times with the invariant culture: 01/15/2025 10:30:00 (UTC).
function invariantTime(ms: number): string {
  const d = new Date(ms)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`
}

/** Creates the token store. */
export function createTokenStore(options: { ttlSeconds: number, maxTokens: number, clocks: ClockRegistry, ids: Ids }): TokenStore {
  const { ttlSeconds, maxTokens, clocks, ids } = options
  const tokens = new Map<string, Token>()
  // The tokens in issue order. The lifetime is one for all, and a clock only moves forward (a
  // reset, which moves it back, forgets the tokens it timed), so a client's tokens expire in issue
  // order: the oldest token is the first expired (on a shared clock, of all), and evicting it
  // evicts the expired first, without a scan (clients on own clocks: the oldest issued).
  const order = createRing<Token>(maxTokens)

  // Whether a token has been kept twice (read again from the shared store): until one has, the
  // token the ring evicts is the one the map holds, and is deleted without looking it up (issue 11).
  let keptTwice = false
  const add = (token: Token) => {
    const before = tokens.size
    tokens.set(lowerCase(token.token), token)
    if (tokens.size === before) keptTwice = true
    const evicted = order.push(token)
    if (evicted === undefined) return
    // A token read again from the shared store is in the ring twice: its older copy goes alone.
    const key = lowerCase(evicted.token)
    if (!keptTwice || tokens.get(key) === evicted) tokens.delete(key)
  }

  return {
    issue(clientId, made = ids) {
      const token: Token = { token: made.uuid(), clientId, expiresAtMs: clocks.of(clientId).now() + ttlSeconds * 1000 }
      add(token)
      return token
    },
    add,
    get: value => tokens.get(lowerCase(value)),
    check(value, forInitiate, found) {
      const token = found === undefined ? tokens.get(lowerCase(value)) : found ?? undefined
      // A token kept is a GUID: the format is checked only for a value not found (issue 11).
      if (token === undefined) {
        return guid.test(value)
          ? { reason: 'unknown', description: 'The token is not known: it was never issued, or it was reset' }
          : { reason: 'malformed', description: 'The token is malformed: access tokens are GUIDs issued by /api/v1/authorize' }
      }
      if (token.expiresAtMs <= clocks.of(token.clientId).now()) return { reason: 'expired', description: `The token expired at '${invariantTime(token.expiresAtMs)}'`, clientId: token.clientId }
      if (forInitiate && token.sessionId !== undefined) return { reason: 'spent', description: spentTokenDescription, clientId: token.clientId }
      return token
    },
    claim(token) {
      if (token.sessionId !== undefined) return false
      token.sessionId = ''
      return true
    },
    release(token) {
      if (token.sessionId === '') delete token.sessionId
    },
    spend(token, sessionId) {
      token.sessionId = sessionId
    },
    clear(clientId) {
      order.retain(token => clientId !== undefined && token.clientId !== clientId)
      if (clientId === undefined) tokens.clear()
      else for (const [key, token] of tokens) if (token.clientId === clientId) tokens.delete(key)
    },
    get size() {
      return tokens.size
    },
    ttlSeconds
  }
}
