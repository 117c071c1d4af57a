// Packages that start-up does not need, loaded the first time they are used (issue 11: the first
// healthy answer within 0.5 s; loading ajv, yaml, fast-json-stringify, prom-client and accepts took
// about 100 ms of it). require, not import(): their callers are synchronous, and each package ships
// CommonJS, which a require gives as the same module an import would.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/** A function that gives the package `id`, required on its first call. */
export function onFirstUse<T>(id: string): () => T {
  let loaded: T | undefined
  return () => (loaded ??= require(id) as T)
}
