import t from 'tap'
import { createSharedParts } from '../../src/sessions/shared-parts.js'

t.test('equal parts get one shared copy, not the object given', async t => {
  const parts = createSharedParts(10)
  const first = { notificationPreferences: { sendInteracLink: true } }
  const shared = parts.share(first)
  t.not(shared, first)
  t.strictSame(shared, first)
  t.equal(parts.share({ notificationPreferences: { sendInteracLink: true } }), shared)
  t.equal(parts.size, 1)
})

t.test('the shared copy is frozen all the way down; the part given is left as it is', async t => {
  const parts = createSharedParts(10)
  const given = { firstName: 'John', address: { city: 'Montreal' } }
  const shared = parts.share(given)
  t.ok(Object.isFrozen(shared))
  t.ok(Object.isFrozen(shared.address))
  t.notOk(Object.isFrozen(given))
  t.notOk(Object.isFrozen(given.address))
})

t.test('parts that differ, even by member order, are kept apart', async t => {
  const parts = createSharedParts(10)
  const a = parts.share({ firstName: 'John', lastName: 'Smith' })
  t.not(parts.share({ firstName: 'Jane', lastName: 'Smith' }), a)
  t.not(parts.share({ lastName: 'Smith', firstName: 'John' }), a)
  t.equal(parts.size, 3)
})

t.test('null and values that are not objects are given back as they are', async t => {
  const parts = createSharedParts(10)
  t.equal(parts.share(null), null)
  t.equal(parts.share('text'), 'text')
  t.equal(parts.size, 0)
})

t.test('a full table starts over', async t => {
  const parts = createSharedParts(2)
  const a = parts.share({ n: 1 })
  parts.share({ n: 2 })
  t.equal(parts.size, 2)
  parts.share({ n: 3 })
  t.equal(parts.size, 1)
  t.not(parts.share({ n: 1 }), a, 'a part seen before the table started over gets a new copy')
})

t.test('the part shared last is given again for an equal part, without its text being looked up', async t => {
  const parts = createSharedParts(10)
  const shared = parts.share({ firstName: 'John', address: { city: 'Montreal' }, tags: ['a', 1] })
  t.equal(parts.share({ firstName: 'John', address: { city: 'Montreal' }, tags: ['a', 1] }), shared)
  // Each way it can differ from the last: a value, a nested member, an array, a member's order or count.
  t.not(parts.share({ firstName: 'John', address: { city: 'Laval' }, tags: ['a', 1] }), shared)
  parts.share({ firstName: 'John', address: { city: 'Montreal' }, tags: ['a', 1] })
  for (const other of [{ firstName: 'John', address: null, tags: ['a', 1] }, { firstName: 'John', address: { city: 'Montreal' }, tags: { 0: 'a', 1: 1 } },
    { address: { city: 'Montreal' }, firstName: 'John', tags: ['a', 1] }, { firstName: 'John', address: { city: 'Montreal' } }, { firstName: 'John', address: { city: 'Montreal' }, tags: ['a', 2] }]) {
    t.not(parts.share(other), shared, JSON.stringify(other))
    t.equal(parts.share({ firstName: 'John', address: { city: 'Montreal' }, tags: ['a', 1] }), shared, 'found again in the table')
  }
})
