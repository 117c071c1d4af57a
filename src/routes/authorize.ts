/** POST /api/v1/authorize: client credentials for an access token (RFC 6749 section 4.4). */
import type { FastifyInstance } from 'fastify'
import type { ClientRegistry } from '../auth/clients.js'
import type { TokenStore } from '../auth/token-store.js'
import type { ApiDocument } from '../openapi/document.js'
import { annotate } from '../http/journal-hook.js'
import { routeOperation, type ValidationMode } from '../openapi/route.js'
import { problems, ProblemError, jsonContentType } from '../problems.js'
import type { AuthorizeResponse } from '../sessions/model.js'

/** Reads Basic credentials; RFC 6749 section 2.3.1 form-encodes id and secret before base64. */
function basicCredentials(header: string): { id: string, secret: string } | undefined {
  const match = /^Basic[ \t]+([A-Za-z0-9+/=_-]+)[ \t]*$/i.exec(header)
  if (!match) return undefined
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return undefined
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text.replace(/\+/g, ' '))
    } catch {
      return text
    }
  }
  const id = decoded.slice(0, colon)
  const secret = decoded.slice(colon + 1)
  return /%[0-9A-Fa-f]{2}|\+/.test(decoded) ? { id: decode(id), secret: decode(secret) } : { id, secret }
}

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

/** Options of the authorize routes. */
export interface AuthorizeRouteOptions {
  api: ApiDocument
  mode: ValidationMode
  clients: ClientRegistry
  tokens: TokenStore
}

export default async function authorizeRoutes(app: FastifyInstance, { api, mode, clients, tokens }: AuthorizeRouteOptions): Promise<void> {
  routeOperation(app, api, mode, 'Authorize', {
    handler: async (request, reply) => {
      const fields = readForm(request.body as URLSearchParams)
      const grantType = fields.get('grant_type')
      if (grantType === undefined || grantType === '') throw new ProblemError(problems.oauthInvalidRequest('The grant_type parameter is required: send grant_type=client_credentials.'))

      const header = request.headers.authorization
      const fromForm = fields.has('username') || fields.has('password')
      if (header !== undefined && fromForm) {
        throw new ProblemError(problems.oauthInvalidRequest('Send the client credentials once: in the Authorization header or in the Username and Password fields, not both.'))
      }
      const credentials = header !== undefined
        ? basicCredentials(header)
        : fromForm ? { id: fields.get('username') ?? '', secret: fields.get('password') ?? '' } : undefined
      if (credentials === undefined) {
        throw new ProblemError(problems.oauthInvalidClient('Client authentication failed: send "Authorization: Basic base64(clientId:clientSecret)".'))
      }
      const client = clients.verify(credentials.id, credentials.secret)
      if (client === undefined) throw new ProblemError(problems.oauthInvalidClient('Client authentication failed: unknown client id or wrong secret.'))
      annotate(request, { clientId: client.id })
      if (grantType !== 'client_credentials') throw new ProblemError(problems.oauthUnsupportedGrantType(grantType))

      const token = tokens.issue(client.id)
      const body: AuthorizeResponse = { access_token: token.token, token_type: 'bearer', expires_in: tokens.ttlSeconds }
      return reply.code(200).headers({ 'cache-control': 'no-store', pragma: 'no-cache' }).type(jsonContentType).send(body)
    }
  })
}
