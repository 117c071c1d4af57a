import t from 'tap'
import { createClockRegistry } from '../../src/clock.js'
import { createTokenStore, type Token, type TokenRefusal } from '../../src/auth/token-store.js'
import { countingIds, fakeTime } from '../helpers/fakes.js'

function store(options: { ttlSeconds?: number, maxTokens?: number } = {}) {
  const { clock } = fakeTime('2026-06-04T14:30:00.000Z')
  clock.freeze()
  const tokens = createTokenStore({ ttlSeconds: options.ttlSeconds ?? 599, maxTokens: options.maxTokens ?? 10, clocks: createClockRegistry(clock), ids: countingIds() })
  return { tokens, clock }
}

const refusal = (result: Token | TokenRefusal) => ('reason' in result ? result : undefined)

t.test('issue gives a GUID token for the client that expires after the lifetime', async t => {
  const { tokens, clock } = store()
  const token = tokens.issue('acme')
  t.strictSame(token, { token: '00000000-0000-4000-8000-000000000001', clientId: 'acme', expiresAtMs: clock.now() + 599_000 })
  t.equal(tokens.size, 1)
  t.equal(tokens.ttlSeconds, 599)
})

t.test('a valid token checks out, in any letter case, for reads and for initiate', async t => {
  const { tokens } = store()
  const token = tokens.issue('acme')
  t.equal(tokens.check(token.token, true), token)
  t.equal(tokens.check(token.token.toUpperCase(), false), token)
})

t.test('a token is valid until just before expiresAt, and expired at exactly expiresAt; the refusal names its client', async t => {
  const { tokens, clock } = store({ ttlSeconds: 299 })
  const token = tokens.issue('acme')
  clock.advance(298.999)
  t.equal(tokens.check(token.token, false), token)
  clock.advance(0.001)
  t.strictSame(tokens.check(token.token, false), { reason: 'expired', description: "The token expired at '06/04/2026 14:34:59'", clientId: 'acme' })
  t.strictSame(tokens.check(token.token, true), { reason: 'expired', description: "The token expired at '06/04/2026 14:34:59'", clientId: 'acme' })
})

t.test('the expiry time is written as JwtBearer writes it, month first, 24-hour, UTC', async t => {
  const { clock } = fakeTime('2025-01-15T10:25:01.000Z')
  clock.freeze()
  const tokens = createTokenStore({ ttlSeconds: 299, maxTokens: 10, clocks: createClockRegistry(clock), ids: countingIds() })
  const token = tokens.issue('acme')
  clock.advance(3600)
  t.strictSame(tokens.check(token.token, false), { reason: 'expired', description: "The token expired at '01/15/2025 10:30:00'", clientId: 'acme' })
})

t.test('a token that is not a GUID is malformed', async t => {
  const { tokens } = store()
  for (const value of ['', 'abc', '00000000-0000-4000-8000-00000000000', '00000000-0000-4000-8000-000000000001x', 'eyJhbGciOiJIUzI1NiJ9.e30.x']) {
    t.strictSame(tokens.check(value, false), { reason: 'malformed', description: 'The token is malformed: access tokens are GUIDs issued by /api/v1/authorize' }, value)
  }
})

t.test('a GUID that was never issued is unknown', async t => {
  const { tokens } = store()
  t.strictSame(tokens.check('8b4e3c64-4bd8-4a44-8d43-9a3a7f1c2f10', false), { reason: 'unknown', description: 'The token is not known: it was never issued, or it was reset' })
})

t.test('a spent token is refused for initiate only, naming its client', async t => {
  const { tokens } = store()
  const token = tokens.issue('acme')
  tokens.spend(token, 'session-1')
  t.equal(token.sessionId, 'session-1')
  t.strictSame(tokens.check(token.token, true), { reason: 'spent', description: 'The token has already been used to initiate a session: call /api/v1/authorize for a new token before each session', clientId: 'acme' })
  t.equal(tokens.check(token.token, false), token)
})

t.test('when full, issuing evicts the expired tokens first', async t => {
  const { tokens, clock } = store({ ttlSeconds: 60, maxTokens: 3 })
  const old = tokens.issue('acme')
  clock.advance(30)
  const a = tokens.issue('acme')
  const b = tokens.issue('acme')
  clock.advance(30)
  const c = tokens.issue('acme')
  t.equal(tokens.size, 3)
  t.equal(refusal(tokens.check(old.token, false))?.reason, 'unknown')
  for (const kept of [a, b, c]) t.equal(tokens.check(kept.token, false), kept)
})

