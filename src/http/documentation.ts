/**
 * The served document and its browsable view at /documentation, written by @fastify/swagger and
 * @fastify/swagger-ui on a Fastify instance of their own, made at the first request there: loading
 * them (with yaml and @fastify/static) took about 50 ms of start-up (issue 11). The mock's app
 * answers each request with what that instance answered, so its hooks (journal, coverage, faults,
 * the closing flag) see these requests as they see any other, and a path the view does not have
 * gets the mock's ProblemDetails 404.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { OpenApiDocument } from '../openapi/document.js'

/** Where the document and its view are served. */
export const documentationPrefix = '/documentation'

// Headers of the inner answer that belong to its own connection, not to the one answered here.
const ownHeaders = new Set(['content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding'])

// The answers kept as text (the document as JSON or YAML, the HTML page), as the journal keeps text
// bodies; the static files stay bytes.
const textTypes = /json|yaml|html/

/** The mock's routing, which the inner instance shares so that it finds what the mock's app sends it. */
export type RouterOptions = { caseSensitive: boolean, ignoreTrailingSlash: boolean }

async function documentationApp(document: OpenApiDocument, routerOptions: RouterOptions): Promise<FastifyInstance> {
  const [{ default: swagger }, { default: swaggerUi }] = await Promise.all([import('@fastify/swagger'), import('@fastify/swagger-ui')])
  const app = Fastify({ logger: false, routerOptions, exposeHeadRoutes: false })
  await app.register(swagger, { mode: 'static', specification: { document: document as never } })
  await app.register(swaggerUi, { routePrefix: documentationPrefix })
  await app.ready()
  return app
}

/** Serves `document` at /documentation/json (and /yaml) and its view at /documentation, the plugins loaded on the first request. */
export function documentationRoutes(app: FastifyInstance, document: OpenApiDocument, routerOptions: RouterOptions): void {
  let inner: Promise<FastifyInstance> | undefined
  app.addHook('onClose', async () => {
    if (inner !== undefined) await (await inner).close()
  })
  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    inner ??= documentationApp(document, routerOptions)
    const answer = await (await inner).inject({ method: 'GET', url: request.url, headers: request.headers })
    if (answer.statusCode === 404) return reply.callNotFound()
    for (const [name, value] of Object.entries(answer.headers)) {
      // light-my-request gives each header it read, so none is undefined.
      if (!ownHeaders.has(name)) reply.header(name, value as string | string[])
    }
    reply.code(answer.statusCode)
    // A redirect has no body, and no Content-Type: an empty Buffer would get application/octet-stream.
    if (answer.rawPayload.length === 0) return reply.send()
    return reply.send(textTypes.test(String(answer.headers['content-type'])) ? answer.payload : answer.rawPayload)
  }
  app.get(documentationPrefix, forward)
  app.get(`${documentationPrefix}/*`, forward)
}
