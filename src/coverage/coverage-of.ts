/** The coverage of a client, from the mock's state: the catalogue of what it serves against what the client met. */
import type { ApiDocument } from '../openapi/document.js'
import type { LoadedScenario } from '../scenarios/loader.js'
import type { MockState } from '../state.js'
import { buildCatalogue, type CatalogueGroup } from './catalogue.js'
import { buildReport, type CoverageReport } from './report.js'

// A catalogue changes only with the document (a user's --openapi one) and the scenarios (a reload
// replaces their list as a whole): it is built once per pair.
const catalogues = new WeakMap<ApiDocument, WeakMap<readonly LoadedScenario[], CatalogueGroup[]>>()

/** The coverage report of a client since its last reset, or of every client summed (no clientId). */
export function coverageOf(state: Pick<MockState, 'api' | 'hostedPageApi' | 'scenarios' | 'coverage'>, clientId?: string): CoverageReport {
  const scenarios = state.scenarios.current.all
  let byScenarios = catalogues.get(state.api)
  if (byScenarios === undefined) {
    byScenarios = new WeakMap()
    catalogues.set(state.api, byScenarios)
  }
  let catalogue = byScenarios.get(scenarios)
  if (catalogue === undefined) {
    catalogue = buildCatalogue(state.api, state.hostedPageApi, scenarios)
    byScenarios.set(scenarios, catalogue)
  }
  return buildReport(catalogue, state.coverage.snapshot(clientId), clientId ?? null)
}
