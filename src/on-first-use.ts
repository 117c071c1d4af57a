// Packages that start-up does not need, loaded the first time they are used (issue 11: the first
// healthy answer within 0.5 s; loading ajv, yaml, fast-json-stringify, prom-client and accepts took
// about 100 ms of it). require, not import(): their callers are synchronous, and each package ships
// CommonJS, which a require gives as the same module an import would. test/server.test.ts holds
// start-up to loading none of them.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/** A function that gives the package `id`, required on its first call. */
export function onFirstUse<T>(id: string): () => T {
  let loaded: T | undefined
  return () => (loaded ??= require(id) as T)
}

/** ajv: the documents' validators, the scenario files' schema, a configuration validator the build did not write. */
export const ajvPackage = onFirstUse<typeof import('ajv')>('ajv')
/** ajv-formats, with ajv. */
export const ajvFormats = onFirstUse<typeof import('ajv-formats')>('ajv-formats')
/** yaml: a config file, a scenario file or a document the build did not read. */
export const yaml = onFirstUse<typeof import('yaml')>('yaml')
/** jsonc-parser: where a JSON scenario file or request body goes wrong, by line and offset. */
export const jsonc = onFirstUse<typeof import('jsonc-parser')>('jsonc-parser')
