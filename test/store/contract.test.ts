/** The store's contract, run against both implementations: memory, and a real redis-server. */
import { randomUUID } from 'node:crypto'
import { EventEmitter, once } from 'node:events'
import t, { type Test } from 'tap'
import { createClockRegistry } from '../../src/clock.js'
import { createTokenStore, type Token } from '../../src/auth/token-store.js'
import { createScenarioSet } from '../../src/scenarios/matcher.js'
import type { Session } from '../../src/sessions/lifecycle.js'
import { createSessionStore } from '../../src/sessions/store.js'
import { connectRedis } from '../../src/store/connect.js'
import { createMemoryStore } from '../../src/store/memory.js'
import { createRedisStore } from '../../src/store/redis.js'
import { createSessionDecoder } from '../../src/store/session-codec.js'
import type { Store, StoreLimits } from '../../src/store/types.js'
import { countingIds, fakeTime } from '../helpers/fakes.js'
import { inlineScenario, makeSession } from '../helpers/sessions.js'
import { startRedis } from './redis-server.js'

const limits: StoreLimits = { maxSessions: 3, maxTokens: 3, logSizes: { journal: 3, outbox: 3, deliveries: 3 } }
const nowMs = Date.parse('2026-06-04T14:30:00.000Z')

/** A session of `clientId` with a fresh id. */
function sessionOf(clientId: string, scenario = inlineScenario({ flow: [{ afterSeconds: 5, status: 'Completed' }] })): Session {
  const { session } = makeSession({ scenario })
  return { ...session, id: randomUUID(), clientId }
}
const tokenOf = (clientId: string, expiresAtMs = nowMs + 60_000): Token => ({ token: randomUUID(), clientId, expiresAtMs })

type Make = (t: Test) => Promise<Store>

const makeMemory: Make = async () => {
  const { clock } = fakeTime()
  const clocks = createClockRegistry(clock)
  return createMemoryStore({ sessions: createSessionStore(limits.maxSessions), tokens: createTokenStore({ ttlSeconds: 60, maxTokens: limits.maxTokens, clocks, ids: countingIds() }), clocks }, limits)
}

const makeRedis: Make = async t => {
  const server = await startRedis(t)
  const redis = await connectRedis(server.url)
  t.teardown(() => redis.disconnect())
  return createRedisStore({ redis, clientIds: ['a', 'b'], limits, decodeSession: createSessionDecoder({ current: createScenarioSet([]) }) })
}

