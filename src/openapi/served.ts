/** The Flinks document as the mock serves it at /documentation: the loaded one, adjusted to the configuration. */
import type { Config } from '../config.js'
import type { OpenApiDocument } from './document.js'

/**
 * The served copy of `document`: with `statusRequiresAuth` off, GET .../status declares no security
 * requirement, as the route then answers without a token. The loaded document is shared by every
 * server of the process, so it is copied, never changed.
 */
export function servedDocument(document: OpenApiDocument, config: Pick<Config, 'statusRequiresAuth'>): OpenApiDocument {
  if (config.statusRequiresAuth) return document
  const paths: OpenApiDocument['paths'] = {}
  for (const [path, item] of Object.entries(document.paths)) {
    const operations = Object.entries(item).map(([method, operation]) =>
      (operation as { operationId?: string } | null)?.operationId === 'GetSessionStatus' ? [method, { ...(operation as object), security: [] }] : [method, operation])
    paths[path] = Object.fromEntries(operations)
  }
  return { ...document, paths }
}
