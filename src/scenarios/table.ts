/** The README's scenario table, written from the scenario files so the two cannot drift. */
import { nameMatchThreshold } from '../sessions/lifecycle.js'
import type { LoadedScenario } from './loader.js'
import { finalStatuses, type Scenario } from './schema.js'

const code = (text: string) => `\`${text}\``

// What a fault hits: the create call, or the requests of a path scenario (with its share of them).
function targetOf(scenario: Scenario): string {
  const { path, method, fraction } = scenario.match
  if (path === undefined) return 'create'
  const share = fraction === undefined ? '' : ` (${Number((fraction * 100).toFixed(2))} % of them)`
  return `${method === undefined ? 'any request to' : method} ${path}${share}`
}

/** In words: what a session, the create call or the requests of a path fault end in under this scenario. */
export function outcomeOf(scenario: Scenario): string {
  const delay = scenario.delayMs ? ` after ${scenario.delayMs / 1000} s` : ''
  if (scenario.error) {
    const retry = scenario.error.retryAfterSeconds === undefined ? '' : ` with Retry-After ${scenario.error.retryAfterSeconds}`
    return `HTTP ${scenario.error.status} on ${targetOf(scenario)}${retry}${delay}`
  }
  if (scenario.dropConnection) return `connection closed without an answer on ${targetOf(scenario)}${delay}`
  if (scenario.match.path !== undefined) return `answered${delay || ' as usual'} on ${targetOf(scenario)}`
  const lifecycle = scenario.lifecycle
  if (!lifecycle) return `created${delay}; waits for its user`
  if (lifecycle.autoplay === false) {
    // The sandbox scenarios wait for their payor; autoplay is asked for by name.
    const user = lifecycle.login ? ` (log in as ${code(lifecycle.login.username)} / ${code(lifecycle.login.password)})` : ''
    const played = outcomeOf({ ...scenario, lifecycle: { ...lifecycle, autoplay: true } })
    return `waits for its payor${user}, else Expired (EFT0601) after the session timeout; approved, or with autoplay (${code(`${matchOf(scenario)}`.replace(/`/g, '') + ':autoplay')}): ${played}`
  }
  // Payment statuses belong to e-Transfer sessions, which carry no EFT status codes (only EFT and GEFT do).
  const eTransfer = [...lifecycle.flow, ...(lifecycle.settlement ?? [])].some(e => e.transaction !== undefined)
  const codeOf = (statusDetails: string) => (eTransfer ? '' : ` (${statusDetails})`)
  const last = lifecycle.flow.reduce((a, b) => (b.afterSeconds >= a.afterSeconds ? b : a))
  // Names are matched where the flow says, else on completion (as the lifecycle plans it).
  const check = lifecycle.flow.find(e => e.identityCheck) ?? (last.status === 'Completed' ? last : undefined)
  if (lifecycle.expectedPayor === undefined && (lifecycle.nameMatch ?? 100) < nameMatchThreshold && check) {
    // The step that fails the check does not move the payment itself: only one started before it fails.
    const paid = lifecycle.flow.some(e => e !== check && e.transaction && e.afterSeconds <= check.afterSeconds)
    return `Failed by the identity check${codeOf('EFT0403')} at ${check.afterSeconds} s${paid ? ', payment Failed' : ''}`
  }
  const payment = lifecycle.flow.map(e => e.transaction).filter(Boolean).at(-1)
  if (!finalStatuses.has(last.status)) {
    return `Expired${codeOf('EFT0601')} after the session timeout${payment ? ', payment Expired' : ''}`
  }
  const status = last.statusDetails && !eTransfer ? `${last.status}/${last.statusDetails}` : last.status
  const settled = lifecycle.settlement?.at(-1)?.transaction
  const paymentText = payment ? `, payment ${payment}${settled && last.status === 'Completed' ? ` then ${settled}` : ''}` : ''
  const names = lifecycle.expectedPayor ? `; another payor name fails the identity check${codeOf('EFT0403')}` : ''
  return `${status} at ${last.afterSeconds} s${paymentText}${names}`
}

function matchOf(scenario: Scenario): string {
  const { referenceId, referenceIdPrefix, referenceIdPattern, path } = scenario.match
  if (path !== undefined) return `path ${code(path)}`
  if (referenceId !== undefined) return code(referenceId)
  if (referenceIdPrefix !== undefined) return `${code(referenceIdPrefix)}…`
  return `/${referenceIdPattern}/`
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

/** The markdown table of scenarios: referenceId, outcome, description, source. */
export function scenarioTable(scenarios: readonly LoadedScenario[]): string {
  const rows = scenarios.map(s =>
    `| ${matchOf(s)} | ${cell(outcomeOf(s))} | ${cell(s.description)}${s.documented ? ` (Flinks: ${cell(s.documented)})` : ''} | ${code(s.source)} |`)
  return ['| referenceId | Ends in | What happens | File |', '| --- | --- | --- | --- |', ...rows].join('\n')
}
