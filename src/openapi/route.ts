/**
 * Registers a route from an operation of the loaded document: method and path come from the
 * document, and the request is checked against it before the handler runs (media type, path
 * parameters, body). Handlers receive a body that fits the schema.
 */
import type { ErrorObject, ValidateFunction } from 'ajv'
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler, RouteHandlerMethod } from 'fastify'
import { problems, ProblemError, type Problem } from '../problems.js'
import { createBinder } from '../aspnet/binder.js'
import { getOperation, type ApiDocument, type Operation } from './document.js'
import { describeSchemaError, type JsonError } from '../aspnet/json-errors.js'
import { describePlainErrors, describePlainParamError } from './plain-errors.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The document operation this route serves (undefined on routes outside the documents). */
    operation?: Operation
    /** Whose words the route's request errors are in (JSON syntax errors included). */
    wording?: ErrorWording
  }
  interface FastifyRequest {
    /** The body as received, kept for error messages that point into it. */
    rawBody?: string
    /** A form body (application/x-www-form-urlencoded) as received: what the journal keeps of it. */
    formText?: string
    /** The parsed body before `aspnet` binding dropped the members the document does not list. */
    unboundBody?: unknown
  }
}

/** How request bodies are held to the document. */
export type ValidationMode = 'strict' | 'aspnet'

/**
 * Whose words a route's request errors are in: `aspnet`, System.Text.Json's and ASP.NET Core's, as
 * the real service writes them (the Flinks endpoints); `plain`, our own, for the mock's own APIs.
 */
export type ErrorWording = 'aspnet' | 'plain'

/** What a route adds to its operation. */
export interface OperationRoute {
  onRequest?: onRequestHookHandler | onRequestHookHandler[]
  /** Overrides the document's `requestBody.required` (ASP.NET Core's [FromBody] needs a body whatever the document says). */
  requireBody?: boolean
  /** The problem for a path parameter that does not fit its schema (a malformed session id is a 404). */
  invalidPathParam?: (name: string, value: string) => Problem
  /** Whose words request errors are in; `aspnet` unless said. */
  wording?: ErrorWording
  handler: RouteHandlerMethod
}

/** The media type of a Content-Type header, lower case, without parameters. */
export function mediaTypeOf(header: string | undefined): string | undefined {
  const end = header?.indexOf(';')
  const type = (end === -1 ? header : header?.slice(0, end))?.trim().toLowerCase()
  return type ? type : undefined
}

function mediaTypeMatcher(accepted: string[]): (type: string) => boolean {
  const patterns = accepted.map(a => new RegExp(`^${a.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/;]+')}$`))
  return type => patterns.some(p => p.test(type))
}

/** The longest refused body whose error a route remembers, in characters. */
export const refusedBodyKeptChars = 16 * 1024

