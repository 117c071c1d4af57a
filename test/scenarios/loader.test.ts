import t from 'tap'
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defaultScenarioDir, prebuildScenarios, readCheckedScenarios, readScenarioDirs, readScenarioFile, ScenarioError, type CheckedScenarios } from '../../src/scenarios/loader.js'
import { scenarioFileSchema } from '../../src/scenarios/schema.js'

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
  // Read and validated here, not taken from what the build checked.
  for (const file of files) t.ok(readScenarioFile(`${defaultScenarioDir}${file}`, {}).length > 0, file)
  const all = readScenarioDirs([defaultScenarioDir], {})
  t.strictSame(all.map(s => s.name), [
    'EFT-Completed', 'EFT-LoginFailure', 'EFT-NameMismatch', 'EFT-PadNotSigned', 'EFT-InsufficientBalance', 'EFT-Abandoned',
    'Error-400', 'Error-401', 'Error-403', 'Error-429', 'Error-500', 'Error-502', 'Error-503', 'Error-504', 'Slow-Create',
    'ET-Completed', 'ET-Declined', 'ET-Expired', 'ET-Cancelled', 'ET-IdentityMismatch',
    'Happy1', 'Happy2', 'Happy3', 'Unhappy1'
  ])
  t.equal(all.find(s => s.name === 'Happy1')?.source, relative(process.cwd(), `${defaultScenarioDir}geft-sandbox.yaml`))
})

t.test('the build writes the shipped files read and validated, and start-up reads the same scenarios from it', async t => {
  const file = join(t.testdir(), 'dist', 'checked.json')
  prebuildScenarios(defaultScenarioDir, file)
  const checked = readCheckedScenarios(file)
  t.equal(Object.keys(checked).length, 4)
  t.strictSame(readScenarioDirs([defaultScenarioDir], checked), readScenarioDirs([defaultScenarioDir], {}))
})

t.test('a file already checked is not read again, and a file whose text changed is', async t => {
  const file = join(t.testdir(), 'checked.json')
  prebuildScenarios(`${fixtures}good`, file)
  // Entries the reader could not have made show where the scenarios come from.
  const checked: CheckedScenarios = Object.fromEntries(Object.keys(readCheckedScenarios(file)).map((digest, i) => [digest, [{ name: `Checked${i}`, description: 'from the checked files', match: { referenceId: 'Checked' } }]]))
  t.strictSame(readScenarioDirs([`${fixtures}good`], checked).map(s => s.source), [shown('good/a-first.yaml'), shown('good/b-second.yml'), shown('good/c-third.json')])
  t.match(readScenarioDirs([`${fixtures}good`], checked).map(s => s.name), [/^Checked\d$/, /^Checked\d$/, /^Checked\d$/])
  t.strictSame(readScenarioDirs([`${fixtures}override`], checked).map(s => s.name), ['Happy1'])
})

t.test('without checked files written by a build, every file is read', async t => {
  t.strictSame(readCheckedScenarios(join(t.testdir(), 'missing.json')), {})
})

