import t from 'tap'
import { readdirSync } from 'node:fs'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defaultScenarioDir, readScenarioDirs, readScenarioFile, ScenarioError } from '../../src/scenarios/loader.js'

const fixtures = fileURLToPath(new URL('../fixtures/scenarios/', import.meta.url))
/** A fixture as the loader names it: relative to the working directory. */
const shown = (name: string) => relative(process.cwd(), `${fixtures}${name}`)

function loadError(name: string): string {
  try {
    readScenarioFile(`${fixtures}${name}`)
  } catch (error) {
    if (error instanceof ScenarioError) return error.message
    throw error
  }
  throw new Error(`${name} loaded`)
}

t.test('every shipped scenario file loads, each scenario tagged with its file', async t => {
  const files = readdirSync(defaultScenarioDir).filter(name => /\.ya?ml$/.test(name)).sort()
  t.strictSame(files, ['eft.yaml', 'errors.yaml', 'etransfer.yaml', 'geft-sandbox.yaml'])
  for (const file of files) t.ok(readScenarioFile(`${defaultScenarioDir}${file}`).length > 0, file)
  const all = readScenarioDirs([defaultScenarioDir])
  t.strictSame(all.map(s => s.name), [
    'EFT-Completed', 'EFT-LoginFailure', 'EFT-NameMismatch', 'EFT-PadNotSigned', 'EFT-InsufficientBalance', 'EFT-Abandoned',
    'Error-400', 'Error-401', 'Error-403', 'Error-429', 'Error-500', 'Error-502', 'Error-503', 'Error-504', 'Slow-Create',
    'ET-Completed', 'ET-Declined', 'ET-Expired', 'ET-Cancelled', 'ET-IdentityMismatch',
    'Happy1', 'Happy2', 'Happy3', 'Unhappy1'
  ])
  t.equal(all.find(s => s.name === 'Happy1')?.source, relative(process.cwd(), `${defaultScenarioDir}geft-sandbox.yaml`))
})

t.test('a scenario is read as written', async t => {
  const [happy] = readScenarioFile(`${fixtures}override/happy.yaml`)
  t.strictSame(happy, {
    name: 'Happy1',
    description: 'replaces the shipped Happy1',
    match: { referenceId: 'Happy1' },
    error: { status: 503, retryAfterSeconds: 5 },
    source: shown('override/happy.yaml')
  })
})

t.test('a directory is read in name order: .yaml, .yml and .json files, schema.json and other files left out', async t => {
  const loaded = readScenarioDirs([`${fixtures}good`])
  t.strictSame(loaded.map(s => [s.name, s.source]), [
    ['Exact', shown('good/a-first.yaml')],
    ['Prefix', shown('good/a-first.yaml')],
    ['LongerPrefix', shown('good/b-second.yml')],
    ['Pattern', shown('good/b-second.yml')],
    ['LatePattern', shown('good/c-third.json')]
  ])
})

t.test('directories are read in the order given', async t => {
  const loaded = readScenarioDirs([`${fixtures}override`, `${fixtures}good`])
  t.strictSame(loaded.map(s => s.name), ['Happy1', 'Exact', 'Prefix', 'LongerPrefix', 'Pattern', 'LatePattern'])
  t.strictSame(readScenarioDirs([]), [])
})

t.test('a YAML syntax error gives file:line:col and the parser\'s words', async t => {
  t.equal(loadError('bad/yaml-syntax.yaml'), `${shown('bad/yaml-syntax.yaml')}:5:1: not valid YAML: Flow map in block collection must be sufficiently indented and end with a }`)
})

t.test('a file whose aliases the YAML reader will not expand is refused with its name, not a crash', async t => {
  // 101 scenarios share one lifecycle through an alias; the reader resolves an alias 100 times at most.
  t.equal(loadError('bad/too-many-aliases.yaml'), `${shown('bad/too-many-aliases.yaml')}: refused by the YAML reader: Excessive alias count indicates a resource exhaustion attack`)
})