/** Registers the route of `operationId`, with the checks its document prescribes. */
export function routeOperation(app: FastifyInstance, api: ApiDocument, mode: ValidationMode, operationId: string, route: OperationRoute): void {
  const operation = getOperation(api, operationId)
  const accepts = mediaTypeMatcher(operation.requestMediaTypes)
  const bind = mode === 'aspnet' && operation.bodySchema ? createBinder(operation.bodySchema, api.resolve) : undefined
  const { validateBody } = operation
  const isJson = operation.requestMediaTypes.some(t => t.includes('json'))
  const wording = route.wording ?? 'aspnet'
  // The last body this route refused for not fitting its schema, and the error it was given: a load
  // test or a test suite sends one invalid body again and again, and describing it reads the body
  // again to find the error's position (a tenth of a 400's time, issue 11). The same text binds and
  // validates the same way, so its error is the same. Only bodies of a usual size are kept.
  let lastRefused: { text: string, error: JsonError } | undefined
  const describe = (text: string, errors: ErrorObject[]): JsonError => {
    if (lastRefused?.text === text) return lastRefused.error
    const error = describeSchemaError(text, errors, api.schemaName)
    lastRefused = text.length <= refusedBodyKeptChars ? { text, error } : undefined
    return error
  }

  // The parameters' checks as arrays, walked by index: for-of over the operation's Maps made an
  // iterator and an entry array for each parameter of every request (issue 11).
  const pathParams = [...operation.validatePathParams].map(([name, validate]) => ({ name, validate }))
  const queryParams = [...operation.validateQueryParams].map(([name, check]) => ({ name, ...check }))
  // The refusal of a request, returned rather than thrown (see the handler below).
  const checkRequest = (request: FastifyRequest): Problem | undefined => {
    const params = request.params as Record<string, string>
    for (let i = 0; i < pathParams.length; i++) {
      const { name, validate } = pathParams[i] as { name: string, validate: ValidateFunction }
      // Fastify sets every parameter of the path template, which the document's path parameters name.
      const value = params[name] as string
      if (!validate(value)) return route.invalidPathParam?.(name, value) ?? problems.routeNotFound(request.method, request.url)
    }
    const query = request.query as Record<string, string | string[] | undefined>
    // Made for the first bad parameter only: most requests have none (issue 11).
    let bad: Record<string, string[]> | undefined
    for (let i = 0; i < queryParams.length; i++) {
      const { name, type, validate } = queryParams[i] as { name: string, type: string | undefined, validate: ValidateFunction }
      const text = query[name]
      if (text === undefined) continue
      // A repeated parameter comes as an array of two values or more: the last one counts.
      const raw = Array.isArray(text) ? text.at(-1) as string : text
      // Query values are text; read them as the schema's type first, as model binding does.
      const value = type === 'integer' || type === 'number' ? (raw.trim() === '' ? Number.NaN : Number(raw)) : raw
      if (validate(value)) query[name] = value as never
      else (bad ??= {})[name] = [wording === 'plain' ? describePlainParamError(raw, (validate.errors as ErrorObject[])[0] as ErrorObject) : `The value '${raw}' is not valid for ${name}.`]
    }
    if (bad !== undefined) return problems.validation(bad)
    if (validateBody === undefined) return undefined
    const type = mediaTypeOf(request.headers['content-type'])
    if (type === undefined && request.body === undefined && !(route.requireBody ?? operation.bodyRequired)) return undefined
    if (type === undefined || !accepts(type)) return problems.unsupportedMediaType(request.headers['content-type'], operation.requestMediaTypes)
    if (!isJson) return undefined
    // ASP.NET Core: an empty body (or a bare null) for a [FromBody] model.
    if (request.body === undefined || request.body === null) {
      return problems.validation({ '': [wording === 'plain' ? 'A JSON body is required.' : 'A non-empty request body is required.'] })
    }
    if (bind) request.unboundBody = request.body
    const body = bind ? bind(request.body) : request.body
    if (!validateBody(body)) {
      // A failed validation has its errors, and the JSON parser keeps every JSON body as received.
      const errors = validateBody.errors as ErrorObject[]
      if (wording === 'plain') return problems.validation(describePlainErrors(errors))
      const error = describe(request.rawBody as string, errors)
      return problems.validation({ [error.key]: [error.message] })
    }
    request.body = body
    return undefined
  }

  app.route({
    method: operation.method as 'GET' | 'POST',
    url: operation.url,
    config: { operation, wording },
    ...(route.onRequest ? { onRequest: route.onRequest } : {}),
    // The checks run first in the handler, where a preValidation hook would have run them: the mock
    // adds no preHandler hook, and each hook Fastify runs costs its hook runner on every request
    // (issue 11). The refusal is sent, not thrown: a throw costs V8 a message object and a walk of
    // the stack even when caught (a fifth of the instructions of the benchmark's 400), and an Error
    // captures the stack when it is built (4xx answers are this mock's everyday work).
    handler(request, reply) {
      const problem = checkRequest(request)
      if (problem === undefined) return route.handler.call(this, request, reply)
      reply.problem(problem)
    }
  })
}

const allMethods = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'] as const

/** Answers 405 with `Allow` for the methods a document path does not have (ASP.NET Core routing does). */
export function routeMethodNotAllowed(app: FastifyInstance, api: ApiDocument): void {
  const byUrl = new Map<string, string[]>()
  for (const operation of api.operations.values()) byUrl.set(operation.url, [...(byUrl.get(operation.url) ?? []), operation.method])
  for (const [url, allowed] of byUrl) {
    app.route({
      method: allMethods.filter(m => !allowed.includes(m)),
      url,
      handler: async request => {
        throw new ProblemError(problems.methodNotAllowed(request.method, allowed))
      }
    })
  }
}
