import type { LoadedScenario } from './loader.js'

/** The loaded scenarios, looked up by referenceId. */
export interface ScenarioSet {
  /** The scenario for this referenceId: exact match, then the longest prefix, then the first pattern. */
  match(referenceId: string | null | undefined): LoadedScenario | undefined
  /** Every scenario in effect, in load order. */
  readonly all: readonly LoadedScenario[]
}

/**
 * Builds the lookup. Scenarios loaded later win: a scenario with the name of an earlier one
 * replaces it, and a later exact referenceId takes the place of an earlier one, so a user's
 * directory overrides the defaults.
 */
export function createScenarioSet(loaded: readonly LoadedScenario[]): ScenarioSet {
  const byName = new Map<string, LoadedScenario>()
  for (const scenario of loaded) {
    byName.delete(scenario.name)
    byName.set(scenario.name, scenario)
  }
  const all = [...byName.values()]
  const exact = new Map<string, LoadedScenario>()
  const prefixes: Array<[string, LoadedScenario]> = []
  const patterns: Array<[RegExp, LoadedScenario]> = []
  for (const scenario of all) {
    const { referenceId, referenceIdPrefix, referenceIdPattern } = scenario.match
    if (referenceId !== undefined) exact.set(referenceId, scenario)
    if (referenceIdPrefix !== undefined) prefixes.push([referenceIdPrefix, scenario])
    if (referenceIdPattern !== undefined) patterns.unshift([new RegExp(referenceIdPattern), scenario])
  }
  // Longest prefix first; among equals, the later-loaded one (stable sort of the reversed list).
  prefixes.reverse().sort((a, b) => b[0].length - a[0].length)
  return {
    match(referenceId) {
      if (typeof referenceId !== 'string') return undefined
      const found = exact.get(referenceId)
      if (found) return found
      for (const [prefix, scenario] of prefixes) if (referenceId.startsWith(prefix)) return scenario
      for (const [pattern, scenario] of patterns) if (pattern.test(referenceId)) return scenario
      return undefined
    },
    all
  }
}
