// The generated parts of the documentation: config.schema.json, scenarios/schema.json and the
// README's tables. Kept out of src/ (it ships nothing): scripts/docs.mjs feeds it the built modules,
// test/docs.test.ts the sources, so the same code checks and writes.

/** The README table of the settings: flag, variable, config-file key, default, meaning. */
function configTable({ settings, configFileSetting, defaultOf }) {
  const rows = settings.map(s => `| ${s.flag ? `\`--${s.flag}\`` : ''} | \`${s.env}\` | \`${s.key}\` | ${defaultOf(s)} | ${s.description} |`)
  return [
    '| Flag | Environment variable | Config-file key | Default | Meaning |',
    '| --- | --- | --- | --- | --- |',
    `| \`--${configFileSetting.flag} FILE\` | \`${configFileSetting.env}\` | | none | A JSON or YAML file holding any of the settings below by their config-file key (schema: \`config.schema.json\`). |`,
    ...rows
  ].join('\n')
}

// A copy of a schema in which only what has no default is required: the loader fills in defaults
// before it checks `required`, an editor reading the file would not.
function requiringNoDefaults(schema) {
  if (Array.isArray(schema)) return schema.map(requiringNoDefaults)
  if (schema === null || typeof schema !== 'object') return schema
  const copy = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, requiringNoDefaults(value)]))
  if (Array.isArray(schema.required)) {
    const required = schema.required.filter(name => schema.properties[name].default === undefined)
    if (required.length > 0) copy.required = required
    else delete copy.required
  }
  return copy
}

/** The JSON Schema of a config file: the loader's schema, requiring what has no default, `$schema` allowed. */
function configFileSchema({ configSchema, settings }) {
  const { properties, ...rest } = requiringNoDefaults(configSchema)
  const described = Object.fromEntries(Object.entries(properties).map(([key, schema]) => {
    const setting = settings.find(s => s.key === key)
    return [key, { description: `${setting.description} Environment variable ${setting.env}${setting.flag ? `, flag --${setting.flag}` : ''}.`, ...schema }]
  }))
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://flinks-mock.dev/config.schema.json',
    title: 'flinks-mock configuration file',
    ...rest,
    properties: { $schema: { type: 'string', description: 'The JSON Schema of this file, for editors.' }, ...described }
  }
}

const cell = text => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

// A guess's switch in words: the flag and config-file key of a setting, a client's key, or none.
function switchText(name, settings) {
  if (name === null) return 'none'
  const setting = settings.find(s => s.key === name)
  return setting?.flag ? `\`--${setting.flag}\` (\`${name}\`)` : `\`${name}\``
}

// Rows in the fact sheet's order (§2 before §7.1 before §10), the file's order among equals: a new
// row can be appended anywhere.
const bySection = rows => rows
  .map((row, index) => ({ row, index, key: row.section.slice(1).split('.').map(Number) }))
  .sort((a, b) => (a.key[0] - b.key[0]) || ((a.key[1] ?? 0) - (b.key[1] ?? 0)) || (a.index - b.index))
  .map(({ row }) => row)

/** The README's fidelity tables, from fidelity.yaml: documented behaviours with their tests, guesses with their switches. */
function fidelityTables({ fidelity, settings }) {
  return [
    '**Documented, and checked by a test** (the section of the fact sheet, `api-facts.md`, that says it):',
    '',
    '| § | Documented | The mock | Checked by |',
    '| --- | --- | --- | --- |',
    ...bySection(fidelity.behaviours).map(b => `| ${b.section} | ${cell(b.documented)} | ${cell(b.mock)} | \`${b.file}\`: ${cell(b.test)} |`),
    '',
    '**Guessed, where the documentation is silent or contradicts itself:**',
    '',
    '| § | Guess | Default | Switch |',
    '| --- | --- | --- | --- |',
    ...bySection(fidelity.guesses).map(g => `| ${g.section} | ${cell(g.guess)} | ${cell(g.default)} | ${switchText(g.switch, settings)} |`)
  ].join('\n')
}

function replaceBetween(text, name, content) {
  const start = `<!-- generated:${name} -->`
  const end = `<!-- /generated:${name} -->`
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} ... ${end} block`)
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`
}

/** The generated documents, and a function that puts the tables into the README text. */
export function generatedDocs(modules) {
  const { scenarioFileSchema, scenarioTable, defaultScenarios } = modules
  const tables = {
    scenarios: scenarioTable(defaultScenarios),
    config: configTable(modules),
    fidelity: fidelityTables(modules)
  }
  return {
    schemaJson: `${JSON.stringify(scenarioFileSchema, null, 2)}\n`,
    configSchemaJson: `${JSON.stringify(configFileSchema(modules), null, 2)}\n`,
    tables,
    updateReadme: readme => Object.entries(tables).reduce((text, [name, table]) => replaceBetween(text, name, table), readme)
  }
}
