import t from 'tap'
import { compareFigure, compareRun, formatCalibration, formatTable, missedRows, quantile, statsOf, targets, turnRatios, workEquivalent } from '../../bench/report.mjs'

const baseline = { rps: 10000, p50: 3, p99: 10, requests: 50000 }

t.test('statsOf adds up a side\'s slices: requests a second over all their time, the count, p50 and p99 of every response', async t => {
  const latencies = Array.from({ length: 200 }, (_, i) => (i + 1) / 100)
  t.equal(quantile(latencies, 0.5), 1)
  t.equal(quantile(latencies, 0.99), 1.98)
  t.equal(quantile([0.4], 0.99), 0.4)
  const slices = [{ requests: 150, seconds: 1, latencies: latencies.slice(0, 150) }, { requests: 50, seconds: 1.5, latencies: latencies.slice(150) }]
  t.strictSame(statsOf(slices), { rps: 80, p50: 1, p99: 1.98, requests: 200 })
  t.strictSame(statsOf([{ requests: 0, seconds: 1, latencies: [] }]), { rps: 0, p50: 0, p99: 0, requests: 0 }, 'no responses')
  const row = compareRun({ run: '401 no token', journal: 'on', mock: { rps: 9000, p50: 0.412, p99: 1.5, requests: 1 }, baseline: { ...baseline, p50: 0.2, p99: 1 } })
  t.equal(formatTable([row]).split('\n')[2], '| 401 no token | on | 10,000 (0.20 / 1) | 9,000 (0.41 / 1.50) | 0.90 | 1.50 | – / – | p99 ≤ 2× | yes |', 'fractions of a millisecond with two decimals')
})

t.test('given the server\'s CPU time over each slice, statsOf gives it a request, and the table shows both sides\'', async t => {
  const slices = [{ requests: 120, seconds: 10, latencies: [1], cpuMicros: 3000 }, { requests: 80, seconds: 10, latencies: [1], cpuMicros: 2000 }]
  t.equal(statsOf(slices).cpuUs, 25)
  t.equal(statsOf([{ ...slices[0]!, requests: 0 }]).cpuUs, undefined, 'no request: no figure')
  t.equal(statsOf([slices[0]!, { ...slices[1]!, cpuMicros: undefined }]).cpuUs, undefined, 'a slice without /proc: no figure')
  const row = compareRun({ run: 'details', journal: 'off', mock: statsOf([{ requests: 200, seconds: 20, latencies: [1], cpuMicros: 5840 }]), baseline: { ...baseline, cpuUs: 17.04 } })
  t.equal(formatTable([row]).split('\n')[2], '| details | off | 10,000 (3 / 10) | 10 (1 / 1) | 0.00 | 0.10 | 17.0 / 29.2 | p99 ≤ 2× | yes |')
})

t.test('turnRatios gives the mock\'s requests a second over the baseline\'s of the same turn', async t => {
  const side = (...rates: number[]) => rates.map(rate => ({ requests: rate * 2, seconds: 2, latencies: [] }))
  t.strictSame(turnRatios(side(60, 90), side(100, 100)), [0.6, 0.9])
})

t.test('a run meets its targets with a ratio at or above its least and a p99 at most twice the baseline\'s', async t => {
  const row = compareRun({ run: 'details', journal: 'on', mock: { rps: 8500, p50: 4, p99: 20, requests: 1 }, baseline, minRatio: targets.detailsMinRatio })
  t.equal(row.ratio, 0.85)
  t.equal(row.p99Ratio, 2)
  t.equal(row.met, true)
})

t.test('a run misses with a ratio below its least, or a p99 over twice the baseline\'s', async t => {
  t.equal(compareRun({ run: 'pairs', journal: 'on', mock: { rps: 6999, p50: 3, p99: 10, requests: 1 }, baseline, minRatio: 0.7 }).met, false)
  t.equal(compareRun({ run: '401', journal: 'off', mock: { rps: 20000, p50: 3, p99: 21, requests: 1 }, baseline }).met, false)
  t.equal(compareRun({ run: '401', journal: 'off', mock: { rps: 1, p50: 3, p99: 20, requests: 1 }, baseline }).met, true)
})

t.test('a baseline p99 of 0 ms counts as 0.01 ms; a fraction of a millisecond counts as it is', async t => {
  t.equal(compareRun({ run: '401', journal: 'on', mock: { rps: 1, p50: 0, p99: 0.02, requests: 1 }, baseline: { ...baseline, p99: 0 } }).p99Ratio, 2)
  t.equal(compareRun({ run: '401', journal: 'on', mock: { rps: 1, p50: 0, p99: 1.5, requests: 1 }, baseline: { ...baseline, p99: 0.5 } }).p99Ratio, 3)
})

t.test('a figure meets its target at or below its bound', async t => {
  t.strictSame(compareFigure({ run: 'start-up', journal: 'on', value: 500, unit: 'ms', max: targets.maxStartMs }), { run: 'start-up', journal: 'on', value: 500, unit: 'ms', max: 500, met: true })
  t.equal(compareFigure({ run: 'heap a session', journal: 'off', value: 1025, unit: 'bytes', max: targets.maxBytesPerSession }).met, false)
})

