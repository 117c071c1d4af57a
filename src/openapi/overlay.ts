/**
 * A user's OpenAPI document over the shipped one (`--openapi FILE`), for when Flinks publishes a
 * newer one. Each operation of the file that the mock serves (the same method and path, letters
 * in any case) replaces the shipped operation, in validation and in the served document; the
 * file's components replace the shipped ones of the same name. The answers the mock can give that
 * the replaced operation does not declare (405, 413, 415, injected faults, the problem+json media
 * type) are added, marked `x-flinks-mock-added`, so that every answer still conforms to the
 * served document. Operations the mock does not serve are left out; a file with none of the
 * mock's operations is refused.
 */
import { compileApiDocument, DocumentError, httpMethods, readApiDocument, type ApiDocument, type OpenApiDocument } from './document.js'

type Json = Record<string, unknown>

const added = { 'x-flinks-mock-added': true }

// The responses of the file's operation, with the shipped operation's answers it lacks.
function withShippedAnswers(shipped: ApiDocument, ours: Json, theirs: Json): Json {
  const responses: Json = { ...(theirs.responses as Json | undefined) }
  for (const [status, response] of Object.entries(ours.responses as Json)) {
    const their = responses[status] as Json | undefined
    if (their === undefined) {
      // A $ref cannot carry the mark (siblings of $ref are ignored); the components it names are ours.
      responses[status] = '$ref' in (response as Json) ? response : { ...(response as Json), ...added }
      continue
    }
    // A response the file declares by reference is left as it is written.
    if ('$ref' in their) continue
    const content: Json = { ...(their.content as Json | undefined) }
    for (const [mediaType, media] of Object.entries({ ...(shipped.resolve(response as Json).content as Json | undefined) })) {
      if (!(mediaType in content)) content[mediaType] = { ...(media as Json), ...added }
    }
    responses[status] = { ...their, content }
  }
  return { ...theirs, responses }
}

/** The shipped document with the operations of `file` in place of its own; throws a DocumentError naming the file. */
export function overlayApiDocument(file: string, shipped: ApiDocument): ApiDocument {
  const theirs = readApiDocument(file)
  // A copy: the shipped document is shared by every server of the process.
  const merged = structuredClone(shipped.document)
  const components = (merged.components ??= {}) as Record<string, Json>
  for (const [section, entries] of Object.entries(theirs.components ?? {})) components[section] = { ...components[section], ...(entries as Json) }

  // The mock finds its operations by its own operationIds; a renamed one is looked up by the file's.
  const renamed = new Map<string, string>()
  for (const [theirPath, theirItem] of Object.entries(theirs.paths ?? {})) {
    if (theirItem === null || typeof theirItem !== 'object') throw new DocumentError(`${file}: paths.${theirPath} is not a path item (an object of operations)`)
    for (const method of httpMethods) {
      const theirOperation = theirItem[method] as Json | undefined
      const ours = [...shipped.operations.values()].find(op => op.method === method.toUpperCase() && op.path.toLowerCase() === theirPath.toLowerCase())
      if (theirOperation === undefined || ours === undefined) continue
      const ourOperation = shipped.document.paths[ours.path]?.[method] as Json
      // Each path of the shipped document holds one operation, so the file's path item, its
      // parameters included, takes the place of ours.
      const item = { ...merged.paths[ours.path], ...merged.paths[theirPath] }
      delete merged.paths[ours.path]
      merged.paths[theirPath] = { ...item, ...('parameters' in theirItem ? { parameters: theirItem.parameters } : {}), [method]: withShippedAnswers(shipped, ourOperation, theirOperation) }
      renamed.set(String(theirOperation.operationId), ours.operationId)
    }
  }
  if (renamed.size === 0) {
    const served = [...shipped.operations.values()].map(op => `${op.method} ${op.path}`).join(', ')
    throw new DocumentError(`${file}: holds none of the operations the mock serves (matched by method and path): ${served}`)
  }
  const api = compileApiDocument(file, merged as OpenApiDocument)
  return { ...api, operations: new Map([...api.operations].map(([id, operation]) => [renamed.get(id) ?? id, operation])) }
}
