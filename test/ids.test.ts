import t from 'tap'
import { createIds, lowerCase, type Ids } from '../src/ids.js'
import { build, eTransferBody, traceIdPattern, uuidPattern } from './helpers/app.js'

/** One of each value, in a fixed order. */
const draw = (ids: Ids) => [ids.uuid(), ids.traceId(), ids.digits(7), ids.digits(12), ids.fraction()]

t.test('a seed gives the same uuids, trace ids, digits and fractions, run after run', async t => {
  t.strictSame(draw(createIds('flinks')), [
    'b85951fb-763f-42fc-afb5-de10644e32c0',
    '00-1a0f1bf59f490beb4a80175609b6d99f-4981fe564a32bc9b-00',
    '0013437',
    '708459968136',
    0.08164070061596718
  ])
  t.strictSame(draw(createIds('flinks')), draw(createIds('flinks')))
})

t.test('different seeds give different streams', async t => {
  const a = draw(createIds('flinks'))
  const b = draw(createIds('flinks-2'))
  for (const [i, value] of a.entries()) t.not(value, b[i], `value ${i}`)
})

t.test('reset starts a seeded stream over from its first value', async t => {
  const ids = createIds('flinks')
  const first = draw(ids)
  t.notSame(draw(ids), first, 'the stream moves on')
  ids.reset()
  t.strictSame(draw(ids), first)
})

/** Draws `n` of each kind and returns those that are not well-formed (none, for a good generator). */
function malformed(ids: Ids, n: number) {
  const times = <T>(make: () => T) => Array.from({ length: n }, make)
  return {
    uuids: times(ids.uuid).filter(v => !uuidPattern.test(v)),
    traceIds: times(ids.traceId).filter(v => !traceIdPattern.test(v)),
    oneDigit: times(() => ids.digits(1)).filter(v => !/^[0-9]$/.test(v)),
    twelveDigits: times(() => ids.digits(12)).filter(v => !/^[0-9]{12}$/.test(v)),
    fractions: times(ids.fraction).filter(v => !(v >= 0 && v < 1))
  }
}
const wellFormed = { uuids: [], traceIds: [], oneDigit: [], twelveDigits: [], fractions: [] }

t.test('seeded values are well-formed: v4 uuids, trace ids, digits of the asked length, fractions in [0, 1)', async t => {
  t.strictSame(malformed(createIds('well-formed'), 500), wellFormed)
})

t.test('without a seed, values are random and well-formed, and reset changes nothing', async t => {
  const ids = createIds()
  t.strictSame(malformed(ids, 500), wellFormed)
  const uuids = new Set(Array.from({ length: 100 }, ids.uuid))
  t.equal(uuids.size, 100)
  // 400 trace ids take 9,600 random bytes: their pool (4 KB) is filled anew twice, never reused.
  t.equal(new Set(Array.from({ length: 400 }, ids.traceId)).size, 400)
  ids.reset()
  t.notOk(uuids.has(ids.uuid()))
  const [a, b] = [draw(createIds()), draw(createIds())]
  for (const [i, value] of a.entries()) t.not(value, b[i], `value ${i}`)
})

t.test('with a seed, a mock gives the same tokens and session ids again after a reset', async t => {
  const mock = await build(t, { seed: 'flinks' })
  const run = async () => {
    const created = await mock.createSession(eTransferBody())
    return [created.token, created.json().sessionId]
  }
  const first = await run()
  t.match(first, [uuidPattern, uuidPattern])
  t.notSame(await run(), first, 'the stream moves on')
  await mock.inject({ method: 'POST', url: '/__admin/reset' })
  t.strictSame(await run(), first)
  const other = await build(t, { seed: 'flinks' })
  t.strictSame(await other.createSession(eTransferBody()).then(res => [res.token, res.json().sessionId]), first, 'another mock with the seed repeats it')
})

t.test('lowerCase gives a lower-case value itself, and lowers capitals, ASCII or not', async t => {
  const id = '0f8fad5b-d9cb-469f-a165-70867728950e'
  t.equal(lowerCase(id), id)
  t.equal(lowerCase('0F8FAD5B-D9CB-469F-A165-70867728950E'), id)
  t.equal(lowerCase('caf\u00c9'), 'caf\u00e9')
  t.equal(lowerCase('\u00e9A'), '\u00e9a')
  t.equal(lowerCase(''), '')
})

t.test('without a seed, digits of any length are even: each digit about a tenth of many', async t => {
  const ids = createIds()
  t.match(ids.digits(40), /^[0-9]{40}$/)
  t.match(ids.digits(3), /^[0-9]{3}$/)
  const counts = new Array<number>(10).fill(0)
  for (let i = 0; i < 2000; i++) for (const digit of ids.digits(10)) counts[Number(digit)]!++
  // 20,000 digits: each is 2,000 give or take 4 standard deviations (about 170).
  t.strictSame(counts.filter(count => count < 1830 || count > 2170), [])
})