t.test('the table shows each row, its targets and whether they hold; missedRows lists the missed', async t => {
  const rows = [
    compareRun({ run: 'authorize + create', journal: 'on', mock: { rps: 7500.4, p50: 5, p99: 12, requests: 1 }, baseline, minRatio: 0.7 }),
    compareRun({ run: '401 no token', journal: 'off', mock: { rps: 12000, p50: 2, p99: 30, requests: 1 }, baseline }),
    compareFigure({ run: 'start-up, median of 9', journal: 'on', value: 612.4, unit: 'ms', max: 500 }),
    compareFigure({ run: 'heap a session', journal: 'off', value: 980, unit: 'bytes', max: 1024 })
  ]
  t.equal(formatTable(rows), [
    '| run | journal | bare Fastify req/s (p50 / p99 ms) | flinks-mock req/s (p50 / p99 ms) | ratio | p99 ratio | CPU µs a request, bare / mock | target | met |',
    '|---|---|---|---|---|---|---|---|---|',
    '| authorize + create | on | 10,000 (3 / 10) | 7,500 (5 / 12) | 0.75 | 1.20 | – / – | ratio ≥ 0.70, p99 ≤ 2× | yes |',
    '| 401 no token | off | 10,000 (3 / 10) | 12,000 (2 / 30) | 1.20 | 3.00 | – / – | p99 ≤ 2× | no |',
    '| start-up, median of 9 | on | | 612 ms | | | | ≤ 500 ms | no |',
    '| heap a session | off | | 980 bytes | | | | ≤ 1,024 bytes | yes |'
  ].join('\n'))
  t.strictSame(missedRows(rows).map(row => row.run), ['401 no token', 'start-up, median of 9'])
})

t.test('a Redis store row is measured beside the in-memory targets: no target, never missed, named by its store', async t => {
  const slow = { rps: 2000, p50: 20, p99: 90, requests: 1 }
  const redis = compareRun({ run: 'authorize + create', journal: 'on', store: 'redis', mock: slow, baseline, minRatio: targets.pairsMinRatio })
  t.strictSame(redis, { run: 'authorize + create', journal: 'on', store: 'redis', mock: slow, baseline, ratio: 0.2, p99Ratio: 9, met: null })
  const memory = compareRun({ run: 'authorize + create', journal: 'on', mock: slow, baseline, minRatio: targets.pairsMinRatio })
  t.equal(memory.store, 'memory', 'memory is the default store')
  t.equal(memory.met, false)
  t.equal(formatTable([memory, redis]).split('\n').slice(2).join('\n'), [
    '| authorize + create | on | 10,000 (3 / 10) | 2,000 (20 / 90) | 0.20 | 9.00 | – / – | ratio ≥ 0.70, p99 ≤ 2× | no |',
    '| authorize + create, redis store | on | 10,000 (3 / 10) | 2,000 (20 / 90) | 0.20 | 9.00 | – / – | none (measured) |  |'
  ].join('\n'))
  t.strictSame(missedRows([memory, redis]), [memory], '--check fails on the in-memory targets only')
})

t.test('workEquivalent reads a ratio as the work the calibrating baselines add to fall to it', async t => {
  const points = [{ workUs: 8, ratio: 0.7 }, { workUs: 0, ratio: 1 }, { workUs: 4, ratio: 0.8 }, { workUs: 12, ratio: 0.6 }]
  t.equal(workEquivalent(points, 1), 0, 'the bare baseline\'s own ratio')
  t.equal(workEquivalent(points, 0.9), 2, 'between the points it lies between, in order of work')
  t.equal(workEquivalent(points, 0.7), 8)
  t.equal(workEquivalent(points, 0.65), 10)
  t.equal(workEquivalent(points, 1.1), 0, 'faster than the bare baseline: no work')
  t.strictSame(workEquivalent(points, 0.5), { moreThan: 12 }, 'slower than every calibrating baseline')
  t.strictSame(workEquivalent([], 0.5), { moreThan: 0 })
  // Noise: the ratio rose from 8 to 12 µs; the first pair it lies between is the one taken.
  const noisy = [{ workUs: 0, ratio: 1 }, { workUs: 4, ratio: 0.7 }, { workUs: 8, ratio: 0.7 }, { workUs: 12, ratio: 0.75 }]
  t.equal(workEquivalent(noisy, 0.72), 3.73, 'to 0.01 µs')
  t.equal(workEquivalent(noisy, 0.7), 4)
  t.equal(workEquivalent([{ workUs: 0, ratio: 1 }, { workUs: 4, ratio: 1 }], 1), 0, 'two points of one ratio: the first')
})

t.test('formatCalibration shows the calibrating baselines, then each mock and the target as work a request', async t => {
  const points = [{ workUs: 0, ratio: 1 }, { workUs: 5, ratio: 0.8 }, { workUs: 10, ratio: 0.6 }]
  const row = (journal: string, rps: number) => compareRun({ run: 'authorize + create', journal, mock: { rps, p50: 3, p99: 10, requests: 1 }, baseline, minRatio: targets.pairsMinRatio })
  t.equal(formatCalibration([{ run: 'authorize + create', points, rows: [row('on', 5000), row('off', 6500)] }]), [
    '| run | side | ratio | as bare Fastify working µs more a request |',
    '|---|---|---|---|',
    '| authorize + create | bare Fastify + 5 µs | 0.80 | 5 |',
    '| authorize + create | bare Fastify + 10 µs | 0.60 | 10 |',
    '| authorize + create | flinks-mock, journal on | 0.50 | more than 10 |',
    '| authorize + create | flinks-mock, journal off | 0.65 | 8.8 |',
    '| authorize + create | the target | 0.70 | 7.5 |'
  ].join('\n'))
  const noTarget = compareRun({ run: 'x', journal: 'on', mock: { rps: 9000, p50: 3, p99: 10, requests: 1 }, baseline })
  t.equal(formatCalibration([{ run: 'x', points, rows: [noTarget] }]).split('\n').length, 5, 'no target: no line for it')
})
