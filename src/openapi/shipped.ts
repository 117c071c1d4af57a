/**
 * The OpenAPI documents that ship with the mock, checked at build time so that start-up is fast.
 * `npm run build` parses each one and compiles every validator of it (a bad document fails the
 * build, as it would fail start-up), then keeps the parsed document as JSON in dist/openapi/ with
 * the digest of the text it was made from. At start-up a prebuilt copy of the document as it is
 * now is used as it is, its validators compiled on first use; a missing or stale one (the YAML
 * edited since the build) is ignored, and the YAML is parsed and compiled whole, as before.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { fileURLToPath } from 'node:url'
import { compileApiDocument, createAjv, DocumentError, type AjvSource, parseApiDocument, readDocumentText, type ApiDocument, type OpenApiDocument } from './document.js'

/** Where the build writes the prebuilt documents: dist/openapi/, from src/ or dist/ alike. */
export const prebuiltDir = fileURLToPath(new URL('../../dist/openapi/', import.meta.url))

/** What the build writes for a document: the digest of its text and the document parsed. */
interface Prebuilt {
  sha256: string
  document: OpenApiDocument
}

/** The file the build writes for the document `file`, in `dir`. */
export function prebuiltFileOf(file: string, dir: string = prebuiltDir): string {
  return join(dir, `${basename(file).replace(/\.[^.]*$/, '')}.json`)
}

const digestOf = (text: string) => createHash('sha256').update(text).digest('hex')

/** Checks each document as start-up would (parse, compile every validator) and writes its prebuilt copy into `dir`. */
export function prebuildDocuments(files: string[], dir: string = prebuiltDir): void {
  mkdirSync(dir, { recursive: true })
  for (const file of files) {
    const text = readDocumentText(file)
    const document = parseApiDocument(file, text)
    compileApiDocument(file, document)
    // YAML can say what JSON cannot (.inf, .nan): such a document is refused rather than changed.
    if (!isDeepStrictEqual(JSON.parse(JSON.stringify(document)), document)) {
      throw new DocumentError(`${file}: holds a value JSON cannot carry (.inf or .nan, say)`)
    }
    const prebuilt: Prebuilt = { sha256: digestOf(text), document }
    writeFileSync(prebuiltFileOf(file, dir), JSON.stringify(prebuilt))
  }
}

function readPrebuilt(file: string): Prebuilt | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Prebuilt
  } catch {
    return undefined
  }
}

/** Loads a shipped document: its prebuilt copy when made from the file as it is now, else the file, compiled whole. */
export function loadShippedApiDocument(file: string, ajv: AjvSource = createAjv(), dir: string = prebuiltDir): ApiDocument {
  const text = readDocumentText(file)
  const prebuilt = readPrebuilt(prebuiltFileOf(file, dir))
  if (prebuilt?.sha256 === digestOf(text)) return compileApiDocument(file, prebuilt.document, ajv, { onFirstUse: true })
  return compileApiDocument(file, parseApiDocument(file, text), ajv)
}
