import { readFileSync } from 'node:fs'
import t from 'tap'
import { generatedDocs } from '../src/docs.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

t.test('scenarios/schema.json is the schema the loader uses (run `npm run docs` when this fails)', async t => {
  t.equal(readFileSync(new URL('../scenarios/schema.json', import.meta.url), 'utf8'), generatedDocs().schemaJson)
})

t.test('the README tables are the ones generated from the scenario files and settings', async t => {
  t.equal(readme, generatedDocs().updateReadme(readme))
})

t.test('updating a README without the markers fails loudly', async t => {
  t.throws(() => generatedDocs().updateReadme('no markers'), /README.md has no <!-- generated:scenarios --> \.\.\. <!-- \/generated:scenarios --> block/)
})

t.test('every environment variable and flag the README names is a real setting', async t => {
  const { tables } = generatedDocs()
  for (const name of readme.matchAll(/`(FLINKS_MOCK_[A-Z_]+)`/g)) t.match(tables.config, name[1] as string, `${name[1]} is a setting`)
  for (const flag of readme.matchAll(/`--([a-z-]+)/g)) {
    if (flag[1] === 'help' || flag[1] === 'no-default-scenarios' || flag[1] === 'no-status-requires-auth') continue
    t.match(tables.config, `--${flag[1]}`, `--${flag[1]} is a setting`)
  }
})
