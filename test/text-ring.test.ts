import t from 'tap'
import { createTextRing, minTextRingBytes, type TextSpan } from '../src/text-ring.js'

const span = (): TextSpan => ({ textStart: -1, textBytes: -1 })

/** A ring and the spans it holds, oldest first, as the journal keeps them. */
function held() {
  const ring = createTextRing()
  const spans: TextSpan[] = []
  return {
    ring,
    spans,
    write(text: string) {
      const holder = span()
      ring.write(holder, [text], () => spans)
      spans.push(holder)
      return holder
    },
    releaseOldest() {
      ring.release(spans.shift() as TextSpan)
    }
  }
}

t.test('a text is read back as written, whatever its characters', async t => {
  const { ring, write } = held()
  const texts = ['{"a":1}', 'Zoë, 東京, 🙂', 'x'.repeat(1000)]
  const spans = texts.map(write)
  t.strictSame(spans.map(s => ring.read(s)), texts)
  t.equal(spans[1]?.textBytes, Buffer.byteLength(texts[1] as string), 'kept as UTF-8')
})

t.test('a text written in parts is read back as one, the parts not joined first', async t => {
  const { ring, spans } = held()
  const parts = [['{"amount":5}', '{"sessionId":"é"}'], ['', 'answer only'], ['body only', ''], ['/a?b', 'host\nx\n', '', '{"c":"🙂"}']]
  for (const text of parts) {
    const holder = span()
    ring.write(holder, text, () => spans)
    spans.push(holder)
  }
  t.strictSame(spans.map(s => ring.read(s)), parts.map(text => text.join('')))
  t.equal(spans[0]?.textBytes, Buffer.byteLength('{"amount":5}{"sessionId":"é"}'))
  for (const none of [[], ['', ''], ['', '', '']]) {
    const empty = span()
    ring.write(empty, none, () => spans)
    t.strictSame(empty, { textStart: 0, textBytes: 0 }, `${none.length} empty parts take no room`)
  }
})

t.test('the empty text takes no room', async t => {
  const { ring, write, releaseOldest } = held()
  const empty = write('')
  t.strictSame(empty, { textStart: 0, textBytes: 0 })
  t.equal(ring.read(empty), '')
  const text = write('abc')
  t.equal(text.textStart, 0, 'the next text starts where the empty one would have')
  releaseOldest()
  t.equal(ring.read(text), 'abc', 'releasing the empty text frees nothing')
})

t.test('texts freed oldest first make room at the start again: the ring wraps without growing', async t => {
  const { ring, spans, write, releaseOldest } = held()
  const size = minTextRingBytes / 8
  // Four texts of an eighth (each needs three eighths free to be written: 3 bytes a character at most).
  for (let i = 0; i < 4; i++) write(String(i).repeat(size))
  t.strictSame(spans.map(s => s.textStart), [0, size, 2 * size, 3 * size])
  releaseOldest()
  releaseOldest()
  releaseOldest()
  // Half the ring is free at the end: two texts go there, the second filling it.
  t.strictSame([write('4'.repeat(size)), write('5'.repeat(size))].map(s => s.textStart), [4 * size, 5 * size])
  // A quarter is left at the end, three eighths at the start (before the oldest text held).
  const wrapped = write('6'.repeat(size))
  t.equal(wrapped.textStart, 0, 'written from the start')
  t.equal(ring.capacity, minTextRingBytes, 'without growing')
  // Between the start and the oldest held text, a quarter is left: too short, so the ring grows.
  write('7'.repeat(size))
  t.equal(ring.capacity, 2 * minTextRingBytes, 'grown')
  t.strictSame(spans.map(s => ring.read(s)[0]), ['3', '4', '5', '6', '7'], 'every text held, moved in order')
  t.strictSame(spans.map(s => s.textStart), [0, size, 2 * size, 3 * size, 4 * size])
})

t.test('after a wrap, freeing the last text before it leaves the texts from the start', async t => {
  const { ring, spans, write, releaseOldest } = held()
  const size = minTextRingBytes / 8
  for (let i = 0; i < 6; i++) write(String(i).repeat(size))
  for (let i = 0; i < 5; i++) releaseOldest()
  // A quarter is left at the end: too short; the start has five eighths.
  write('6'.repeat(size))
  t.equal(spans[1]?.textStart, 0, 'wrapped')
  releaseOldest()
  // All that is held starts at 0: the rest of the ring is free after it, and more is written there.
  write('7'.repeat(size))
  write('8'.repeat(size))
  t.strictSame(spans.map(s => s.textStart), [0, size, 2 * size])
  t.equal(ring.capacity, minTextRingBytes)
  t.strictSame(spans.map(s => ring.read(s)[0]), ['6', '7', '8'])
})

t.test('freeing every text empties the ring, and a text larger than it grows it', async t => {
  const { ring, spans, write, releaseOldest } = held()
  write('a')
  write('b')
  releaseOldest()
  releaseOldest()
  const large = write('y'.repeat(minTextRingBytes))
  t.equal(large.textStart, 0)
  t.equal(ring.capacity, 8 * minTextRingBytes, 'twice the room it needed to write it, in powers of two')
  t.equal(ring.read(large), 'y'.repeat(minTextRingBytes))
  t.equal(spans.length, 1)
})

t.test('compact keeps only the spans given, moved together from the start', async t => {
  const { ring, spans, write } = held()
  write('one')
  const two = write('two')
  write('three')
  const four = write('four')
  ring.compact([two, four])
  t.strictSame([two, four], [{ textStart: 0, textBytes: 3 }, { textStart: 3, textBytes: 4 }])
  t.strictSame([ring.read(two), ring.read(four)], ['two', 'four'])
  spans.splice(0, spans.length, two, four)
  t.equal(ring.read(write('five')), 'five')
  t.equal(spans[2]?.textStart, 7, 'the next text goes after them')
})

t.test('at steady state the ring keeps its size: as many texts freed as written', async t => {
  const { ring, write, releaseOldest } = held()
  for (let i = 0; i < 1000; i++) write(`{"n":${i},"pad":"${'p'.repeat(i % 700)}"}`)
  const capacity = ring.capacity
  for (let i = 0; i < 20000; i++) {
    releaseOldest()
    write(`{"n":${i},"pad":"${'q'.repeat(i % 700)}"}`)
  }
  t.equal(ring.capacity, capacity, `${capacity} bytes throughout`)
})
