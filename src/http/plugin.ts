/**
 * The HTTP edge: body parsers for JSON (application/json, text/json, application/*+json) and
 * forms, and the one error handler that turns every failure into the reply problems.ts built.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Ids } from '../ids.js'
import { describeSyntaxError } from '../openapi/json-errors.js'
import { maxDepth } from '../openapi/json-reader-errors.js'
import { problems, ProblemError, type Problem, type ProblemDetails } from '../problems.js'
// For the route fields it declares: `config.operation` and `rawBody`.
import type {} from '../openapi/route.js'

/** The path of the first value nested deeper than `limit`, or undefined. */
export function tooDeep(value: unknown, limit: number, path: Array<string | number> = []): Array<string | number> | undefined {
  if (value === null || typeof value !== 'object') return undefined
  if (path.length >= limit) return path
  for (const [key, child] of Object.entries(value)) {
    const found = tooDeep(child, limit, [...path, Array.isArray(value) ? Number(key) : key])
    if (found) return found
  }
  return undefined
}

// JSON.parse never returns undefined, so undefined says the text is not JSON.
function tryParse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

// System.Text.Json's stream reading skips a UTF-8 byte order mark (ReadBufferState); JSON.parse does not.
const byteOrderMark = /^\uFEFF/

/** Parses a JSON body as the real service would read it; throws its ValidationProblemDetails. */
export function parseJsonBody(text: string): unknown {
  // ASP.NET Core answers a body of no bytes itself; any other body, blank too, goes to the reader.
  if (text === '') return undefined
  const json = text.replace(byteOrderMark, '')
  const value = tryParse(json)
  // Only a body JSON.parse refused, or one nested deeper than Utf8JsonReader goes, is walked
  // again, to say what System.Text.Json would.
  const error = value === undefined || tooDeep(value, maxDepth) !== undefined ? describeSyntaxError(json) : undefined
  if (error) throw new ProblemError(problems.validation({ [error.key]: [error.message] }))
  return value
}

function send(reply: FastifyReply, problem: Problem, ids: Ids): FastifyReply {
  let body = problem.body
  if (problem.contentType.startsWith('application/problem+json')) {
    // ASP.NET Core adds the trace id to every ProblemDetails it writes, last.
    body = { ...(body as ProblemDetails), traceId: ids.traceId() }
  }
  return reply.code(problem.status).headers(problem.headers).type(problem.contentType).send(body)
}

function toProblem(error: FastifyError, request: FastifyRequest, bodyLimitBytes: number): Problem | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problems.payloadTooLarge(bodyLimitBytes)
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problems.unsupportedMediaType(request.headers['content-type'], request.routeOptions.config.operation?.requestMediaTypes ?? [])
    default:
      if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
        return problems.badRequest(error.message)
      }
      return undefined
  }
}

/** Options of the HTTP plugin. */
export interface HttpOptions {
  ids: Ids
  bodyLimitBytes: number
}

export default fp<HttpOptions>(async (app: FastifyInstance, { ids, bodyLimitBytes }) => {
  app.removeAllContentTypeParsers()
  const skipBody = (request: FastifyRequest) => request.routeOptions.config.operation?.requestMediaTypes.length === 0

  const parseJson = (request: FastifyRequest, text: string | Buffer, done: (error: Error | null, body?: unknown) => void) => {
    if (skipBody(request)) return done(null, undefined)
    // Without the byte order mark, as the reader sees it: schema errors count positions from there.
    request.rawBody = String(text).replace(byteOrderMark, '')
    try {
      done(null, parseJsonBody(String(text)))
    } catch (error) {
      done(error as Error, undefined)
    }
  }
  app.addContentTypeParser(['application/json', 'text/json'], { parseAs: 'string' }, parseJson)
  app.addContentTypeParser(/^application\/[^\s;/]+\+json$/, { parseAs: 'string' }, parseJson)
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (request, text, done) => {
    done(null, skipBody(request) ? undefined : new URLSearchParams(String(text)))
  })
  // Any other media type: ignored where the operation takes no body, refused (415) where it does.
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, _text, done) => {
    const accepted = request.routeOptions.config.operation?.requestMediaTypes ?? []
    if (accepted.length === 0) return done(null, undefined)
    done(new ProblemError(problems.unsupportedMediaType(request.headers['content-type'], accepted)), undefined)
  })

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ProblemError) return send(reply, error.problem, ids)
    const problem = toProblem(error, request, bodyLimitBytes)
    if (problem) return send(reply, problem, ids)
    request.log.error({ err: error }, 'unexpected error: this is a bug in flinks-mock')
    return send(reply, problems.internal(), ids)
  })

  app.setNotFoundHandler(async (request, reply) => send(reply, problems.routeNotFound(request.method, request.url.split('?')[0] ?? '/'), ids))
}, { name: 'http', fastify: '5.x' })
