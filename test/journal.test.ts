import t from 'tap'
import { createJournal, PendingExchange, type Exchange, type JournalEntry } from '../src/journal.js'

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

/** An exchange of `clientId` recorded for later, whose entry `make` builds from its text. */
class Later extends PendingExchange {
  constructor (clientId: string | null, private readonly make: (text: string) => Exchange) {
    super()
    this.clientId = clientId
  }

  build(text: string): Exchange {
    return this.make(text)
  }
}

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
  journal.recordLater(new Later('acme', () => {
    builds++
    return exchange({ method: 'POST' })
  }))
  t.equal(builds, 0, 'nothing is built when recorded')
  t.strictSame(journal.list({ clientId: 'other' }), [])
  t.equal(builds, 0, 'nor when another client is read')
  t.strictSame(journal.list(), [{ id: 1, ...exchange({ method: 'POST' }) }])
  t.equal(journal.count({ method: 'POST' }), 1)
  t.equal(builds, 1)
  t.equal(createJournal(0).recordLater(new Later('acme', () => t.fail('an off journal builds nothing') as never)), undefined)
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
  const pending = (n: number) => new Later(n % 2 === 0 ? 'even' : 'odd', text => exchange({ clientId: n % 2 === 0 ? 'even' : 'odd', body: text }))
  // Each text larger than the last: the ring they are kept in grows, moving the ones held.
  for (let n = 1; n <= 10; n++) journal.recordLater(pending(n), [`${n}:`, 'é'.repeat(n * 5000)])
  t.strictSame(journal.list().map(e => (e.body as string).split(':')[0]), ['8', '9', '10'])
  journal.recordLater(pending(11), ['11:'])
  journal.clear('even')
  journal.recordLater(pending(13), ['13:', '', '🙂'])
  t.strictSame(journal.list().map(e => e.body), [`9:${'é'.repeat(45000)}`, '11:', '13:🙂'])
})

t.test('an entry pushed out hands back its exchange, built or not, to hold the next entry; one recorded built hands back none', async t => {
  const journal = createJournal(2)
  const made = [1, 2, 3, 4, 5].map(n => new Later('acme', text => exchange({ body: `${n}:${text}` })))
  const record = (n: number, clientId: string, text: string) => {
    const pending = made[n] as Later
    pending.clientId = clientId
    return journal.recordLater(pending, [text])
  }
  t.equal(record(0, 'acme', 'one'), undefined)
  t.equal(record(1, 'acme', 'two'), undefined, 'nothing is pushed out below the bound')
  t.equal(record(2, 'acme', 'three'), made[0], 'the first, never built, comes back')
  t.strictSame(journal.list().map(e => [e.id, e.body]), [[2, '2:two'], [3, '3:three']])
  t.equal(record(3, 'other', 'four'), made[1], 'the second comes back, built')
  journal.record(exchange({ body: 'whole' }))
  t.equal(record(4, 'acme', 'five'), made[3])
  // The second's object holds another exchange now: its entry is built again, from its new text.
  t.equal(record(1, 'acme', 'six'), undefined, 'an entry recorded built has no exchange to hand back')
  t.strictSame(journal.list().map(e => [e.id, e.clientId, e.body]), [[6, 'acme', '5:five'], [7, 'acme', '2:six']])
  t.strictSame([journal.count({ clientId: 'acme' }), journal.count({ clientId: 'other' })], [2, 0], 'an object used again is filed under its new client')
})
