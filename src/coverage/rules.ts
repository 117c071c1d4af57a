/**
 * The rules of `flinks-mock coverage --min <rule>`: which cases must be covered.
 *
 * - `all`: every case;
 * - a group name (`operations`, `scenarios`, `final-statuses`, `status-codes`, `payment-statuses`,
 *   `page-actions`, `page-outcomes`, `error-classes`, `behaviours`, `webhooks`): every case of the group;
 * - a case id (`scenario:Happy1`, `operation:InitiateSession:201`, `final-status:Completed`);
 * - a case id with `*` standing for any text (`operation:InitiateSession:*`, `status-code:EFT04*`).
 */
import type { CoverageCase, CoverageReport } from './report.js'

/** What a check found: the required cases never exercised, and the rules that name no case. */
export interface CoverageCheck {
  missing: CoverageCase[]
  /** Rules matching no case of the report (a typo, or a scenario not loaded): a check with any fails. */
  unknownRules: string[]
}

function matcherOf(rule: string): (group: string, id: string) => boolean {
  if (rule === 'all') return () => true
  if (!rule.includes(':')) return group => group === rule
  const pattern = new RegExp(`^${rule.split('*').map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)
  return (_group, id) => pattern.test(id)
}

/** The cases the rules require that the report shows uncovered, in report order, each once. */
export function checkCoverage(report: CoverageReport, rules: readonly string[]): CoverageCheck {
  const missing: CoverageCase[] = []
  const unknownRules: string[] = []
  const required = new Set<string>()
  for (const rule of rules) {
    const matches = matcherOf(rule)
    let matched = false
    for (const group of report.groups) {
      for (const item of group.items) {
        if (!matches(group.name, item.id)) continue
        matched = true
        required.add(item.id)
      }
    }
    if (!matched) unknownRules.push(rule)
  }
  for (const group of report.groups) for (const item of group.items) if (required.has(item.id) && !item.covered) missing.push(item)
  return { missing, unknownRules }
}
