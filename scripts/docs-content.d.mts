// Types of docs-content.mjs, for test/docs.test.ts (the project type-checks TypeScript only).
import type { configFileSetting, configSchema, defaultOf, settings } from '../src/config.js'
import type { LoadedScenario } from '../src/scenarios/loader.js'
import type { scenarioFileSchema } from '../src/scenarios/schema.js'
import type { scenarioTable } from '../src/scenarios/table.js'

/** What the generator reads: the modules of src/ (or their build in dist/) and the shipped scenarios. */
export interface DocsModules {
  settings: typeof settings
  configFileSetting: typeof configFileSetting
  configSchema: typeof configSchema
  defaultOf: typeof defaultOf
  scenarioFileSchema: typeof scenarioFileSchema
  scenarioTable: typeof scenarioTable
  defaultScenarios: LoadedScenario[]
  fidelity: Fidelity
}

/** fidelity.yaml: documented behaviours with the test that checks each, and guesses with their switch. */
export interface Fidelity {
  behaviours: Array<{ section: string, documented: string, mock: string, file: string, test: string }>
  guesses: Array<{ section: string, guess: string, default: string, switch: string | null }>
}

/** The generated documents, and a function that puts the tables into the README text. */
export function generatedDocs(modules: DocsModules): {
  schemaJson: string
  configSchemaJson: string
  tables: Record<'scenarios' | 'config' | 'fidelity', string>
  updateReadme: (readme: string) => string
}
