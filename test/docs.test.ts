import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import t from 'tap'
import { parse as parseYaml } from 'yaml'
import { generatedDocs } from '../scripts/docs-content.mjs'
import { configFileSetting, configSchema, defaultOf, loadConfig, settings } from '../src/config.js'
import { defaultScenarioDir, readScenarioDirs } from '../src/scenarios/loader.js'
import { scenarioFileSchema } from '../src/scenarios/schema.js'
import { scenarioTable } from '../src/scenarios/table.js'
import { coverageFlags, coverageUsage } from '../src/coverage/command.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const modules = () => ({
  settings, configFileSetting, configSchema, defaultOf, scenarioFileSchema, scenarioTable, defaultScenarios: readScenarioDirs([defaultScenarioDir]),
  fidelity: parseYaml(readFileSync(new URL('../fidelity.yaml', import.meta.url), 'utf8'))
})
const docs = () => generatedDocs(modules())

t.test('scenarios/schema.json is the schema the loader uses (run `npm run docs` when this fails)', async t => {
  t.equal(readFileSync(new URL('../scenarios/schema.json', import.meta.url), 'utf8'), docs().schemaJson)
})

t.test('config.schema.json is written from the schema the config loader uses (run `npm run docs` when this fails)', async t => {
  t.equal(readFileSync(new URL('../config.schema.json', import.meta.url), 'utf8'), docs().configSchemaJson)
})

t.test('config.schema.json accepts the config files the loader accepts, $schema included, and refuses unknown keys', async t => {
  const validate = new Ajv({ strict: true }).compile(JSON.parse(docs().configSchemaJson))
  for (const name of ['settings.yaml', 'settings.json', 'with-schema.json']) {
    const file = new URL(`fixtures/config/${name}`, import.meta.url)
    t.ok(validate(parseYaml(readFileSync(file, 'utf8'))), name)
    t.ok(loadConfig({ argv: ['--config', file.pathname] }), name)
  }
  t.notOk(validate({ tokenTTL: 5 }))
  t.ok(validate({}), 'nothing is required: every setting has a default')
})

t.test('config.schema.json ships with the package', async t => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { files: string[] }
  t.ok(pkg.files.includes('config.schema.json'))
})

t.test('the README tables are the ones generated from the scenario files and settings', async t => {
  t.equal(readme, docs().updateReadme(readme))
})

t.test('the configuration table gives every setting its flag, variable, config-file key and default', async t => {
  const lines = docs().tables.config.split('\n')
  t.equal(lines[0], '| Flag | Environment variable | Config-file key | Default | Meaning |')
  t.ok(lines.includes('| `--port` | `PORT` | `port` | `8080` | TCP port to listen on (0 picks a free one). |'))
  t.ok(lines.includes('|  | `FLINKS_MOCK_CLIENTS` | `clients` | one client, `flinks-mock-client` / `flinks-mock-secret` | The API clients, as a JSON array (see "Clients"). |'))
  for (const key of Object.keys(configSchema.properties)) t.ok(lines.some(line => line.includes(` \`${key}\` |`)), `${key} is documented`)
})

t.test('updating a README without the markers fails loudly', async t => {
  t.throws(() => docs().updateReadme('no markers'), /README.md has no <!-- generated:scenarios --> \.\.\. <!-- \/generated:scenarios --> block/)
})

t.test('every environment variable and flag the README names is a real setting', async t => {
  const { tables } = docs()
  for (const name of readme.matchAll(/`(FLINKS_MOCK_[A-Z_]+)`/g)) t.match(tables.config, name[1] as string, `${name[1]} is a setting`)
  for (const flag of readme.matchAll(/`--([a-z-]+)/g)) {
    if (flag[1] === 'help') continue
    // `flinks-mock coverage` reads a running mock: its flags are its own, listed by its --help.
    if ((coverageFlags as readonly string[]).includes(flag[1] as string)) {
      t.ok(coverageUsage().includes(`--${flag[1]} `), `--${flag[1]} is a flag of flinks-mock coverage`)
      continue
    }
    // `--no-<flag>` turns a boolean setting off.
    const name = (flag[1] as string).replace(/^no-/, '')
    t.match(tables.config, new RegExp(`\\| \`--${name}( FILE)?\` \\|`), `--${flag[1]} is a setting`)
  }
})

t.test('the fidelity table lists its rows in the fact sheet\'s order, the file\'s order among equals', async t => {
  const row = (section: string, documented: string) => ({ section, documented, mock: 'm', file: 'test/f.test.ts', test: 'n' })
  const fidelity = {
    behaviours: [row('§10', 'a'), row('§2', 'b'), row('§7.1', 'c'), row('§2', 'd'), row('§7', 'e')],
    guesses: [{ section: '§7.2', guess: 'x', default: 'y', switch: null }, { section: '§7.10', guess: 'z', default: 'w', switch: 'clients[].maximumEftAmount' }]
  }
  const table = generatedDocs({ ...modules(), fidelity }).tables.fidelity
  t.strictSame([...table.matchAll(/^\| (§[\d.]+) \| (\w) \|/gm)].map(m => `${m[1]} ${m[2]}`), ['§2 b', '§2 d', '§7 e', '§7.1 c', '§10 a', '§7.2 x', '§7.10 z'])
  t.ok(table.includes('| §7.2 | x | y | none |'))
  t.ok(table.includes('| §7.10 | z | w | `clients[].maximumEftAmount` |'))
})