t.test('when full of valid tokens, issuing evicts the oldest', async t => {
  const { tokens } = store({ maxTokens: 2 })
  const first = tokens.issue('acme')
  const second = tokens.issue('globex')
  const third = tokens.issue('acme')
  t.equal(tokens.size, 2)
  t.equal(refusal(tokens.check(first.token, false))?.reason, 'unknown')
  t.equal(tokens.check(second.token, false), second)
  t.equal(tokens.check(third.token, false), third)
})

t.test('when full of expired tokens, issuing evicts the oldest one, and the others still read as expired', async t => {
  const { tokens, clock } = store({ ttlSeconds: 60, maxTokens: 2 })
  const first = tokens.issue('acme')
  const second = tokens.issue('acme')
  clock.advance(60)
  const third = tokens.issue('acme')
  t.equal(tokens.size, 2)
  t.equal(refusal(tokens.check(first.token, false))?.reason, 'unknown')
  t.equal(refusal(tokens.check(second.token, false))?.reason, 'expired')
  t.equal(tokens.check(third.token, false), third)
})

t.test('after a client\'s tokens are cleared, the others are still evicted oldest first', async t => {
  const { tokens } = store({ maxTokens: 3 })
  const a1 = tokens.issue('acme')
  const g1 = tokens.issue('globex')
  tokens.issue('acme')
  tokens.clear('acme')
  t.equal(refusal(tokens.check(a1.token, false))?.reason, 'unknown')
  const g2 = tokens.issue('globex')
  const g3 = tokens.issue('globex')
  t.equal(tokens.size, 3)
  const g4 = tokens.issue('globex')
  t.equal(tokens.size, 3)
  t.equal(refusal(tokens.check(g1.token, false))?.reason, 'unknown')
  for (const kept of [g2, g3, g4]) t.equal(tokens.check(kept.token, false), kept)
})

t.test('issuing past the bound touches one stored token, with 10 tokens as with 1,000,000', async t => {
  for (const maxTokens of [10, 1_000_000]) {
    const { tokens, clock } = store({ ttlSeconds: 60, maxTokens })
    const touched = new Set<Token>()
    const counting = { on: false }
    for (let n = 0; n < maxTokens; n++) {
      const token = tokens.issue('acme')
      // Every field of every stored token notes a read while counting: a scan would read them all.
      for (const key of ['token', 'clientId', 'expiresAtMs'] as const) {
        const value = token[key]
        Object.defineProperty(token, key, {
          get() {
            if (counting.on) touched.add(token)
            return value
          }
        })
      }
    }
    const [first, second] = [tokens.check('00000000-0000-4000-8000-000000000001', false), tokens.check('00000000-0000-4000-8000-000000000002', false)]
    clock.advance(60)
    counting.on = true
    tokens.issue('acme')
    counting.on = false
    t.strictSame([...touched], [first], `one of ${maxTokens} tokens, the oldest, is touched`)
    t.equal(tokens.size, maxTokens)
    t.equal(refusal(tokens.check((second as Token).token, false))?.reason, 'expired', 'the next expired token is kept until its turn')
  }
})

t.test('clear forgets the tokens of one client, or all', async t => {
  const { tokens } = store()
  const a = tokens.issue('acme')
  const g = tokens.issue('globex')
  tokens.clear('acme')
  t.equal(tokens.size, 1)
  t.equal(refusal(tokens.check(a.token, false))?.reason, 'unknown')
  t.equal(tokens.check(g.token, false), g)
  tokens.clear('nobody')
  t.equal(tokens.size, 1)
  tokens.clear()
  t.equal(tokens.size, 0)
})

t.test('a token made elsewhere is kept, replacing one of its value; a request\'s own copy is checked instead', async t => {
  const { tokens } = store({ maxTokens: 2 })
  const issued = tokens.issue('acme')
  const copy: Token = { ...issued, sessionId: '' }
  tokens.add(copy)
  t.equal(tokens.get(issued.token.toUpperCase()), copy)
  t.equal(tokens.size, 1)
  tokens.issue('acme')
  t.equal(tokens.get(issued.token), copy, 'the older copy goes first, and leaves the newer in place')
  tokens.issue('acme')
  t.equal(tokens.get(issued.token), undefined, 'then the newer goes in its turn')
  const found: Token = { token: issued.token, clientId: 'acme', expiresAtMs: Date.parse('2026-06-04T15:00:00.000Z') }
  t.equal(tokens.check(issued.token, true, found), found)
  const expired: Token = { ...found, clientId: 'other', expiresAtMs: Date.parse('2026-06-04T14:00:00.000Z') }
  t.match(refusal(tokens.check(issued.token, false, expired)), { reason: 'expired', clientId: 'other' }, 'an expired copy names the client it was read under')
  t.match(refusal(tokens.check(issued.token, true, null)), { reason: 'unknown' }, 'not in the shared store: unknown, whatever this process holds')
})