for (const [name, make] of [['memory', makeMemory], ['redis', makeRedis]] as const) {
  t.test(`the ${name} store`, async t => {
    t.test('a session is read back as written, by any client or its own only', async t => {
      const store = await make(t)
      const session = sessionOf('a')
      t.equal(await store.putSession(session, 0), 1)
      const stored = await store.getSession(session.id.toUpperCase())
      t.equal(stored?.version, 1)
      t.strictSame(JSON.parse(JSON.stringify(stored?.session)), JSON.parse(JSON.stringify(session)))
      t.equal((await store.getSession(session.id, 'a'))?.session.id, session.id)
      t.equal(await store.getSession(session.id, 'b'), undefined)
      t.equal(await store.getSession(randomUUID()), undefined)
    })

    t.test('a write naming an old version is refused: the first writer wins', async t => {
      const store = await make(t)
      const session = sessionOf('a')
      await store.putSession(session, 0)
      const first = (await store.getSession(session.id)) as { session: Session, version: number }
      const second = (await store.getSession(session.id)) as { session: Session, version: number }
      t.equal(await store.putSession({ ...first.session, amount: 1 }, first.version), 2)
      t.equal(await store.putSession({ ...second.session, amount: 2 }, second.version), undefined)
      t.equal(await store.putSession(sessionOf('a'), 1), undefined, 'a version for a session never written')
      t.equal(await store.putSession(session, 0), undefined, 'a second creation of the same id')
      t.equal((await store.getSession(session.id))?.session.amount, 1)
    })

    t.test('past the cap, the oldest session of a client goes', async t => {
      const store = await make(t)
      const sessions = [sessionOf('a'), sessionOf('a'), sessionOf('a'), sessionOf('a')]
      for (const session of sessions) await store.putSession(session, 0)
      t.equal(await store.getSession(sessions[0]?.id as string), undefined)
      t.strictSame((await store.listSessions('a')).sessions.map(s => s.session.id), sessions.slice(1).map(s => s.id))
    })

    t.test('sessions are listed oldest first, a page at a time, per client or all', async t => {
      const store = await make(t)
      const a1 = sessionOf('a')
      const b1 = sessionOf('b')
      const a2 = sessionOf('a')
      for (const session of [a1, b1, a2]) await store.putSession(session, 0)
      const first = await store.listSessions('a', undefined, 1)
      t.strictSame(first.sessions.map(s => s.session.id), [a1.id])
      const second = await store.listSessions('a', first.cursor, 1)
      t.strictSame(second.sessions.map(s => s.session.id), [a2.id])
      const ids: string[] = []
      let cursor: string | undefined
      do {
        const page = await store.listSessions(undefined, cursor, 1)
        ids.push(...page.sessions.map(s => s.session.id))
        cursor = page.cursor
      } while (cursor !== undefined)
      t.strictSame(ids.sort(), [a1.id, a2.id, b1.id].sort())
      t.strictSame(await store.listSessions('nobody'), { sessions: [], cursor: undefined })
    })

    t.test('a token is claimed once, however many claim it at the same time', async t => {
      const store = await make(t)
      const token = tokenOf('b')
      await store.putToken(token)
      const claims = await Promise.all(Array.from({ length: 50 }, () => store.claimToken(token.token, nowMs, nowMs)))
      t.equal(claims.filter(c => c === 'held').length, 1)
      t.equal(claims.filter(c => c === 'spent').length, 49)
      await store.releaseToken(token.token)
      t.equal(await store.claimToken(token.token.toUpperCase(), nowMs, nowMs), 'held', 'a released token can be claimed again')
      await store.spendToken(token.token, 'the-session')
      t.equal((await store.getToken(token.token))?.sessionId, 'the-session')
      await store.releaseToken(token.token)
      t.equal(await store.claimToken(token.token, nowMs, nowMs), 'spent', 'a spent token is not given back')
    })

    t.test('an unknown or expired token is refused and says why; an expired one is read back with its client, which a refusal names', async t => {
      const store = await make(t)
      const token = tokenOf('a', nowMs)
      await store.putToken(token)
      t.equal(await store.claimToken(token.token, nowMs, nowMs), 'expired')
      t.equal(await store.claimToken(randomUUID(), nowMs, nowMs), 'unknown')
      t.strictSame(await store.getToken(token.token), { token: token.token, clientId: 'a', expiresAtMs: nowMs })
      t.equal(await store.getToken(randomUUID()), undefined)
    })

    t.test('past the token cap, the oldest token goes', async t => {
      const store = await make(t)
      const tokens = [tokenOf('a'), tokenOf('a'), tokenOf('a'), tokenOf('a')]
      for (const token of tokens) await store.putToken(token)
      t.equal(await store.getToken((tokens[0] as Token).token), undefined)
      t.equal((await store.getToken((tokens[3] as Token).token))?.clientId, 'a')
    })

    t.test('logs number their records in one sequence and keep the newest', async t => {
      const store = await make(t)
      for (const [clientId, n] of [['a', 1], ['b', 2], [null, 3], ['a', 4]] as const) t.equal(await store.append('journal', clientId, { n }), n)
      t.strictSame(await store.list('journal'), [{ seq: 2, clientId: 'b', item: { n: 2 } }, { seq: 3, clientId: null, item: { n: 3 } }, { seq: 4, clientId: 'a', item: { n: 4 } }])
      t.strictSame(await store.list('journal', 'a'), [{ seq: 4, clientId: 'a', item: { n: 4 } }])
      t.strictSame(await store.list('outbox'), [])
    })

    t.test('the clock setting is shared', async t => {
      const store = await make(t)
      t.strictSame(await store.readClock(), { offsetMs: 0, frozenAtMs: null })
      await store.writeClock({ offsetMs: 5000, frozenAtMs: nowMs })
      t.strictSame(await store.readClock(), { offsetMs: 5000, frozenAtMs: nowMs })
      await store.writeClock({ offsetMs: 7000, frozenAtMs: null })
      t.strictSame(await store.readClock(), { offsetMs: 7000, frozenAtMs: null })
      await store.initClock({ offsetMs: 1, frozenAtMs: 2 })
      t.strictSame(await store.readClock(), { offsetMs: 7000, frozenAtMs: null }, 'a joining replica takes the stored setting')
    })

    t.test('a client\'s own clock is given once, moved, listed in the order given, and dropped', async t => {
      const store = await make(t)
      t.strictSame(await store.readOwnClocks(), [])
      await store.initOwnClock('b', { offsetMs: 1000, frozenAtMs: nowMs })
      await store.initOwnClock('a', { offsetMs: 2000, frozenAtMs: null })
      await store.initOwnClock('b', { offsetMs: 9000, frozenAtMs: null })
      t.strictSame(await store.readOwnClocks(), [
        { clientId: 'b', setting: { offsetMs: 1000, frozenAtMs: nowMs } },
        { clientId: 'a', setting: { offsetMs: 2000, frozenAtMs: null } }
      ], 'a clock given again is kept: a replica that restarts takes it')
      await store.writeOwnClock('b', { offsetMs: 5000, frozenAtMs: null })
      t.strictSame(await store.readOwnClocks(), [
        { clientId: 'b', setting: { offsetMs: 5000, frozenAtMs: null } },
        { clientId: 'a', setting: { offsetMs: 2000, frozenAtMs: null } }
      ])
      await store.dropOwnClock('b')
      await store.writeOwnClock('b', { offsetMs: 7000, frozenAtMs: null })
      t.strictSame(await store.readOwnClocks(), [{ clientId: 'a', setting: { offsetMs: 2000, frozenAtMs: null } }], 'a dropped clock is not moved back into being')
      await store.initOwnClock('b', { offsetMs: 0, frozenAtMs: nowMs })
      t.strictSame((await store.readOwnClocks()).map(own => own.clientId), ['a', 'b'], 'given again: last in the order')
      t.strictSame(await store.readClock(), { offsetMs: 0, frozenAtMs: null }, 'the shared clock stays')
    })

    t.test('a token is claimed on its client\'s own clock when it has one', async t => {
      const store = await make(t)
      const [ahead, running, shared] = [tokenOf('a'), tokenOf('b'), tokenOf('a')]
      for (const token of [ahead, running, shared]) await store.putToken(token)
      await store.initOwnClock('a', { offsetMs: 0, frozenAtMs: ahead.expiresAtMs })
      t.equal(await store.claimToken(ahead.token, nowMs, nowMs), 'expired', 'frozen at the expiry')
      await store.initOwnClock('b', { offsetMs: 60_000, frozenAtMs: null })
      t.equal(await store.claimToken(running.token, nowMs, nowMs), 'expired', 'running 60 s ahead of real time')
      await store.dropOwnClock('a')
      t.equal(await store.claimToken(shared.token, nowMs, nowMs), 'held', 'back on the shared clock')
    })

    t.test('a reset drops a client\'s own clock, or every one', async t => {
      const store = await make(t)
      await store.initOwnClock('a', { offsetMs: 1000, frozenAtMs: null })
      await store.initOwnClock('b', { offsetMs: 2000, frozenAtMs: null })
      await store.reset('a')
      t.strictSame(await store.readOwnClocks(), [{ clientId: 'b', setting: { offsetMs: 2000, frozenAtMs: null } }])
      await store.initOwnClock('a', { offsetMs: 3000, frozenAtMs: null })
      await store.reset()
      t.strictSame(await store.readOwnClocks(), [])
    })

    t.test('a reset forgets one client, or everything with the clock and the numbering', async t => {
      const store = await make(t)
      const a = sessionOf('a')
      const b = sessionOf('b')
      const tokenA = tokenOf('a')
      const tokenB = tokenOf('b')
      for (const session of [a, b]) await store.putSession(session, 0)
      for (const token of [tokenA, tokenB]) await store.putToken(token)
      await store.append('outbox', 'a', 1)
      await store.append('outbox', 'b', 2)
      await store.writeClock({ offsetMs: 1000, frozenAtMs: null })
      await store.reset('a')
      t.equal(await store.getSession(a.id), undefined)
      t.equal(await store.getToken(tokenA.token), undefined)
      t.equal((await store.getSession(b.id))?.session.id, b.id)
      t.equal((await store.getToken(tokenB.token))?.clientId, 'b')
      t.strictSame((await store.list('outbox')).map(r => r.item), [2])
      t.strictSame(await store.readClock(), { offsetMs: 1000, frozenAtMs: null })
      await store.reset()
      t.equal(await store.getSession(b.id), undefined)
      t.equal(await store.getToken(tokenB.token), undefined)
      t.strictSame(await store.list('outbox'), [])
      t.strictSame(await store.readClock(), { offsetMs: 0, frozenAtMs: null })
      t.equal(await store.append('outbox', 'a', 3), 1)
    })

    t.test('the seeded stream\'s blocks are numbered from 1, and from 1 again after a reset', async t => {
      const store = await make(t)
      t.equal(await store.nextIdBlock(), 1)
      t.equal(await store.nextIdBlock(), 2)
      await store.reset('a')
      t.equal(await store.nextIdBlock(), 3, 'a client\'s reset leaves the shared stream')
      await store.reset()
      t.equal(await store.nextIdBlock(), 1)
    })

    t.test('the store answers while it is up', async t => {
      const store = await make(t)
      t.equal(await store.ping(), undefined)
    })

    t.test('a replica hears the others\' events, never its own', async t => {
      const store = await make(t)
      const heard: unknown[] = []
      await store.subscribe(event => heard.push(event))
      await store.broadcast({ type: 'reload' })
      t.strictSame(heard, [])
      await store.close()
    })
  })
}

