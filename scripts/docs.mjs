// Writes the generated documentation: scenarios/schema.json and the README's generated tables.
// Run with `npm run docs` (it builds first); test/docs.test.ts fails when these are stale.
import { writeFileSync, readFileSync } from 'node:fs'
import { generatedDocs } from '../dist/docs.js'

const docs = generatedDocs()
writeFileSync(new URL('../scenarios/schema.json', import.meta.url), docs.schemaJson)
const readmeUrl = new URL('../README.md', import.meta.url)
writeFileSync(readmeUrl, docs.updateReadme(readFileSync(readmeUrl, 'utf8')))
console.log('wrote scenarios/schema.json and the README tables')
