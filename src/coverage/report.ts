/** The coverage report: every case of the catalogue, covered or not, with how often it was met. */
import type { CatalogueGroup } from './catalogue.js'
import type { ClientCoverage } from './log.js'

/** One case of a report. */
export interface CoverageCase {
  id: string
  description: string
  covered: boolean
  /** How often the client met it (for a behaviour: how often it behaved so; for a webhook: deliveries answered 2xx). */
  count: number
  /** Behaviours only: how often the client did otherwise (any makes the case uncovered). */
  violations?: number
  /** Webhooks only: deliveries not answered 2xx (or not delivered). */
  failed?: number
}

/** One group of a report. */
export interface CoverageGroup {
  name: string
  cases: number
  covered: number
  items: CoverageCase[]
}

/** The coverage of one client (or of all, `clientId` null), since the last reset. */
export interface CoverageReport {
  clientId: string | null
  cases: number
  covered: number
  groups: CoverageGroup[]
}

// A case met by the given clients, counted; ids of the `operation:<operationId>:<status>` form are read per operation.
function countOf(records: ClientCoverage[], key: string): number {
  let total = 0
  for (const record of records) total += record.counts.get(key) ?? 0
  return total
}

function operationCount(records: ClientCoverage[], id: string): number {
  const [, operationId = '', status = ''] = id.split(':')
  let total = 0
  for (const record of records) total += record.operations.get(operationId)?.get(Number(status)) ?? 0
  return total
}

function caseOf(group: string, id: string, description: string, records: ClientCoverage[]): CoverageCase {
  if (group === 'operations') {
    const count = operationCount(records, id)
    return { id, description, covered: count > 0, count }
  }
  const count = countOf(records, id)
  if (group === 'behaviours') {
    const violations = countOf(records, `${id}:violated`)
    return { id, description, covered: count > 0 && violations === 0, count, violations }
  }
  if (group === 'webhooks') return { id, description, covered: count > 0, count, failed: countOf(records, `${id}:failed`) }
  return { id, description, covered: count > 0, count }
}

/** The report of the given records (one client's, or every client's summed) against the catalogue. */
export function buildReport(catalogue: CatalogueGroup[], records: ClientCoverage[], clientId: string | null): CoverageReport {
  const groups = catalogue.map(({ name, cases }): CoverageGroup => {
    const items = cases.map(c => caseOf(name, c.id, c.description, records))
    return { name, cases: items.length, covered: items.filter(c => c.covered).length, items }
  })
  return {
    clientId,
    cases: groups.reduce((n, g) => n + g.cases, 0),
    covered: groups.reduce((n, g) => n + g.covered, 0),
    groups
  }
}
