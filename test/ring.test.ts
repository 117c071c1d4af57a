import t from 'tap'
import { createRing } from '../src/ring.js'

/** An array that notes which of its indices are read or written while `counting` is on. */
function instrumented<T>() {
  const touched = new Set<number>()
  const state = { counting: false }
  const note = (key: string | symbol) => {
    if (state.counting && typeof key === 'string' && /^\d+$/.test(key)) touched.add(Number(key))
  }
  const slots = new Proxy<T[]>([], {
    get(target, key, receiver) {
      note(key)
      return Reflect.get(target, key, receiver)
    },
    set(target, key, value, receiver) {
      note(key)
      return Reflect.set(target, key, value, receiver)
    }
  })
  return { slots, touched, state }
}

t.test('a ring keeps the newest items, oldest first, and returns the one that goes', async t => {
  const ring = createRing<number>(3)
  t.strictSame([1, 2, 3].map(n => ring.push(n)), [undefined, undefined, undefined])
  t.equal(ring.push(4), 1)
  t.equal(ring.push(5), 2)
  t.strictSame(ring.toArray(), [3, 4, 5])
  t.equal(ring.push(6), 3)
  t.strictSame(ring.toArray(), [4, 5, 6], 'wrapped round to the start')
  t.equal(ring.size, 3)
  ring.toArray().pop()
  t.equal(ring.size, 3, 'a listing is a copy')
})

t.test('retain keeps the accepted items in order, and the ring fills and wraps again after it', async t => {
  const ring = createRing<number>(3)
  for (const n of [1, 2, 3, 4]) ring.push(n)
  ring.retain(n => n !== 3)
  t.strictSame(ring.toArray(), [2, 4])
  t.equal(ring.push(5), undefined)
  t.equal(ring.push(6), 2)
  t.strictSame(ring.toArray(), [4, 5, 6])
  ring.retain(() => false)
  t.equal(ring.size, 0)
  t.strictSame(ring.toArray(), [])
})

t.test('a ring of size 0 keeps nothing and hands each item back', async t => {
  const ring = createRing<string>(0)
  t.equal(ring.push('a'), 'a')
  t.equal(ring.size, 0)
})

t.test('adding past the bound touches one slot, with 10 items as with 1,000,000', async t => {
  for (const max of [10, 1_000_000]) {
    const { slots, touched, state } = instrumented<number>()
    const ring = createRing(max, slots)
    for (let n = 0; n < max + 3; n++) ring.push(n)
    state.counting = true
    t.equal(ring.push(max + 3), 3, `the oldest of ${max} goes`)
    state.counting = false
    t.strictSame([...touched], [3], `one slot of ${max} is touched`)
  }
})