t.test('a session whose scenario a reload removed or changed reads with the scenario it was made with', async t => {
  const server = await startRedis(t)
  const redis = await connectRedis(server.url)
  t.teardown(() => redis.disconnect())
  const original = inlineScenario({ flow: [{ afterSeconds: 5, status: 'Completed' }] }, 'Kept')
  const holder = { current: createScenarioSet([original]) }
  const store = createRedisStore({ redis, clientIds: ['a'], limits, decodeSession: createSessionDecoder(holder) })
  const session = sessionOf('a', original)
  await store.putSession(session, 0)
  t.equal((await store.getSession(session.id))?.session.scenario, original, 'the scenario in effect, shared')
  holder.current = createScenarioSet([inlineScenario({ flow: [{ afterSeconds: 9, status: 'Failed' }] }, 'Kept')])
  t.strictSame((await store.getSession(session.id))?.session.scenario, original, 'changed: its own copy')
  holder.current = createScenarioSet([])
  const read = (await store.getSession(session.id))?.session
  t.strictSame(read?.scenario, original, 'removed: its own copy')
  t.equal(read?.lifecycle.flow[0]?.status, 'Completed')
})

t.test('the first replica on an empty Redis shares its clock', async t => {
  const frozen = await makeRedis(t)
  await frozen.initClock({ offsetMs: 0, frozenAtMs: nowMs })
  t.strictSame(await frozen.readClock(), { offsetMs: 0, frozenAtMs: nowMs })
  const running = await makeRedis(t)
  await running.initClock({ offsetMs: 2000, frozenAtMs: null })
  t.strictSame(await running.readClock(), { offsetMs: 2000, frozenAtMs: null })
})

