/** buildServer(config): the one embeddable entry point. */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { Config } from './config.js'
import { documentationRoutes } from './http/documentation.js'
import httpPlugin, { clientErrorResponse, frameworkProblem, sendProblem } from './http/plugin.js'
import { journalRequests } from './http/journal-hook.js'
import { RequestLogLines, requestLogger } from './http/log-lines.js'
import { onEachSend } from './http/steps.js'
import { observeResponses } from './coverage/observe.js'
import hostedPageRoutes from './hosted-page/routes.js'
import { injectPathFaults } from './scenarios/faults.js'
import { routeMethodNotAllowed } from './openapi/route.js'
import { servedDocument } from './openapi/served.js'
import adminRoutes from './routes/admin/index.js'
import dashboardRoutes from './dashboard/routes.js'
import authorizeRoutes from './routes/authorize.js'
import healthRoutes from './routes/health.js'
import sessionRoutes from './routes/sessions.js'
import { createState, forgetLocalState, shareOwnClocks, reloadScenarios, type MockState, type StateOptions } from './state.js'
import { connectRedis, shownUrl } from './store/connect.js'
import { shareThroughStore } from './store/replica.js'

/** A built mock: its Fastify instance, holding the mock's in-memory state as `mock`. */
export type FlinksMockServer = FastifyInstance & { readonly mock: MockState }

/** Options of buildServer beyond the configuration. */
export interface BuildOptions extends StateOptions {
  /** Fastify's logger option; by default pino at the configured level, secrets redacted. */
  logger?: FastifyServerOptions['logger']
}

/** Paths whose values never reach the logs. */
export const redactedPaths = ['req.headers.authorization', 'req.headers["x-api-key"]', 'headers.authorization', 'config.clients[*].secret', 'clients[*].secret', 'secret']

/** What a Fastify schema on a route gets: the mock's routes carry none. */
export const noFastifySchemas = 'flinks-mock validates requests against its OpenAPI documents (src/openapi/route.ts), not Fastify route schemas'

// Fastify makes its own validator and serializer compilers unless given others, loading ajv and
// fast-json-stringify at start-up for schemas no route has (issue 11: start-up within 0.5 s).
const noSchemaCompiler = () => () => {
  throw new Error(noFastifySchemas)
}

// ASP.NET Core routing: case-insensitive, trailing slash tolerated (and, below, no implicit HEAD).
const routerOptions = { caseSensitive: false, ignoreTrailingSlash: true }

/** Builds the Fastify server of the mock (not listening yet); throws on a bad document or scenario file, or a store that does not answer. */
export async function buildServer(config: Config, options: BuildOptions = {}): Promise<FlinksMockServer> {
  const redis = config.store === 'memory' ? undefined : await connectRedis(config.store)
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel, redact: { paths: redactedPaths, censor: '[redacted]' } },
    logController: new RequestLogLines(),
    childLoggerFactory: requestLogger,
    bodyLimit: config.bodyLimitBytes,
    routerOptions,
    exposeHeadRoutes: false,
    schemaController: { compilersFactory: { buildValidator: noSchemaCompiler, buildSerializer: noSchemaCompiler } },
    frameworkErrors: (error, request, reply) => sendProblem(reply, frameworkProblem(error, request), state.ids, config.errorBodies),
    clientErrorHandler: (error, socket) => {
      if (socket.writable) socket.end(clientErrorResponse(error))
      else socket.destroy(error)
    }
  })
  let state: MockState
  try {
    state = createState(config, options, { log: app.log, redis })
  } catch (error) {
    redis?.disconnect()
    throw error
  }
  // Held by this instance only: no `declare module 'fastify'`, so users' Fastify types stay theirs.
  const server: FlinksMockServer = Object.assign(app, { mock: state })
  app.addHook('onClose', async () => {
    state.webhooks.close()
    await state.store.close()
  })

  // While closing, answers still in flight end their connection, so keep-alive clients
  // cannot hold the server open after SIGTERM.
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  onEachSend(app, (_request, reply) => {
    if (closing) reply.header('connection', 'close')
  })

  await app.register(httpPlugin, { ids: state.ids, bodyLimitBytes: config.bodyLimitBytes, errorBodies: config.errorBodies })
  documentationRoutes(app, servedDocument(state.api.document, config), routerOptions)
  if (state.replicas !== undefined) await shareState(app, state, state.replicas, config.store)
  else journalRequests(app, state.journal, state.clocks)
  observeResponses(app, state)
  injectPathFaults(app, state.scenarios, state.ids.fraction, state.sleep)

  await app.register(healthRoutes, { store: state.store })
  await app.register(authorizeRoutes, { state })
  await app.register(sessionRoutes, { state })
  await app.register(hostedPageRoutes, { state })
  routeMethodNotAllowed(app, state.api)
  await app.register(dashboardRoutes, { state })
  await app.register(adminRoutes, { state })
  return server
}

/**
 * Joins the replicas on the Redis store: takes the shared clock (or shares this one when none is
 * stored yet), hears the others' resets and reloads, and loads and persists around each request.
 */
async function shareState(app: FastifyInstance, state: MockState, { store, sessions, clocks }: NonNullable<MockState['replicas']>, url: string): Promise<void> {
  await store.initClock(state.clock.setting)
  await shareOwnClocks(state)
  await store.subscribe(event => {
    if (event.type === 'reset') return forgetLocalState(state, event.clientId)
    try {
      const scenarios = reloadScenarios(state)
      app.log.info({ scenarios }, 'scenarios reloaded, as another replica announced')
    } catch (error) {
      // A bad file keeps the old set here too; the replica that was asked answered the error.
      app.log.error({ reason: (error as Error).message }, 'scenario reload announced by another replica failed: the previous scenarios stay')
    }
  })
  shareThroughStore(app, state, store, sessions, clocks, shownUrl(url))
}
