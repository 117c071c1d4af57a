/** The generated parts of the documentation: the scenario JSON Schema and the README tables. */
import { settings, configFileSetting } from './config.js'
import { defaultScenarioDir, readScenarioDirs } from './scenarios/loader.js'
import { scenarioFileSchema } from './scenarios/schema.js'
import { scenarioTable } from './scenarios/table.js'

function configTable(): string {
  const rows = settings.map(s => `| ${s.flag ? `\`--${s.flag}\`` : ''} | \`${s.env}\` | ${s.description} |`)
  return [
    '| Flag | Environment variable | Meaning |',
    '| --- | --- | --- |',
    `| \`--${configFileSetting.flag} FILE\` | \`${configFileSetting.env}\` | A JSON or YAML file holding any of the settings below by name (\`port\`, \`clients\`, ...). |`,
    ...rows
  ].join('\n')
}

function replaceBetween(text: string, name: string, content: string): string {
  const start = `<!-- generated:${name} -->`
  const end = `<!-- /generated:${name} -->`
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} ... ${end} block`)
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`
}

/** The generated documents, and a function that puts the tables into the README text. */
export function generatedDocs(): { schemaJson: string, tables: Record<string, string>, updateReadme: (readme: string) => string } {
  const tables = {
    scenarios: scenarioTable(readScenarioDirs([defaultScenarioDir])),
    config: configTable()
  }
  return {
    schemaJson: `${JSON.stringify(scenarioFileSchema, null, 2)}\n`,
    tables,
    updateReadme: readme => Object.entries(tables).reduce((text, [name, table]) => replaceBetween(text, name, table), readme)
  }
}
