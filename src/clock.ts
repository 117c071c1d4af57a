/** What a clock's reading is made of, as a shared store keeps it: the offset, or the frozen time. */
export interface ClockSetting {
  offsetMs: number
  frozenAtMs: number | null
}

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
  /** Back to real time, running. */
  reset(): void
  /** Calls `listener` after every change made through this interface (not as real time passes). */
  onChange(listener: () => void): void
  /** True while the clock is frozen. */
  readonly frozen: boolean
  /** How far the clock is ahead of real time, in milliseconds. */
  readonly offsetMs: number
  /** The setting to share with other replicas (the Redis store keeps it). */
  readonly setting: ClockSetting
  /** Takes a setting read from the shared store; listeners hear of it only when it differs. */
  adopt(setting: ClockSetting): void
}

/** The latest time the clock may show (the end of the year 9999): Date and ISO strings hold it. */
export const latestClockMs = Date.UTC(9999, 11, 31, 23, 59, 59)

/** Creates a clock that reads `realNow` (Date.now by default) plus an offset. */
export function createClock(realNow: () => number = Date.now): Clock {
  let offsetMs = 0
  let frozenAt: number | undefined
  const listeners: Array<() => void> = []
  const changed = () => {
    for (const listener of listeners) listener()
  }
  return {
    now: () => frozenAt ?? realNow() + offsetMs,
    advance(seconds) {
      if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`cannot move the clock by ${seconds} seconds`)
      if ((frozenAt ?? realNow() + offsetMs) + seconds * 1000 > latestClockMs) throw new RangeError(`cannot move the clock past ${new Date(latestClockMs).toISOString()}`)
      if (frozenAt === undefined) offsetMs += seconds * 1000
      else frozenAt += seconds * 1000
      changed()
    },
    freeze() {
      frozenAt ??= realNow() + offsetMs
      changed()
    },
    unfreeze() {
      if (frozenAt !== undefined) {
        offsetMs = frozenAt - realNow()
        frozenAt = undefined
      }
      changed()
    },
    reset() {
      offsetMs = 0
      frozenAt = undefined
      changed()
    },
    onChange(listener) {
      listeners.push(listener)
    },
    get frozen() {
      return frozenAt !== undefined
    },
    get offsetMs() {
      return (frozenAt ?? realNow() + offsetMs) - realNow()
    },
    get setting() {
      return { offsetMs, frozenAtMs: frozenAt ?? null }
    },
    adopt(setting) {
      if (setting.offsetMs === offsetMs && setting.frozenAtMs === (frozenAt ?? null)) return
      offsetMs = setting.offsetMs
      frozenAt = setting.frozenAtMs ?? undefined
      changed()
    }
  }
}

/**
 * The clocks clients read: the shared one, and the own clocks some clients were given
 * (POST /__admin/clocks). A client without one reads the shared clock.
 */
export interface ClockRegistry {
  /** The clock everyone without an own clock reads (GET /__admin/clock). */
  readonly shared: Clock
  /** The client's own clock, or the shared one. */
  of(clientId: string | undefined): Clock
  /** The client's own clock, if it has one. */
  own(clientId: string): Clock | undefined
  /** Gives a client its own clock, reading what the shared clock reads now (and frozen when it is); an existing one is kept. */
  create(clientId: string): Clock
  /** Takes a client's own clock away (back to the shared one), or every own clock. */
  drop(clientId?: string): void
  /** The clients with an own clock, in the order they got it. */
  list(): Array<{ clientId: string, clock: Clock }>
  /** Calls `listener` after any clock changed, was created or dropped; `clientId` names the own clock concerned, undefined for the shared one. */
  onChange(listener: (clientId: string | undefined) => void): void
  /**
   * Takes the own clocks a shared store holds (in the order they were given): creates, moves and
   * drops clocks here to match, except those of the clients `keep` names (changed here since the read).
   */
  adopt(stored: readonly OwnClockSetting[], keep?: (clientId: string) => boolean): void
}

