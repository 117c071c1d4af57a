// The benchmark's arithmetic and its table, apart from the runs so that a test can check them.

/** The targets of issue 11: ratios to the baseline, start-up and heap. */
export const targets = {
  pairsMinRatio: 0.7,
  detailsMinRatio: 0.85,
  maxP99Ratio: 2,
  // Past the token bound the authorize ratio must not drop: at least this share of the one under it.
  pastBoundMinShare: 0.9,
  maxStartMs: 500,
  maxBytesPerSession: 1024
}

/** The `q` quantile (0 to 1) of latencies in ms, nearest rank. */
export function quantile(latencies, q) {
  const sorted = Float64Array.from(latencies).sort()
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]
}

/**
 * Requests a second, p50 and p99 latency (ms), the request count and the server's CPU time a
 * request of one side of a run, from its measured slices (`requests`, `seconds`, each response's
 * time in ms, and the server's CPU time in µs over the slice when /proc has it). The percentiles
 * come from every response's own time, to the microsecond: autocannon's are whole milliseconds.
 */
export function statsOf(slices) {
  const round = ms => Math.round(ms * 1000) / 1000
  const sum = pick => slices.reduce((total, slice) => total + pick(slice), 0)
  const requests = sum(slice => slice.requests)
  const latencies = slices.flatMap(slice => slice.latencies)
  const [p50, p99] = latencies.length === 0 ? [0, 0] : [round(quantile(latencies, 0.5)), round(quantile(latencies, 0.99))]
  const stats = { rps: requests / sum(slice => slice.seconds), p50, p99, requests }
  // The server's CPU time over the slices (user + system, its GC threads included), a request:
  // steadier than requests a second where the load generator shares the cores.
  if (requests > 0 && slices.every(slice => slice.cpuMicros !== undefined)) stats.cpuUs = sum(slice => slice.cpuMicros) / requests
  return stats
}

/** The mock's requests a second over the baseline's, turn by turn (the slices measured one after the other). */
export function turnRatios(mockSlices, baselineSlices) {
  return mockSlices.map((slice, turn) => (slice.requests / slice.seconds) / (baselineSlices[turn].requests / baselineSlices[turn].seconds))
}

/**
 * A throughput row: the mock against the baseline, with its ratios and whether its targets hold.
 * The targets are the in-memory store's: a row of another store (`--store redis`, issue 12) is
 * measured beside them, with no target (`met: null`), and never fails `--check`.
 */
export function compareRun({ run, journal, store = 'memory', mock, baseline, minRatio }) {
  const ratio = mock.rps / baseline.rps
  // A p99 of 0 (a baseline faster than the timer) is counted as 0.01 ms.
  const p99Ratio = mock.p99 / Math.max(baseline.p99, 0.01)
  if (store !== 'memory') return { run, journal, store, mock, baseline, ratio, p99Ratio, met: null }
  const met = (minRatio === undefined || ratio >= minRatio) && p99Ratio <= targets.maxP99Ratio
  return { run, journal, store, mock, baseline, ratio, p99Ratio, minRatio, met }
}

/** A row with a single figure and an upper bound (start-up ms, heap bytes a session). */
export function compareFigure({ run, journal, value, unit, max }) {
  return { run, journal, value, unit, max, met: value <= max }
}

const number = value => Math.round(value).toLocaleString('en-US')
const millis = ms => (Number.isInteger(ms) ? String(ms) : ms.toFixed(2))
const latency = stats => `${millis(stats.p50)} / ${millis(stats.p99)}`

// A server's CPU time a request (µs), one decimal; a dash where it was not measured (no /proc).
const cpu = stats => (stats.cpuUs === undefined ? '–' : stats.cpuUs.toFixed(1))

