/** A virtual clock: real time plus an offset, which can be frozen and moved forward. */
export interface Clock {
  /** Milliseconds since the epoch, as the mock sees it. */
  now(): number
  /** Moves the clock forward; negative or non-finite amounts are refused. */
  advance(seconds: number): void
  /** Stops the clock at its current reading until `unfreeze()`. */
  freeze(): void
  /** Lets the clock run again from where it stands. */
  unfreeze(): void
  /** True while the clock is frozen. */
  readonly frozen: boolean
}

/** Creates a clock that reads `realNow` (Date.now by default) plus an offset. */
export function createClock(realNow: () => number = Date.now): Clock {
  let offsetMs = 0
  let frozenAt: number | undefined
  return {
    now: () => frozenAt ?? realNow() + offsetMs,
    advance(seconds) {
      if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`cannot move the clock by ${seconds} seconds`)
      if (frozenAt === undefined) offsetMs += seconds * 1000
      else frozenAt += seconds * 1000
    },
    freeze() {
      frozenAt ??= realNow() + offsetMs
    },
    unfreeze() {
      if (frozenAt === undefined) return
      offsetMs = frozenAt - realNow()
      frozenAt = undefined
    },
    get frozen() {
      return frozenAt !== undefined
    }
  }
}
