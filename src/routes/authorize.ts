/** POST /api/v1/authorize: client credentials for an access token (RFC 6749 section 4.4). */
import type { FastifyInstance } from 'fastify'
import { verifyBasic } from '../auth/basic.js'
import { annotate } from '../http/journal-hook.js'
import { routeOperation } from '../openapi/route.js'
import { problems, ProblemError, jsonContentType } from '../problems.js'
import { jsonString } from '../json-text.js'
import type { RouteOptions } from '../state.js'

/** The form's fields by lower-case name (ASP.NET Core binds form names case-insensitively). */
function readForm(form: URLSearchParams): Map<string, string> {
  const fields = new Map<string, string>()
  for (const [name, value] of form) {
    const key = name.toLowerCase()
    // "Request and response parameters MUST NOT be included more than once" (RFC 6749 section 3.1).
    if (fields.has(key)) throw new ProblemError(problems.oauthInvalidRequest(`The ${name} parameter is sent more than once.`))
    fields.set(key, value)
  }
  return fields
}

/** Registers the token endpoint. */
export default async function authorizeRoutes(app: FastifyInstance, { state }: RouteOptions): Promise<void> {
  const { clients, tokens } = state
  routeOperation(app, state.api, state.config.validationMode, 'Authorize', {
    // Synchronous: an async handler costs a promise hop on every authorize (issue 11).
    handler: (request, reply) => {
      const fields = readForm(request.body as URLSearchParams)
      const grantType = fields.get('grant_type')
      if (grantType === undefined || grantType === '') throw new ProblemError(problems.oauthInvalidRequest('The grant_type parameter is required: send grant_type=client_credentials.'))

      const header = request.headers.authorization
      const fromForm = fields.has('username') || fields.has('password')
      if (header !== undefined && fromForm) {
        throw new ProblemError(problems.oauthInvalidRequest('Send the client credentials once: in the Authorization header or in the Username and Password fields, not both.'))
      }
      const client = header !== undefined
        ? verifyBasic(clients, header)
        : fromForm ? clients.verify(fields.get('username') ?? '', fields.get('password') ?? '') : 'malformed'
      if (client === 'malformed') {
        throw new ProblemError(problems.oauthInvalidClient('Client authentication failed: send "Authorization: Basic base64(clientId:clientSecret)".'))
      }
      if (client === undefined) throw new ProblemError(problems.oauthInvalidClient('Client authentication failed: unknown client id or wrong secret.'))
      annotate(request, { clientId: client.id })
      if (grantType !== 'client_credentials') throw new ProblemError(problems.oauthUnsupportedGrantType(grantType))

      const token = tokens.issue(client.id, request.ids)
      // AuthorizeResponse, in its members' order, written as text: Fastify's serializer (a
      // JSON.stringify of a new object) cost a µs an authorize (issue 11).
      reply.code(200).header('cache-control', 'no-store').header('pragma', 'no-cache').type(jsonContentType)
        .send(`{"access_token":${jsonString(token.token)},"token_type":"bearer","expires_in":${tokens.ttlSeconds}}`)
    }
  })
}
