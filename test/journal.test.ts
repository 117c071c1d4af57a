import t from 'tap'
import { createJournal, type JournalEntry } from '../src/journal.js'

/** An exchange as the journaling hook records it. */
const exchange = (overrides: Partial<Omit<JournalEntry, 'id'>> = {}): Omit<JournalEntry, 'id'> => ({
  at: '2026-06-04T14:30:00.000Z',
  method: 'GET',
  path: '/api/v2/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6/status',
  query: {},
  headers: {},
  body: null,
  response: { status: 200, contentType: 'application/json; charset=utf-8', body: null },
  clientId: 'acme',
  referenceId: null,
  sessionId: null,
  scenario: null,
  ...overrides
})

const ids = (entries: JournalEntry[]) => entries.map(e => e.id)

t.test('entries are numbered from 1 and listed oldest first', async t => {
  const journal = createJournal(10)
  t.equal(journal.enabled, true)
  journal.record(exchange({ method: 'POST' }))
  journal.record(exchange())
  t.strictSame(journal.list(), [{ id: 1, ...exchange({ method: 'POST' }) }, { id: 2, ...exchange() }])
  t.equal(journal.count(), 2)
})

t.test('a journal of size 0 is off: it records nothing', async t => {
  const journal = createJournal(0)
  t.equal(journal.enabled, false)
  journal.record(exchange())
  t.strictSame(journal.list(), [])
  t.equal(journal.count(), 0)
})

t.test('only the newest `size` entries are kept, however many came', async t => {
  const journal = createJournal(3)
  for (let i = 0; i < 10; i++) journal.record(exchange())
  t.strictSame(ids(journal.list()), [8, 9, 10])
  t.equal(journal.count(), 3)
})

t.test('every given filter must match: path prefix in any case, method in any case, status, client, referenceId, sessionId', async t => {
  const journal = createJournal(10)
  journal.record(exchange({ method: 'POST', path: '/api/v1/authorize', clientId: 'acme' }))
  journal.record(exchange({ method: 'POST', path: '/api/v2/sessions', response: { status: 201, contentType: null, body: null }, referenceId: 'R1', sessionId: 'S1' }))
  journal.record(exchange({ path: '/api/v2/sessions/S1/status', referenceId: 'R1', sessionId: 'S1', clientId: 'other' }))
  t.strictSame(ids(journal.list({ path: '/API/V2/' })), [2, 3])
  t.strictSame(ids(journal.list({ method: 'post' })), [1, 2])
  t.strictSame(ids(journal.list({ status: 201 })), [2])
  t.strictSame(ids(journal.list({ clientId: 'other' })), [3])
  t.strictSame(ids(journal.list({ referenceId: 'R1', method: 'GET' })), [3])
  t.strictSame(ids(journal.list({ sessionId: 'S1', clientId: 'acme' })), [2])
  t.equal(journal.count({ path: '/api/v2/sessions' }), 2)
  t.equal(journal.count({ status: 500 }), 0)
})

t.test('clear forgets one client\'s entries, keeping the numbering; or all, restarting it', async t => {
  const journal = createJournal(10)
  journal.record(exchange({ clientId: 'acme' }))
  journal.record(exchange({ clientId: 'other' }))
  journal.clear('acme')
  t.strictSame(ids(journal.list()), [2])
  journal.record(exchange())
  t.strictSame(ids(journal.list()), [2, 3])
  journal.clear()
  t.strictSame(journal.list(), [])
  journal.record(exchange())
  t.strictSame(ids(journal.list()), [1])
})

t.test('an exchange recorded for later is built on the first read only, and filed under its client meanwhile', async t => {
  const journal = createJournal(10)
  let builds = 0
  journal.recordLater('acme', {
    build: () => {
      builds++
      return exchange({ method: 'POST' })
    }
  })
  t.equal(builds, 0, 'nothing is built when recorded')
  t.strictSame(journal.list({ clientId: 'other' }), [])
  t.equal(builds, 0, 'nor when another client is read')
  t.strictSame(journal.list(), [{ id: 1, ...exchange({ method: 'POST' }) }])
  t.equal(journal.count({ method: 'POST' }), 1)
  t.equal(builds, 1)
  createJournal(0).recordLater('acme', { build: () => t.fail('an off journal builds nothing') as never })
})

t.test('a journal restored from the shared one keeps its numbers and numbers on after them', async t => {
  const journal = createJournal(5)
  journal.record(exchange())
  journal.restore([{ id: 4, ...exchange({ clientId: 'a' }) }, { id: 9, ...exchange({ clientId: 'b' }) }])
  journal.record(exchange())
  t.strictSame(journal.list().map(e => e.id), [4, 9, 10])
  journal.restore([])
  journal.record(exchange())
  t.strictSame(journal.list().map(e => e.id), [1])
})

t.test('the text recorded with an exchange comes back to its builder, after evictions, a clear and growth', async t => {
  const journal = createJournal(3)
  const pending = (n: number) => ({ build: (text: string) => exchange({ clientId: n % 2 === 0 ? 'even' : 'odd', body: text }) })
  // Each text larger than the last: the ring they are kept in grows, moving the ones held.
  for (let n = 1; n <= 10; n++) journal.recordLater(n % 2 === 0 ? 'even' : 'odd', pending(n), [`${n}:`, 'é'.repeat(n * 5000)])
  t.strictSame(journal.list().map(e => (e.body as string).split(':')[0]), ['8', '9', '10'])
  journal.recordLater('odd', pending(11), ['11:'])
  journal.clear('even')
  journal.recordLater('odd', pending(13), ['13:', '', '🙂'])
  t.strictSame(journal.list().map(e => e.body), [`9:${'é'.repeat(45000)}`, '11:', '13:🙂'])
})

t.test('an entry pushed out hands back its pending exchange when it was never built, and its object holds the next entry', async t => {
  const journal = createJournal(2)
  const pending = (n: number) => ({ build: (text: string) => exchange({ body: `${n}:${text}` }) })
  const made = [1, 2, 3, 4, 5].map(pending)
  t.equal(journal.recordLater('acme', made[0] as never, ['one']), undefined)
  t.equal(journal.recordLater('acme', made[1] as never, ['two']), undefined, 'nothing is pushed out below the bound')
  t.equal(journal.recordLater('acme', made[2] as never, ['three']), made[0], 'the first, never built, comes back')
  t.strictSame(journal.list().map(e => [e.id, e.body]), [[2, '2:two'], [3, '3:three']])
  t.equal(journal.recordLater('other', made[3] as never, ['four']), undefined, 'a built entry has no pending exchange to hand back')
  journal.record(exchange({ body: 'whole' }))
  t.equal(journal.recordLater('acme', made[4] as never, ['five']), made[3])
  t.strictSame(journal.list().map(e => [e.id, e.clientId, e.body]), [[5, 'acme', 'whole'], [6, 'acme', '5:five']])
  t.strictSame([journal.count({ clientId: 'acme' }), journal.count({ clientId: 'other' })], [2, 0], 'an object used again is filed under its new client')
})