/** The results as a Markdown table, as the README shows them. */
export function formatTable(rows) {
  const lines = [
    '| run | journal | bare Fastify req/s (p50 / p99 ms) | flinks-mock req/s (p50 / p99 ms) | ratio | p99 ratio | CPU µs a request, bare / mock | target | met |',
    '|---|---|---|---|---|---|---|---|---|'
  ]
  for (const row of rows) {
    if ('value' in row) {
      lines.push(`| ${row.run} | ${row.journal} | | ${number(row.value)} ${row.unit} | | | | ≤ ${number(row.max)} ${row.unit} | ${row.met ? 'yes' : 'no'} |`)
      continue
    }
    const target = row.met === null
      ? 'none (measured)'
      : [row.minRatio === undefined ? undefined : `ratio ≥ ${row.minRatio.toFixed(2)}`, `p99 ≤ ${targets.maxP99Ratio}×`].filter(Boolean).join(', ')
    const met = row.met === null ? '' : row.met ? 'yes' : 'no'
    lines.push(`| ${row.store === 'memory' ? row.run : `${row.run}, ${row.store} store`} | ${row.journal} | ${number(row.baseline.rps)} (${latency(row.baseline)}) | ${number(row.mock.rps)} (${latency(row.mock)}) | ${row.ratio.toFixed(2)} | ${row.p99Ratio.toFixed(2)} | ${cpu(row.baseline)} / ${cpu(row.mock)} | ${target} | ${met} |`)
  }
  return lines.join('\n')
}

/** The rows whose targets are missed (rows without a target are never missed). */
export function missedRows(rows) {
  return rows.filter(row => row.met === false)
}

/**
 * What a ratio means on the host that measured it (`--calibrate`): `points` are ratios of baselines
 * that each work `workUs` µs more a request (0 for the bare baseline, ratio 1), measured in the same
 * turns. Returns the work, in µs a request, at which the baselines' ratio falls to `ratio`, between
 * the two points it lies between (the first such pair, should noise make the ratios rise somewhere);
 * `{ moreThan }` the most work calibrated when even that baseline kept a higher ratio. To 0.01 µs.
 */
export function workEquivalent(points, ratio) {
  const sorted = [...points].sort((a, b) => a.workUs - b.workUs)
  for (let i = 0; i + 1 < sorted.length; i++) {
    const [a, b] = [sorted[i], sorted[i + 1]]
    if (ratio <= a.ratio && ratio >= b.ratio) return a.ratio === b.ratio ? a.workUs : Math.round((a.workUs + (a.ratio - ratio) / (a.ratio - b.ratio) * (b.workUs - a.workUs)) * 100) / 100
  }
  const first = sorted[0]
  if (first !== undefined && ratio >= first.ratio) return first.workUs
  return { moreThan: sorted.at(-1)?.workUs ?? 0 }
}

const microseconds = work => (typeof work === 'number' ? work.toFixed(1) : `more than ${work.moreThan}`)

/**
 * The calibration as a Markdown table: for each calibrated run, the ratio of each baseline that
 * works more a request, then each mock's ratio and its target's as the work that gives them.
 */
export function formatCalibration(calibrations) {
  const lines = [
    '| run | side | ratio | as bare Fastify working µs more a request |',
    '|---|---|---|---|'
  ]
  for (const { run, points, rows } of calibrations) {
    for (const point of points) if (point.workUs > 0) lines.push(`| ${run} | bare Fastify + ${point.workUs} µs | ${point.ratio.toFixed(2)} | ${point.workUs} |`)
    for (const row of rows) {
      lines.push(`| ${run} | flinks-mock, journal ${row.journal} | ${row.ratio.toFixed(2)} | ${microseconds(workEquivalent(points, row.ratio))} |`)
    }
    const minRatio = rows.find(row => row.minRatio !== undefined)?.minRatio
    if (minRatio !== undefined) lines.push(`| ${run} | the target | ${minRatio.toFixed(2)} | ${microseconds(workEquivalent(points, minRatio))} |`)
  }
  return lines.join('\n')
}
