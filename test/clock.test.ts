import t from 'tap'
import { createClock, createClockRegistry, isoString } from '../src/clock.js'
import { fakeTime } from './helpers/fakes.js'

const start = Date.parse('2026-06-04T14:30:00.000Z')

t.test('a running clock follows real time', async t => {
  const { clock, real } = fakeTime()
  t.equal(clock.frozen, false)
  t.equal(clock.now(), start)
  real.ms += 1500
  t.equal(clock.now(), start + 1500)
})

t.test('advance moves a running clock forward and it keeps running from there', async t => {
  const { clock, real } = fakeTime()
  clock.advance(90)
  t.equal(clock.now(), start + 90_000)
  real.ms += 1000
  t.equal(clock.now(), start + 91_000)
  clock.advance(0.5)
  t.equal(clock.now(), start + 91_500)
})

t.test('a frozen clock stands still until advanced', async t => {
  const { clock, real } = fakeTime()
  real.ms += 250
  clock.freeze()
  t.equal(clock.frozen, true)
  real.ms += 60_000
  t.equal(clock.now(), start + 250)
  clock.advance(30)
  t.equal(clock.now(), start + 30_250)
  real.ms += 60_000
  t.equal(clock.now(), start + 30_250)
})

t.test('freezing twice keeps the first reading', async t => {
  const { clock, real } = fakeTime()
  clock.freeze()
  real.ms += 5000
  clock.freeze()
  t.equal(clock.now(), start)
})

t.test('unfreezing runs on from the frozen reading, advances included, with no jump', async t => {
  const { clock, real } = fakeTime()
  clock.advance(10)
  clock.freeze()
  real.ms += 60_000
  clock.advance(5)
  clock.unfreeze()
  t.equal(clock.frozen, false)
  t.equal(clock.now(), start + 15_000)
  real.ms += 2000
  t.equal(clock.now(), start + 17_000)
})

t.test('unfreezing a running clock changes nothing', async t => {
  const { clock } = fakeTime()
  clock.advance(3)
  clock.unfreeze()
  t.equal(clock.frozen, false)
  t.equal(clock.now(), start + 3000)
})

t.test('a negative, NaN or infinite advance throws and leaves the clock as it was', async t => {
  const { clock } = fakeTime()
  t.throws(() => clock.advance(-1), new RangeError('cannot move the clock by -1 seconds'))
  t.throws(() => clock.advance(Number.NaN), new RangeError('cannot move the clock by NaN seconds'))
  t.throws(() => clock.advance(Number.POSITIVE_INFINITY), new RangeError('cannot move the clock by Infinity seconds'))
  clock.freeze()
  t.throws(() => clock.advance(-0.001), RangeError)
  t.equal(clock.now(), start)
})

t.test('by default the clock reads Date.now', async t => {
  const clock = createClock()
  const before = Date.now()
  const now = clock.now()
  t.ok(now >= before && now <= Date.now())
})

t.test('a clock\'s setting is shared by adopting it; listeners hear of a change only', async t => {
  const { clock, real } = fakeTime()
  let heard = 0
  clock.onChange(() => heard++)
  clock.advance(10)
  t.strictSame(clock.setting, { offsetMs: 10000, frozenAtMs: null })
  const other = createClock(() => real.ms)
  other.adopt(clock.setting)
  t.equal(other.now(), clock.now())
  clock.freeze()
  t.strictSame(clock.setting, { offsetMs: 10000, frozenAtMs: start + 10000 })
  const before = heard
  clock.adopt(clock.setting)
  t.equal(heard, before, 'the same setting: nothing changed')
  clock.adopt({ offsetMs: 0, frozenAtMs: null })
  t.equal(heard, before + 1)
  t.equal(clock.frozen, false)
  t.equal(clock.now(), real.ms)
})

