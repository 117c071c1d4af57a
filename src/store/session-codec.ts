/**
 * A session as the Redis store keeps it: JSON. A session holds its scenario; the text keeps a copy
 * of it, and a session read back takes the scenario in effect of that name when it is the same
 * one, else its copy. So a session whose scenario a reload removed or changed still reads, and
 * follows the scenario it was created with, as it does in one process (README, fidelity notes).
 */
import type { LoadedScenario } from '../scenarios/loader.js'
import type { ScenarioHolder } from '../scenarios/matcher.js'
import type { Session } from '../sessions/lifecycle.js'

/** The text a session is stored as. */
export function encodeSession(session: Session): string {
  return JSON.stringify(session)
}

/** Reads sessions back, sharing the scenarios in effect with the sessions created under them. */
export function createSessionDecoder(scenarios: ScenarioHolder): (text: string) => Session {
  // The text of each scenario in effect, by name, for the set it was made from.
  let texts = new Map<string, { scenario: LoadedScenario, text: string }>()
  let of = scenarios.current
  const inEffect = (copy: LoadedScenario): LoadedScenario => {
    if (of !== scenarios.current || texts.size === 0) {
      of = scenarios.current
      texts = new Map(of.all.map(scenario => [scenario.name, { scenario, text: JSON.stringify(scenario) }]))
    }
    const current = texts.get(copy.name)
    return current !== undefined && current.text === JSON.stringify(copy) ? current.scenario : copy
  }
  return text => {
    const session = JSON.parse(text) as Session
    if (session.scenario !== undefined) session.scenario = inEffect(session.scenario)
    return session
  }
}