/** A client's own clock as a shared store keeps it. */
export interface OwnClockSetting {
  clientId: string
  setting: ClockSetting
}

/** Creates the registry around the shared clock; own clocks follow the real time the shared one follows. */
export function createClockRegistry(shared: Clock): ClockRegistry {
  const realNow = () => shared.now() - shared.offsetMs
  let owns = new Map<string, Clock>()
  const listeners: Array<(clientId: string | undefined) => void> = []
  const changed = (clientId: string | undefined) => {
    for (const listener of listeners) listener(clientId)
  }
  shared.onChange(() => changed(undefined))
  return {
    shared,
    of: clientId => (clientId === undefined ? undefined : owns.get(clientId)) ?? shared,
    own: clientId => owns.get(clientId),
    create(clientId) {
      const existing = owns.get(clientId)
      if (existing !== undefined) return existing
      const clock = createClock(realNow)
      const now = shared.now()
      clock.adopt({ offsetMs: now - realNow(), frozenAtMs: shared.frozen ? now : null })
      owns.set(clientId, clock)
      clock.onChange(() => changed(clientId))
      changed(clientId)
      return clock
    },
    drop(clientId) {
      const dropped = clientId === undefined ? [...owns.keys()] : owns.has(clientId) ? [clientId] : []
      for (const id of dropped) {
        owns.delete(id)
        changed(id)
      }
    },
    list: () => [...owns].map(([clientId, clock]) => ({ clientId, clock })),
    onChange(listener) {
      listeners.push(listener)
    },
    adopt(stored, keep = () => false) {
      const next = new Map<string, Clock>()
      const fresh: string[] = []
      for (const { clientId, setting } of stored) {
        if (keep(clientId)) continue
        let clock = owns.get(clientId)
        if (clock === undefined) {
          clock = createClock(realNow)
          clock.adopt(setting)
          clock.onChange(() => changed(clientId))
          fresh.push(clientId)
        }
        next.set(clientId, clock)
      }
      // The clients kept keep their clock (or their lack of one) where they are in the order.
      const gone = [...owns.keys()].filter(clientId => !next.has(clientId) && !keep(clientId))
      for (const [clientId, clock] of owns) if (keep(clientId)) next.set(clientId, clock)
      owns = next
      for (const clientId of [...fresh, ...gone]) changed(clientId)
      for (const { clientId, setting } of stored) if (!keep(clientId)) (owns.get(clientId) as Clock).adopt(setting)
    }
  }
}

const dayMs = 86_400_000
// The furthest a Date reaches either side of the epoch (ECMA-262 TimeClip).
const latestDateMs = 8.64e15
// The day isoString last wrote, and its text up to the time ('2026-06-04T', '+012345-06-07T').
let isoDay = Number.NaN
let isoDayText = ''
const twoDigits = (n: number): string => (n < 10 ? `0${n}` : `${n}`)

/**
 * `new Date(ms).toISOString()`, the date taken from the last call's when it is the same day: a
 * details read writes its session's createdAt, and the Date and its formatting cost more than the
 * rest of the time's text together (issue 11). A time that is no whole millisecond, or past what a
 * Date holds, goes to Date (which truncates the one and throws a RangeError for the other).
 */
export function isoString(ms: number): string {
  if (!Number.isInteger(ms) || Math.abs(ms) > latestDateMs) return new Date(ms).toISOString()
  const day = Math.floor(ms / dayMs) * dayMs
  if (day !== isoDay) {
    const text = new Date(day).toISOString()
    isoDayText = text.slice(0, text.indexOf('T') + 1)
    isoDay = day
  }
  const inDay = ms - day
  const millis = inDay % 1000
  const seconds = (inDay - millis) / 1000
  return `${isoDayText}${twoDigits(Math.floor(seconds / 3600))}:${twoDigits(Math.floor(seconds / 60) % 60)}:${twoDigits(seconds % 60)}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`
}
