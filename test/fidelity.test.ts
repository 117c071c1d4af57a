import { existsSync, readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import t from 'tap'
import { parse as parseYaml } from 'yaml'
import type { Fidelity } from '../scripts/docs-content.d.mts'
import { configSchema, settings } from '../src/config.js'

// fidelity.yaml is the source of the README's fidelity table: every row must point at something real.
const root = new URL('../', import.meta.url)
const fidelity = parseYaml(readFileSync(new URL('fidelity.yaml', root), 'utf8')) as Fidelity
const schema = JSON.parse(readFileSync(new URL('fidelity.schema.json', root), 'utf8')) as object

// How a test's name stands in its file: t.test('…'), t.test("…") or t.test(`…`).
const declarations = (name: string) => [`t.test('${name.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`, `t.test("${name}"`, `t.test(\`${name}\``]

/** What is wrong with the rows: a test file or test name that does not exist, a switch that is no setting. */
function problemsOf(table: Fidelity): string[] {
  const problems: string[] = []
  for (const row of table.behaviours) {
    const file = new URL(row.file, root)
    if (!existsSync(file)) {
      problems.push(`${row.file} does not exist`)
      continue
    }
    const text = readFileSync(file, 'utf8')
    if (!declarations(row.test).some(d => text.includes(d))) problems.push(`${row.file} has no t.test named "${row.test}"`)
  }
  const clientKeys = Object.keys(configSchema.properties.clients.items.properties)
  for (const row of table.guesses) {
    if (row.switch === null) continue
    const client = /^clients\[\]\.(.+)$/.exec(row.switch)
    const known = client ? clientKeys.includes(client[1] as string) : settings.some(s => s.key === row.switch)
    if (!known) problems.push(`the switch ${row.switch} is not a setting`)
  }
  return problems
}

t.test('fidelity.yaml follows fidelity.schema.json', async t => {
  const validate = new Ajv({ strict: true, allErrors: true }).compile(schema)
  t.ok(validate(fidelity), JSON.stringify(validate.errors))
  t.notOk(validate({ behaviours: [{ section: '7.2', documented: 'd', mock: 'm', file: 'test/x.test.ts', test: 'n' }], guesses: [] }), 'a section is written §7.2')
})

t.test('every behaviour row names a test that exists, and every guess a real setting', async t => {
  t.strictSame(problemsOf(fidelity), [])
  t.ok(fidelity.behaviours.length >= 40, `${fidelity.behaviours.length} behaviours`)
  t.ok(fidelity.guesses.length >= 20, `${fidelity.guesses.length} guesses`)
})

t.test('a row naming a missing file, a missing test or an unknown switch is reported', async t => {
  const [first] = fidelity.behaviours
  const row = { section: '§2', documented: 'd', mock: 'm', file: 'test/routes/authorize.test.ts', test: 'a test nobody wrote' }
  t.strictSame(problemsOf({
    behaviours: [first as Fidelity['behaviours'][number], row, { ...row, file: 'test/nowhere.test.ts' }, { ...row, test: 'GET is 405' }],
    guesses: [
      { section: '§2', guess: 'g', default: 'd', switch: 'tokenTtlSeconds' },
      { section: '§2', guess: 'g', default: 'd', switch: 'clients[].maximumEftAmount' },
      { section: '§2', guess: 'g', default: 'd', switch: null },
      { section: '§2', guess: 'g', default: 'd', switch: 'tokenTTL' },
      { section: '§2', guess: 'g', default: 'd', switch: 'clients[].colour' }
    ]
  }), [
    'test/routes/authorize.test.ts has no t.test named "a test nobody wrote"',
    'test/nowhere.test.ts does not exist',
    'test/routes/authorize.test.ts has no t.test named "GET is 405"',
    'the switch tokenTTL is not a setting',
    'the switch clients[].colour is not a setting'
  ])
})

t.test("a name with a quote is found as its file writes it", async t => {
  t.strictSame(problemsOf({ behaviours: [{ section: '§9', documented: 'd', mock: 'm', file: 'test/hosted-page/routes.test.ts', test: "the page's script and stylesheet are served with their media types" }, { section: '§9', documented: 'd', mock: 'm', file: 'test/hosted-page/routes.test.ts', test: "the page's amount stops at the client's EFT ceiling when the request sets no maximum" }], guesses: [] }), [])
})
