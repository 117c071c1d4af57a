import t from 'tap'
import { createDueQueue } from '../../src/webhooks/due-queue.js'

t.test('an empty queue has nothing due, ever', async t => {
  const queue = createDueQueue<string>()
  t.equal(queue.nextDueMs(), Number.POSITIVE_INFINITY)
  t.strictSame(queue.dueAt(Number.POSITIVE_INFINITY), [])
  t.equal(queue.size, 0)
  t.equal(queue.delete('a'), false)
  t.equal(queue.has('a'), false)
})

t.test('items come due by time, ties in the order first queued, and stay queued until set or deleted', async t => {
  const queue = createDueQueue<string>()
  queue.set('late', 30)
  queue.set('a', 10)
  queue.set('b', 20)
  queue.set('c', 10)
  t.equal(queue.nextDueMs(), 10)
  t.strictSame(queue.dueAt(9), [])
  t.strictSame(queue.dueAt(20), ['a', 'b', 'c'], 'the order they were first queued, not their due order')
  t.equal(queue.size, 4)
  queue.set('a', 40)
  queue.set('late', 5)
  t.strictSame(queue.dueAt(40), ['late', 'a', 'b', 'c'], 'moving an item keeps its place among equals')
  t.equal(queue.nextDueMs(), 5)
  t.equal(queue.delete('late'), true)
  t.equal(queue.has('late'), false)
  t.equal(queue.nextDueMs(), 10)
})

t.test('retain keeps the accepted items, still in order', async t => {
  const queue = createDueQueue<number>()
  for (const n of [5, 3, 8, 1, 9, 2, 7]) queue.set(n, n === 7 ? 10 : n * 10)
  queue.retain(n => n % 2 === 1)
  t.equal(queue.size, 5)
  t.equal(queue.has(8), false)
  t.equal(queue.nextDueMs(), 10)
  t.strictSame(queue.dueAt(50), [5, 3, 1, 7])
  queue.set(3, 100)
  t.strictSame(queue.dueAt(60), [5, 1, 7])
})

t.test('any mix of adds, moves and deletes keeps the earliest first', async t => {
  // A fixed pseudo-random sequence (mulberry32): the same run every time.
  let seed = 42
  const random = (n: number) => {
    seed = (seed + 0x6D2B79F5) | 0
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) % n
  }
  const queue = createDueQueue<number>()
  const expected = new Map<number, number>()
  const wrong: string[] = []
  for (let step = 0; step < 5000; step++) {
    const item = random(200)
    if (random(4) === 0) {
      if (queue.delete(item) !== expected.delete(item)) wrong.push(`step ${step}: delete ${item}`)
    } else {
      const dueMs = random(1000)
      queue.set(item, dueMs)
      expected.set(item, dueMs)
    }
    const earliest = Math.min(...expected.values())
    if (queue.nextDueMs() !== earliest) wrong.push(`step ${step}: ${queue.nextDueMs()} is not ${earliest}`)
  }
  t.strictSame(wrong, [])
  t.equal(queue.size, expected.size)
  const due = queue.dueAt(500)
  t.strictSame(new Set(due), new Set([...expected].filter(([, dueMs]) => dueMs <= 500).map(([item]) => item)))
})