t.test('the build stops at a scenario file start-up would refuse', async t => {
  const dir = t.testdir({ 'bad.yaml': 'scenarios:\n  - name: X\n' })
  t.throws(() => prebuildScenarios(dir, join(dir, 'checked.json')), ScenarioError)
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

t.test('an unknown field is shown where it is written, with the nearest known field and the known ones', async t => {
  t.equal(loadError('bad/unknown-optional-field.yaml'),
    `${shown('bad/unknown-optional-field.yaml')}:5:14: scenarios[0].delayMS is not a known field (did you mean delayMs?); the known ones are name, description, documented, match, delayMs, error, dropConnection, lifecycle`)
  t.equal(loadError('bad/unknown-far-field.yaml'),
    `${shown('bad/unknown-far-field.yaml')}:5:13: scenarios[0].colour is not a known field; the known ones are name, description, documented, match, delayMs, error, dropConnection, lifecycle`)
})

t.test('a misspelt required field is reported as the unknown field, naming the required one', async t => {
  t.equal(loadError('bad/unknown-field.yaml'),
    `${shown('bad/unknown-field.yaml')}:7:9: scenarios[0].lifecycle.flows is not a known field (did you mean flow?); the known ones are flow, autoplay, login, settlement, payorAccount, expectedPayor, nameMatch, webhook, riskLevels`)
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

t.test('a pattern is explained in words, never shown as a regular expression', async t => {
  t.equal(loadError('bad/bad-name.json'), `${shown('bad/bad-name.json')}:1:28: scenarios[0].name must start with a letter or digit and hold only letters, digits, ".", "_" and "-"`)
  t.equal(loadError('bad/bad-patterns.yaml'), `${shown('bad/bad-patterns.yaml')}:4:20: scenarios[0].match.path must start with /, e.g. /api/v2/sessions`)
  const dir = mkdtempSync(join(tmpdir(), 'flinks-mock-patterns-'))
  const account = { institutionCode: '001', transitNumber: '00010', accountNumber: '1234567' }
  const messages = [{ institutionCode: '1' }, { transitNumber: '1' }, { accountNumber: '1' }].map((fields, i) => {
    const file = join(dir, `${i}.json`)
    const lifecycle = { flow: [{ afterSeconds: 0, status: 'Initiated' }], payorAccount: { ...account, ...fields } }
    writeFileSync(file, JSON.stringify({ scenarios: [{ name: 'A', description: 'a', match: { referenceId: 'a' }, lifecycle }] }))
    try {
      readScenarioFile(file)
    } catch (error) {
      return (error as Error).message.replace(/^.*?: /, '')
    }
    return 'loaded'
  })
  t.strictSame(messages, [
    'scenarios[0].lifecycle.payorAccount.institutionCode must be 3 digits, e.g. 001',
    'scenarios[0].lifecycle.payorAccount.transitNumber must be 5 digits, e.g. 00010',
    'scenarios[0].lifecycle.payorAccount.accountNumber must be 7 to 12 digits, e.g. 1234567'
  ])
  const patterns: string[] = []
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return
    if ('pattern' in node && typeof node.pattern === 'string') patterns.push(node.pattern)
    for (const child of Object.values(node)) walk(child)
  }
  walk(scenarioFileSchema)
  t.equal(new Set(patterns).size, 5, 'one case above per pattern of the schema')
})

t.test('other schema errors keep the validator\'s words', async t => {
  t.equal(loadError('bad/too-slow.yaml'), `${shown('bad/too-slow.yaml')}:5:14: scenarios[0].delayMs must be <= 120000`)
})

t.test('a .json file is read as JSON: a syntax error is named as one, with its line and column', async t => {
  t.equal(loadError('bad/json-syntax.json'), `${shown('bad/json-syntax.json')}:2:37: not valid JSON: comma expected`)
  t.equal(loadError('bad/json-comment.json'), `${shown('bad/json-comment.json')}:1:21: not valid JSON: invalid comment token`)
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

t.test('one of your scenarios may replace a shipped one by name', async t => {
  const loaded = readScenarioDirs([defaultScenarioDir, `${fixtures}override`])
  t.strictSame(loaded.filter(s => s.name === 'Happy1').map(s => s.source), [relative(process.cwd(), `${defaultScenarioDir}geft-sandbox.yaml`), shown('override/happy.yaml')])
})

t.test('two of your scenarios with one name are refused, naming both files', async t => {
  t.throws(() => readScenarioDirs([`${fixtures}twice`]), new ScenarioError(
    `${shown('twice/two.yaml')}: the scenario name "Same" is already used in ${shown('twice/one.yaml')}; names must be unique across your scenario files (a name of yours may only replace a shipped scenario)`))
  t.throws(() => readScenarioDirs([`${fixtures}override`, `${fixtures}override`]), new ScenarioError(
    `${shown('override/happy.yaml')}: the scenario name "Happy1" is already used in ${shown('override/happy.yaml')}; names must be unique across your scenario files (a name of yours may only replace a shipped scenario)`))
})

t.test('a bad file in a directory stops the whole read', async t => {
  t.throws(() => readScenarioDirs([`${fixtures}bad`]), ScenarioError)
})

t.test('ScenarioError is named', async t => {
  t.equal(new ScenarioError('x').name, 'ScenarioError')
})
