/**
 * Keeps one of process.nextTick's queue entries alive for the life of the process (issue 11).
 *
 * Node 20 (V8 11.3) makes each entry with an object literal whose first members have computed
 * (symbol) names; V8 records, at each member, the shape the object had, and holds those shapes
 * only weakly. Between two ticks no entry is alive, so a full collection while the mock starts
 * (it loads and compiles its documents) collects the shapes, and the next entry, made with new
 * ones, turns the feedback megamorphic for good: from then on every nextTick (several a request:
 * streams, sockets) adds its members through the runtime. Measured on the mock under authorize +
 * create: 6 % of the main thread (2 µs a request), in every process whose start-up collected them.
 * An entry kept alive keeps its shape, and the shapes before it, alive.
 */
import { createHook } from 'node:async_hooks'

let held: object | undefined

/** Catches one queue entry (an async hook sees it made) and holds it; returns it. Call it first thing. */
export function holdTickShape(): object | undefined {
  if (held !== undefined) return held
  const made: object[] = []
  const hook = createHook({
    init (_asyncId, type, _triggerAsyncId, resource) {
      if (type === 'TickObject') made.push(resource)
    }
  })
  hook.enable()
  process.nextTick(() => {})
  hook.disable()
  held = made[0]
  return held
}
