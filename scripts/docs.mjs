// Writes the generated documentation: config.schema.json, scenarios/schema.json and the README's
// generated tables (scenarios, settings, and fidelity from fidelity.yaml). Run with `npm run docs`
// (it builds first: the data comes from dist/);
// test/docs.test.ts fails when these are stale.
import { writeFileSync, readFileSync } from 'node:fs'
import { configFileSetting, configSchema, defaultOf, settings } from '../dist/config.js'
import { defaultScenarioDir, readScenarioDirs } from '../dist/scenarios/loader.js'
import { scenarioFileSchema } from '../dist/scenarios/schema.js'
import { scenarioTable } from '../dist/scenarios/table.js'
import { parse as parseYaml } from 'yaml'
import { generatedDocs } from './docs-content.mjs'

const docs = generatedDocs({
  settings, configFileSetting, configSchema, defaultOf, scenarioFileSchema, scenarioTable, defaultScenarios: readScenarioDirs([defaultScenarioDir]),
  fidelity: parseYaml(readFileSync(new URL('../fidelity.yaml', import.meta.url), 'utf8'))
})
writeFileSync(new URL('../scenarios/schema.json', import.meta.url), docs.schemaJson)
writeFileSync(new URL('../config.schema.json', import.meta.url), docs.configSchemaJson)
const readmeUrl = new URL('../README.md', import.meta.url)
writeFileSync(readmeUrl, docs.updateReadme(readFileSync(readmeUrl, 'utf8')))
console.log('wrote config.schema.json, scenarios/schema.json and the README tables')