t.test('an unknown field gives its path and points at the schema', async t => {
  t.equal(loadError('bad/unknown-optional-field.yaml'), `${shown('bad/unknown-optional-field.yaml')}:2:5: scenarios[0].delayMS is not a known field: check its spelling against scenarios/schema.json`)
})

t.test('a misspelt required field is reported as the missing field', async t => {
  t.equal(loadError('bad/unknown-field.yaml'), `${shown('bad/unknown-field.yaml')}:6:7: scenarios[0].lifecycle.flow is required`)
  t.equal(loadError('bad/missing-description.yaml'), `${shown('bad/missing-description.yaml')}:2:5: scenarios[0].description is required`)
})

t.test('a value outside an enum lists the allowed values, at the value', async t => {
  t.equal(loadError('bad/bad-enum.yaml'), `${shown('bad/bad-enum.yaml')}:8:39: scenarios[0].lifecycle.flow[1].status must be one of: Initiated, InProgress, Completed, Failed, Cancelled, Canceled, Expired`)
})

t.test('error and lifecycle together are refused', async t => {
  t.equal(loadError('bad/error-and-lifecycle.yaml'), `${shown('bad/error-and-lifecycle.yaml')}:2:5: scenarios[0] combines outcomes that exclude each other: a scenario has one of error, dropConnection or lifecycle (delayMs goes with any)`)
})

t.test('match must hold exactly one key', async t => {
  t.equal(loadError('bad/match-none.yaml'), `${shown('bad/match-none.yaml')}:4:12: scenarios[0].match must hold exactly one of referenceId, referenceIdPrefix, referenceIdPattern, path`)
  t.equal(loadError('bad/match-two.yaml'), `${shown('bad/match-two.yaml')}:5:7: scenarios[0].match must hold exactly one of referenceId, referenceIdPrefix, referenceIdPattern, path`)
})

t.test('a pattern that is not a regular expression is refused', async t => {
  t.equal(loadError('bad/bad-regex.yaml'), `${shown('bad/bad-regex.yaml')}:4:34: scenarios[0].match.referenceIdPattern is not a valid regular expression`)
})

t.test('other schema errors keep the validator\'s words', async t => {
  t.equal(loadError('bad/bad-name.json'), `${shown('bad/bad-name.json')}:1:28: scenarios[0].name must match pattern "^[A-Za-z0-9][A-Za-z0-9._-]*$"`)
})

t.test('a file with no scenarios at all says so at the top level', async t => {
  t.equal(loadError('bad/no-scenarios.yaml'), `${shown('bad/no-scenarios.yaml')}: (top level) must be object`)
})

t.test('a name used twice in a file is refused at its second use', async t => {
  t.equal(loadError('bad/duplicate-names.yaml'), `${shown('bad/duplicate-names.yaml')}:8:11: scenarios[2].name "Twice" is used twice in this file; names must be unique`)
})

t.test('a file that cannot be read names the reason', async t => {
  t.equal(loadError('bad/missing.yaml'), `${shown('bad/missing.yaml')}: cannot be read (ENOENT)`)
  t.throws(() => readScenarioFile(process.cwd()), new ScenarioError(`${process.cwd()}: cannot be read (EISDIR)`))
})

t.test('a directory that cannot be read names the reason', async t => {
  const missing = `${fixtures}missing-dir`
  t.throws(() => readScenarioDirs([missing]), new ScenarioError(`${missing}: cannot read the scenario directory (ENOENT)`))
  const file = `${fixtures}good/notes.txt`
  t.throws(() => readScenarioDirs([file]), new ScenarioError(`${file}: cannot read the scenario directory (ENOTDIR)`))
})

t.test('a bad file in a directory stops the whole read', async t => {
  t.throws(() => readScenarioDirs([`${fixtures}bad`]), ScenarioError)
})

t.test('ScenarioError is named', async t => {
  t.equal(new ScenarioError('x').name, 'ScenarioError')
})
