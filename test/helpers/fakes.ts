/** Deterministic stand-ins for the clock's real time and the id generator. */
import { createClock, type Clock } from '../../src/clock.js'
import type { Ids } from '../../src/ids.js'

/** A real-time function the test moves by hand, and a clock reading it. */
export function fakeTime(startIso = '2026-06-04T14:30:00.000Z'): { clock: Clock, real: { ms: number }, realNow: () => number } {
  const real = { ms: Date.parse(startIso) }
  const realNow = () => real.ms
  return { clock: createClock(realNow), real, realNow }
}

/** Ids that count: uuids `00000000-0000-4000-8000-000000000001`, ..., digits `1000001`, .... */
export function countingIds(): Ids {
  let n = 0
  return {
    uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    traceId: () => `00-${String(++n).padStart(32, '0')}-${String(n).padStart(16, '0')}-00`,
    digits: length => String(++n).padStart(length, '1').slice(-length),
    fraction: () => 0.5,
    reset: () => {
      n = 0
    }
  }
}