t.test('resets and reloads published by one replica reach the others', async t => {
  const server = await startRedis(t)
  const replica = async () => {
    const redis = await connectRedis(server.url)
    const store = createRedisStore({ redis, clientIds: ['a'], limits, decodeSession: createSessionDecoder({ current: createScenarioSet([]) }) })
    t.teardown(() => store.close())
    return store
  }
  const a = await replica()
  const b = await replica()
  const events = new EventEmitter()
  await b.subscribe(event => events.emit('event', event))
  for (const event of [{ type: 'reset', clientId: 'a' }, { type: 'reload' }] as const) {
    const heard = once(events, 'event')
    await a.broadcast(event)
    t.strictSame(await heard, [event])
  }
})

t.test('a session lock is held by one request at a time, and given up after a while', async t => {
  const server = await startRedis(t)
  const redis = await connectRedis(server.url)
  t.teardown(() => redis.disconnect())
  const store = createRedisStore({ redis, clientIds: ['a'], limits, decodeSession: createSessionDecoder({ current: createScenarioSet([]) }) })
  const id = randomUUID()
  const release = await store.lockSession(id)
  const order: string[] = []
  const second = store.lockSession(id).then(next => {
    order.push('second')
    return next
  })
  order.push('first')
  await release?.()
  const releaseSecond = await second
  t.strictSame(order, ['first', 'second'])
  const started = Date.now()
  t.equal(await store.lockSession(id), undefined, 'a lock never released is waited for in vain')
  t.ok(Date.now() - started >= 2000)
  await server.stop()
  t.equal(await releaseSecond?.(), undefined, 'a release without Redis does not throw: the lock expires by itself')
})

t.test('a session the mock added itself is at version 1 in memory', async t => {
  const { clock } = fakeTime()
  const sessions = createSessionStore(3)
  const store = createMemoryStore({ sessions, tokens: createTokenStore({ ttlSeconds: 60, maxTokens: 3, clocks: createClockRegistry(clock), ids: countingIds() }), clocks: createClockRegistry(clock) }, limits)
  const session = sessionOf('a')
  sessions.add(session)
  t.equal(store.getSession(session.id)?.version, 1)
  t.equal(store.listSessions(undefined).sessions[0]?.version, 1)
  t.equal(store.putSession({ ...session, amount: 3 }, 1), 2)
  t.equal(session.amount, 3, 'another copy is written into the stored object')
})
