/**
 * The HTTP edge: body parsers for JSON (application/json, text/json, application/*+json) and
 * forms, and the one error handler that turns every failure into the reply problems.ts built.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../config.js'
import type { Ids } from '../ids.js'
import { isFlinksApiPath } from './own-paths.js'
import { onEachRequest, onEachSend } from './steps.js'
import type { Operation } from '../openapi/document.js'
import { describeSyntaxError } from '../aspnet/json-errors.js'
import { maxDepth } from '../aspnet/json-reader-errors.js'
import { describePlainSyntaxError } from '../openapi/plain-errors.js'
import { problems, ProblemError, type Problem, type ProblemDetails } from '../problems.js'
import { ScenarioError } from '../scenarios/loader.js'
import { ActionError } from '../sessions/actions.js'
// For the route fields it declares: `config.operation` and `rawBody`.
import type {} from '../openapi/route.js'

/**
 * True when a value nests deeper than `limit`. Walked without building a path: it runs on every
 * JSON body, and the arrays of a path per level were garbage on every request (issue 11).
 */
export function tooDeep(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false
  if (limit <= 0) return true
  for (const key in value) {
    if (tooDeep((value as Record<string, unknown>)[key], limit - 1)) return true
  }
  return false
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
const withoutByteOrderMark = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)

/** Parses a JSON body as the real service would read it; throws its ValidationProblemDetails. */
export function parseJsonBody(text: string): unknown {
  // ASP.NET Core answers a body of no bytes itself; any other body, blank too, goes to the reader.
  if (text === '') return undefined
  const json = withoutByteOrderMark(text)
  const value = tryParse(json)
  // Only a body JSON.parse refused, or one nested deeper than Utf8JsonReader goes, is walked
  // again, to say what System.Text.Json would.
  const error = value === undefined || tooDeep(value, maxDepth) ? describeSyntaxError(json) : undefined
  if (error) throw new ProblemError(problems.validation({ [error.key]: [error.message] }))
  return value
}

/** Parses a JSON body for a route of the mock's own APIs; throws a ValidationProblemDetails in plain words. */
export function parsePlainJsonBody(text: string): unknown {
  if (text === '') return undefined
  const json = withoutByteOrderMark(text)
  const value = tryParse(json)
  if (value === undefined) throw new ProblemError(problems.validation({ '': [describePlainSyntaxError(json)] }))
  return value
}

/** Writes a problem as the reply, adding the trace id to a ProblemDetails; empty where `aspnet` error bodies say so. */
export function sendProblem(reply: FastifyReply, problem: Problem, ids: Ids, errorBodies: Config['errorBodies'] = 'problem'): FastifyReply {
  if (errorBodies === 'aspnet' && problem.emptyInAspNetCore === true && isFlinksApiPath(reply.request.url.split('?')[0] as string)) {
    // Status and headers (WWW-Authenticate, Allow) as ASP.NET Core sends them; no body, so no Content-Type.
    return reply.code(problem.status).headers(problem.headers).send()
  }
  let body = problem.body
  if (problem.contentType.startsWith('application/problem+json')) {
    // ASP.NET Core adds the trace id to every ProblemDetails it writes, last.
    body = { ...(body as ProblemDetails), traceId: (reply.request.ids ?? ids).traceId() }
  }
  return reply.code(problem.status).headers(problem.headers).type(problem.contentType).send(body)
}

function toProblem(error: FastifyError, request: FastifyRequest, bodyLimitBytes: number): Problem | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problems.payloadTooLarge(bodyLimitBytes)
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      // A Content-Type that is no media type at all, where the route reads a body (the others set it
      // aside): only a document's operation reads one, and it lists its media types.
      return problems.unsupportedMediaType(request.headers['content-type'], (request.routeOptions.config.operation as Operation).requestMediaTypes)
    default:
      if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
        return problems.badRequest(error.message)
      }
      return undefined
  }
}

declare module 'fastify' {
  interface FastifyReply {
    /**
     * Sends a problem as the error handler would, without an Error: building one captures the
     * stack, and Fastify's error path runs on top (issue 11: refusals are this mock's everyday work).
     */
    problem(problem: Problem): FastifyReply
  }
}

/** Options of the HTTP plugin. */
export interface HttpOptions {
  ids: Ids
  bodyLimitBytes: number
  errorBodies: Config['errorBodies']
}

