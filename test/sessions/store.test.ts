import t from 'tap'
import type { Session } from '../../src/sessions/lifecycle.js'
import { createSessionStore } from '../../src/sessions/store.js'

/** A stand-in session that notes each read of its fields while `probe.counting` is on. */
const probe = { counting: false, touched: new Set<Probe>() }
class Probe {
  readonly #id: string
  readonly #clientId: string
  constructor(id: string, clientId: string) {
    this.#id = id
    this.#clientId = clientId
  }

  get id(): string {
    if (probe.counting) probe.touched.add(this)
    return this.#id
  }

  get clientId(): string {
    if (probe.counting) probe.touched.add(this)
    return this.#clientId
  }
}

const session = (n: number, clientId = 'acme') => new Probe(`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, clientId) as unknown as Session
const ids = (sessions: Session[]) => sessions.map(s => Number(s.id.slice(-12)))

t.test('the store finds a session by id in any letter case, within its client', async t => {
  const store = createSessionStore(10)
  const a = session(0xa, 'acme')
  store.add(a)
  t.equal(store.get(a.id.toUpperCase()), a)
  t.equal(store.get(a.id, 'acme'), a)
  t.equal(store.get(a.id, 'globex'), undefined)
  t.equal(store.get('00000000-0000-4000-8000-000000000099'), undefined)
})

t.test('when full, adding drops the oldest session; listings are oldest first, by client', async t => {
  const store = createSessionStore(3)
  for (const [n, client] of [[1, 'acme'], [2, 'globex'], [3, 'acme'], [4, 'globex']] as const) store.add(session(n, client))
  t.equal(store.size, 3)
  t.equal(store.get(session(1).id), undefined)
  t.strictSame(ids(store.list()), [2, 3, 4])
  t.strictSame(ids(store.list('globex')), [2, 4])
  store.add(session(5))
  t.strictSame(ids(store.list()), [3, 4, 5])
})

t.test('clearing a client keeps the others in order, and eviction goes on oldest first', async t => {
  const store = createSessionStore(3)
  for (const [n, client] of [[1, 'acme'], [2, 'globex'], [3, 'acme']] as const) store.add(session(n, client))
  store.clear('acme')
  t.equal(store.size, 1)
  t.equal(store.get(session(1).id), undefined)
  for (const n of [4, 5, 6]) store.add(session(n, 'globex'))
  t.strictSame(ids(store.list()), [4, 5, 6])
  t.equal(store.get(session(2).id), undefined)
  store.clear()
  t.equal(store.size, 0)
  t.strictSame(store.list(), [])
})

t.test('adding past the bound touches one stored session, with 10 sessions as with 1,000,000', async t => {
  for (const max of [10, 1_000_000]) {
    const store = createSessionStore(max)
    for (let n = 1; n <= max; n++) store.add(session(n))
    // One evicted already, so the oldest live session is no longer the first one added.
    store.add(session(max + 1))
    const added = session(max + 2)
    probe.touched.clear()
    probe.counting = true
    store.add(added)
    probe.counting = false
    t.strictSame([...probe.touched].filter(s => s !== (added as unknown as Probe)).map(s => s.id), [session(2).id], `one of ${max} sessions, the oldest, is touched`)
    t.equal(store.size, max)
  }
})

t.test('a session read again replaces its older copy, which lists no more; a deleted one is gone', async t => {
  const store = createSessionStore(3)
  const first = { id: 'a1', clientId: 'a' } as unknown as Session
  const again = { id: 'a1', clientId: 'a' } as unknown as Session
  const other = { id: 'b1', clientId: 'b' } as unknown as Session
  store.add(first)
  store.add(other)
  store.add(again)
  t.equal(store.get('A1'), again)
  t.strictSame(store.list(), [other, again])
  store.add({ id: 'c1', clientId: 'c' } as unknown as Session)
  t.equal(store.get('a1'), again, 'the older copy leaves the ring without taking the newer one')
  store.delete('B1')
  t.equal(store.get('b1'), undefined)
  t.strictSame(store.list('b'), [])
})

t.test('a session deleted then read again stays when its deleted copy leaves the ring', async t => {
  const store = createSessionStore(2)
  const first = { id: 'x1', clientId: 'a' } as unknown as Session
  const again = { id: 'x1', clientId: 'a' } as unknown as Session
  store.add(first)
  store.delete('x1')
  store.add(again)
  store.add({ id: 'y1', clientId: 'a' } as unknown as Session)
  t.equal(store.get('x1'), again, 'the deleted copy went without the one read again')
  t.equal(store.size, 2)
})
