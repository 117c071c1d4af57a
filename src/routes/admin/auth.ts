/** Who may use the admin API, and whose state they see. */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { onRequestHookHandler, FastifyRequest } from 'fastify'
import type { ClientRegistry } from '../../auth/clients.js'
import { verifyBasic } from '../../auth/basic.js'
import { problems, ProblemError } from '../../problems.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The client an admin request is limited to (its Basic credentials), or undefined for all. */
    adminScope?: string
    /** True when the request may change what everyone shares (the clock, the scenarios). */
    adminGlobal?: boolean
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest()

/**
 * Without ADMIN_TOKEN the admin API is open (a laptop, a private CI job). With it, either the
 * token as a bearer (everything), or a client's Basic credentials (that client's state only).
 */
export function adminAuth(clients: ClientRegistry, adminToken: string | undefined): onRequestHookHandler {
  const expected = adminToken === undefined ? undefined : digest(adminToken)
  // Callback style, as the other hooks: a throw is the refusal.
  return (request, _reply, done) => {
    const header = request.headers.authorization ?? ''
    if (/^Basic\b/i.test(header)) {
      const client = verifyBasic(clients, header)
      if (client === undefined || client === 'malformed') throw new ProblemError(problems.adminUnauthorized('Unknown client id or wrong secret.'))
      request.adminScope = client.id
      request.adminGlobal = expected === undefined
      return done()
    }
    if (expected === undefined) {
      request.adminGlobal = true
      return done()
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(header)
    if (!bearer || !timingSafeEqual(digest(bearer[1] as string), expected)) {
      throw new ProblemError(problems.adminUnauthorized('The admin API needs "Authorization: Bearer <ADMIN_TOKEN>", or a client\'s Basic credentials.'))
    }
    request.adminGlobal = true
    done()
  }
}

/** The client a request may act on: its scope, or the one it names when it has none. */
export function scopedClient(request: FastifyRequest, named: string | undefined): string | undefined {
  if (request.adminScope !== undefined && named !== undefined && named !== request.adminScope) {
    throw new ProblemError(problems.forbidden(`These credentials are limited to client "${request.adminScope}".`))
  }
  return request.adminScope ?? named
}

/** Refuses a change to shared state (clock, scenarios) from credentials limited to one client. */
export function requireGlobal(request: FastifyRequest): void {
  if (!request.adminGlobal) throw new ProblemError(problems.forbidden('The clock and the scenarios are shared by every client: changing them needs the ADMIN_TOKEN.'))
}