export default fp<HttpOptions>(async (app: FastifyInstance, { ids, bodyLimitBytes, errorBodies }) => {
  app.removeAllContentTypeParsers()
  app.decorateReply('problem', function (this: FastifyReply, problem: Problem) {
    return sendProblem(this, problem, ids, errorBodies)
  })
  // Only routes that take a body read one: an unknown path or a wrong method answers 404/405,
  // not a complaint about a body it would never read.
  const skipBody = (request: FastifyRequest) => (request.routeOptions.config.operation?.requestMediaTypes.length ?? 0) === 0

  // A route that reads no body ignores its Content-Type, as ASP.NET Core does, even one that is no
  // media type at all (which fastify refuses before any route code runs): so it is set aside until
  // the answer is sent, and the journal still sees it.
  // Steps of the app's one onRequest and one onSend hook (steps.ts, issue 11).
  const setAside = new WeakMap<FastifyRequest, string>()
  onEachRequest(app, request => {
    const type = request.headers['content-type']
    if (type !== undefined && skipBody(request)) {
      setAside.set(request, type)
      delete request.headers['content-type']
    }
    return undefined
  })
  onEachSend(app, request => {
    const type = setAside.get(request)
    if (type !== undefined) request.headers['content-type'] = type
  })

  const parseJson = (request: FastifyRequest, text: string | Buffer, done: (error: Error | null, body?: unknown) => void) => {
    // Without the byte order mark, as the reader sees it: schema errors count positions from there.
    request.rawBody = withoutByteOrderMark(String(text))
    try {
      const parse = request.routeOptions.config.wording === 'plain' ? parsePlainJsonBody : parseJsonBody
      done(null, parse(String(text)))
    } catch (error) {
      done(error as Error, undefined)
    }
  }
  app.addContentTypeParser(['application/json', 'text/json'], { parseAs: 'string' }, parseJson)
  app.addContentTypeParser(/^application\/[^\s;/]+\+json$/, { parseAs: 'string' }, parseJson)
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (request, text, done) => {
    request.formText = String(text)
    done(null, new URLSearchParams(request.formText))
  })
  // Any other media type: ignored where the operation takes no body, refused (415) where it does.
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, _text, done) => {
    const accepted = request.routeOptions.config.operation?.requestMediaTypes ?? []
    if (accepted.length === 0) return done(null, undefined)
    done(new ProblemError(problems.unsupportedMediaType(request.headers['content-type'], accepted)), undefined)
  })

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ProblemError) return sendProblem(reply, error.problem, ids, errorBodies)
    // A user action the session's state refuses, from the page or the admin API.
    if (error instanceof ActionError) return sendProblem(reply, problems.actionRefused(error.status, error.message), ids, errorBodies)
    // Scenario files are read during a request only by a reload; start-up reports its own.
    if (error instanceof ScenarioError) return sendProblem(reply, problems.badRequest(`The scenarios were not reloaded: ${error.message}`), ids, errorBodies)
    const problem = toProblem(error, request, bodyLimitBytes)
    if (problem) return sendProblem(reply, problem, ids, errorBodies)
    request.log.error({ err: error }, 'unexpected error: this is a bug in flinks-mock')
    return sendProblem(reply, problems.internal(), ids, errorBodies)
  })

  app.setNotFoundHandler(async (request, reply) => sendProblem(reply, problems.routeNotFound(request.method, request.url.split('?')[0] ?? '/'), ids, errorBodies))
}, { name: 'http', fastify: '5.x' })

/** Fastify's own refusals before routing (a URL that does not decode, a path segment too long), as ProblemDetails. */
export function frameworkProblem(error: FastifyError, request: FastifyRequest): Problem {
  // An over-long segment cannot be a session id: no route matches, as ASP.NET Core's GUID constraint would say.
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return problems.routeNotFound(request.method, request.url.replace(/\?.*$/s, ''))
  return problems.badRequest(`The request path cannot be read: ${error.message}`)
}

/** The raw answer to a request Node refuses before Fastify sees it (headers too large, bad framing). */
export function clientErrorResponse(error: NodeJS.ErrnoException): string {
  const [status, title] = error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request']
  const body = JSON.stringify({ title, status, detail: `The request could not be read (${error.code ?? 'malformed'}).` })
  return `HTTP/1.1 ${status} ${title}\r\ncontent-type: application/problem+json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`
}
