import t from 'tap'
import { readFileSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DocumentError, readApiDocument } from '../../src/openapi/document.js'
import { loadShippedApiDocument, prebuildDocuments, prebuiltDir, prebuiltFileOf } from '../../src/openapi/shipped.js'
import { adminDocumentFile, flinksDocumentFile } from '../../src/state.js'

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/openapi/${name}`, import.meta.url))
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file, 'utf8')).digest('hex')

t.test('the prebuilt copy of a document sits in dist/openapi/, named after it', async t => {
  t.equal(prebuiltFileOf(flinksDocumentFile), join(prebuiltDir, 'flinks-pay.json'))
  t.equal(prebuiltFileOf('/x/admin.yaml', '/out'), join('/out', 'admin.json'))
})

t.test('the build writes each document parsed, with the digest of its text', async t => {
  const dir = t.testdir()
  prebuildDocuments([flinksDocumentFile, adminDocumentFile], dir)
  const written = JSON.parse(readFileSync(join(dir, 'flinks-pay.json'), 'utf8'))
  t.strictSame(written, { sha256: sha256(flinksDocumentFile), document: readApiDocument(flinksDocumentFile) })
  t.equal(JSON.parse(readFileSync(join(dir, 'admin.json'), 'utf8')).sha256, sha256(adminDocumentFile))
})

t.test('the build stops at a document start-up would refuse, naming the file and the place', async t => {
  const broken = fixture('unknown-keyword.yaml')
  t.throws(() => prebuildDocuments([broken], t.testdir()), new DocumentError(`${broken}: components.schemas.Thing: strict mode: unknown keyword: "maxLenght"`))
})

t.test('the build refuses a document with a value JSON cannot carry, rather than change it', async t => {
  const file = fixture('infinite-example.yaml')
  t.throws(() => prebuildDocuments([file], t.testdir()), new DocumentError(`${file}: holds a value JSON cannot carry (.inf or .nan, say)`))
})

t.test('a prebuilt copy of the file as it is now is used as it is, its validators compiled on first use', async t => {
  const dir = t.testdir()
  const file = fixture('no-paths.yaml')
  // A copy the build could not have written (an unknown keyword) shows what is read, and when it compiles.
  const document = { ...readApiDocument(file), info: { title: 'the prebuilt one', version: '1' }, components: { schemas: { Thing: { type: 'string', maxLenght: 1 } } } }
  writeFileSync(prebuiltFileOf(file, dir), JSON.stringify({ sha256: sha256(file), document }))
  const api = loadShippedApiDocument(file, undefined, dir)
  t.equal(api.document.info.title, 'the prebuilt one')
  t.throws(() => api.componentValidator('Thing')('x'), new DocumentError(`${file}: components.schemas.Thing: strict mode: unknown keyword: "maxLenght"`))
})

t.test('a stale prebuilt copy is ignored: the file is parsed and compiled whole, so a bad one stops start-up', async t => {
  const dir = t.testdir()
  const file = fixture('unknown-keyword.yaml')
  writeFileSync(prebuiltFileOf(file, dir), JSON.stringify({ sha256: 'made from an older text', document: readApiDocument(fixture('no-paths.yaml')) }))
  t.throws(() => loadShippedApiDocument(file, undefined, dir), new DocumentError(`${file}: components.schemas.Thing: strict mode: unknown keyword: "maxLenght"`))
  const good = fixture('no-paths.yaml')
  writeFileSync(prebuiltFileOf(good, dir), JSON.stringify({ sha256: 'made from an older text', document: { openapi: '3.0.0', info: { title: 'stale', version: '1' }, paths: {} } }))
  t.equal(loadShippedApiDocument(good, undefined, dir).document.info.title, 'components only')
})

t.test('without a prebuilt copy the file is parsed and compiled whole', async t => {
  const file = fixture('unknown-keyword.yaml')
  t.throws(() => loadShippedApiDocument(file, undefined, t.testdir()), new DocumentError(`${file}: components.schemas.Thing: strict mode: unknown keyword: "maxLenght"`))
  const missing = fixture('missing.yaml')
  t.throws(() => loadShippedApiDocument(missing, undefined, t.testdir()), new DocumentError(`${missing}: ENOENT: no such file or directory, open '${missing}'`))
})
