/** The copies of stored sessions in one process, and their versions. */
import t from 'tap'
import { createClockRegistry } from '../../src/clock.js'
import { createTokenStore } from '../../src/auth/token-store.js'
import { createSessionStore } from '../../src/sessions/store.js'
import { createMemoryStore } from '../../src/store/memory.js'
import { createSharedSessions } from '../../src/store/shared-sessions.js'
import { countingIds, fakeTime } from '../helpers/fakes.js'
import { makeSession } from '../helpers/sessions.js'

t.test('a session made here and never written is saved as a new one, then at its version', async t => {
  const { clock } = fakeTime()
  const limits = { maxSessions: 3, maxTokens: 3, logSizes: { journal: 3, outbox: 3, deliveries: 3 } }
  const store = createMemoryStore({ sessions: createSessionStore(3), tokens: createTokenStore({ ttlSeconds: 60, maxTokens: 3, clocks: createClockRegistry(clock), ids: countingIds() }), clocks: createClockRegistry(clock) }, limits)
  const shared = createSharedSessions(store, createSessionStore(3))
  const { session } = makeSession()
  t.equal(await shared.save(session), true)
  t.equal(store.getSession(session.id)?.version, 1)
  t.equal(await shared.save(session), true)
  t.equal(store.getSession(session.id)?.version, 2)
  t.equal(await shared.save({ ...session }), false, 'another copy, never read: refused')
})