t.test('a client\'s own clock starts at the shared reading, follows the same real time, and moves alone', async t => {
  const { clock: shared, real } = fakeTime('2026-06-04T14:30:00.000Z')
  shared.advance(30)
  const clocks = createClockRegistry(shared)
  const heard: Array<string | undefined> = []
  clocks.onChange(clientId => heard.push(clientId))
  t.equal(clocks.of('team-a'), shared)
  t.equal(clocks.of(undefined), shared)
  const own = clocks.create('team-a')
  t.equal(clocks.create('team-a'), own, 'created once')
  t.equal(own.now(), shared.now())
  real.ms += 1000
  t.equal(own.now(), Date.parse('2026-06-04T14:30:31.000Z'), 'runs with the shared clock\'s real time')
  own.advance(60)
  t.equal(shared.now(), Date.parse('2026-06-04T14:30:31.000Z'))
  t.equal(clocks.of('team-a').now(), Date.parse('2026-06-04T14:31:31.000Z'))
  shared.freeze()
  t.equal(clocks.create('team-b').frozen, true, 'frozen when the shared clock is')
  t.strictSame(clocks.list().map(c => c.clientId), ['team-a', 'team-b'])
  clocks.drop('team-a')
  clocks.drop('team-z')
  t.equal(clocks.of('team-a'), shared)
  clocks.drop()
  t.strictSame(clocks.list(), [])
  t.strictSame(heard, ['team-a', 'team-a', undefined, 'team-b', 'team-a', 'team-b'])
})

t.test('the registry takes the own clocks a store holds: created, moved, dropped and ordered as stored', async t => {
  const { clock: shared } = fakeTime('2026-06-04T14:30:00.000Z')
  const clocks = createClockRegistry(shared)
  const heard: Array<string | undefined> = []
  clocks.onChange(clientId => heard.push(clientId))
  const kept = clocks.create('team-a')
  const moved = clocks.create('team-b')
  clocks.create('team-c')
  heard.length = 0
  clocks.adopt([
    { clientId: 'team-d', setting: { offsetMs: 0, frozenAtMs: Date.parse('2026-06-04T15:00:00.000Z') } },
    { clientId: 'team-b', setting: { offsetMs: 60_000, frozenAtMs: null } }
  ])
  t.strictSame(clocks.list().map(c => c.clientId), ['team-d', 'team-b'], 'in the stored order; team-c dropped')
  t.equal(clocks.own('team-b'), moved, 'a clock already here is moved, not replaced')
  t.equal(moved.now(), Date.parse('2026-06-04T14:31:00.000Z'))
  t.equal(clocks.of('team-d').now(), Date.parse('2026-06-04T15:00:00.000Z'))
  t.strictSame(heard, ['team-d', 'team-a', 'team-c', 'team-b'])
  clocks.create('team-a')
  clocks.adopt([{ clientId: 'team-b', setting: { offsetMs: 0, frozenAtMs: null } }], clientId => clientId === 'team-a' || clientId === 'team-b')
  t.strictSame(clocks.list().map(c => c.clientId), ['team-b', 'team-a'], 'the clients kept keep their clock, or their lack of one, after the others (team-d goes)')
  t.equal(moved.now(), Date.parse('2026-06-04T14:31:00.000Z'), 'a kept clock is not moved')
  t.not(clocks.own('team-a'), kept)
})

t.test('isoString writes a time as Date#toISOString does', async t => {
  const times = [0, -1, 1, 999, 1000, 59_999, 3_599_999, 86_399_999, 86_400_000, -86_400_000, -86_400_001, start, start + 1, start + 86_400_000 - 1,
    Date.parse('2024-02-29T23:59:59.999Z'), Date.parse('2025-01-01T00:00:00.000Z'), Date.parse('1969-12-31T23:59:59.990Z'),
    Date.parse('+012345-06-07T08:09:10.011Z'), Date.parse('-000001-01-01T00:00:00.000Z'), 8.64e15, -8.64e15]
  // Whole milliseconds over some 800 years, each day's first and later times alike.
  for (let i = 0; i < 2000; i++) times.push(Math.round(Math.sin(i) * 1.3e13) + i, start + i * 37_123)
  t.strictSame(times.filter(ms => isoString(ms) !== new Date(ms).toISOString()), [], `${times.length} times, none written otherwise`)
  t.equal(isoString(start + 0.75), new Date(start + 0.75).toISOString(), 'part of a millisecond: as Date truncates it')
  t.throws(() => isoString(8.64e15 + 1), RangeError, 'past the last time a Date holds: its RangeError')
  t.throws(() => isoString(Number.NaN), RangeError)
})
