/**
 * Content negotiation by the `accepts` package (jshttp's: the Accept header's q-values, wildcards
 * and parameters as Express reads them), loaded on the first negotiation rather than at start-up:
 * with its media-type database it took about 20 ms of it (issue 11).
 */
import type { FastifyRequest } from 'fastify'
import { onFirstUse } from '../on-first-use.js'

const accepts = onFirstUse<typeof import('accepts')>('accepts')

/** The first of `types` the request's Accept header prefers (any of them when it has none); false when it takes none. */
export function acceptedType(request: FastifyRequest, types: string[]): string | false {
  // Given types, accepts answers one of them or false (the list of all is for a call without).
  return accepts()(request.raw).type(types) as string | false
}
