import type { LoadedScenario } from './loader.js'

/** A number in [0, 1) from the seeded generator, for scenarios that hit a fraction of requests. */
export type Roll = () => number

/** The loaded scenarios, looked up by referenceId or by request path. */
export interface ScenarioSet {
  /** The scenario for a new session's referenceId: exact match, then the longest prefix, then the first pattern. */
  match(referenceId: string | null | undefined, roll?: Roll): LoadedScenario | undefined
  /** The fault scenario for a request (match.path), if any. */
  faultFor(method: string, path: string, roll?: Roll): LoadedScenario | undefined
  /** Every scenario in effect, in load order. */
  readonly all: readonly LoadedScenario[]
  /** Whether any scenario matches by path (faultFor can find one). */
  readonly hasPathFaults: boolean
}

/** The scenarios in effect: a reload replaces `current`, so readers hold the holder, never the set. */
export interface ScenarioHolder {
  current: ScenarioSet
}

/** `/api/v2/sessions/*` as a case-insensitive regular expression; `*` is one path segment. */
function pathPattern(path: string): RegExp {
  const escaped = path.split('*').map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')
  return new RegExp(`^${escaped}/?$`, 'i')
}

/** A scenario with a fraction applies to that share of the requests it matches (to all without a roll). */
const applies = (scenario: LoadedScenario | undefined, roll: Roll | undefined) =>
  scenario !== undefined && (scenario.match.fraction === undefined || roll === undefined || roll() < scenario.match.fraction) ? scenario : undefined

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
  const paths: Array<[RegExp, LoadedScenario]> = []
  for (const scenario of all) {
    const { referenceId, referenceIdPrefix, referenceIdPattern, path } = scenario.match
    if (referenceId !== undefined) exact.set(referenceId, scenario)
    if (referenceIdPrefix !== undefined) prefixes.push([referenceIdPrefix, scenario])
    if (referenceIdPattern !== undefined) patterns.unshift([new RegExp(referenceIdPattern), scenario])
    if (path !== undefined) paths.unshift([pathPattern(path), scenario])
  }
  // Longest prefix first; among equals, the later-loaded one (stable sort of the reversed list).
  prefixes.reverse().sort((a, b) => b[0].length - a[0].length)
  const byReference = (referenceId: string): LoadedScenario | undefined => {
    const found = exact.get(referenceId)
    if (found) return found
    for (const [prefix, scenario] of prefixes) if (referenceId.startsWith(prefix)) return scenario
    for (const [pattern, scenario] of patterns) if (pattern.test(referenceId)) return scenario
    return undefined
  }
  return {
    match: (referenceId, roll) => (typeof referenceId === 'string' ? applies(byReference(referenceId), roll) : undefined),
    faultFor(method, path, roll) {
      const found = paths.find(([pattern, scenario]) => pattern.test(path) && (scenario.match.method === undefined || scenario.match.method === method))
      return applies(found?.[1], roll)
    },
    all,
    hasPathFaults: paths.length > 0
  }
}
