/**
 * Every error body the mock sends is built here: ProblemDetails in the shapes ASP.NET Core
 * writes them (the real Flinks Pay service runs on it), and the token endpoint's RFC 6749
 * `{ error }` bodies. The hot paths send them with `reply.problem(problems.x(...))` (http/plugin.ts);
 * elsewhere handlers throw `new ProblemError(problems.x(...))`. Either way sendProblem adds the
 * `traceId` and writes the reply.
 */

/** An RFC 9457 problem, with ASP.NET Core's `errors` map for validation failures. */
export interface ProblemDetails {
  type?: string
  title?: string
  status: number
  detail?: string
  instance?: string
  errors?: Record<string, string[]>
  [extension: string]: unknown
}

/** An RFC 6749 section 5.2 error body. */
export interface OAuthErrorBody {
  error: 'invalid_request' | 'invalid_client' | 'unsupported_grant_type'
  error_description: string
}

/** A reply that is not a success: status, headers, media type and body. */
export interface Problem {
  status: number
  contentType: string
  headers: Record<string, string>
  body: ProblemDetails | OAuthErrorBody
  /** A default ASP.NET Core service answers this with no body (JwtBearer, authorization, routing). */
  emptyInAspNetCore?: true
}

/** Thrown by handlers and hooks; the error handler turns it into the reply. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    // An answer, not a bug: no stack trace to capture and collect (issue 11: the 400 path).
    const limit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    super(('detail' in problem.body && problem.body.detail) || ('title' in problem.body && problem.body.title) || String(problem.status))
    Error.stackTraceLimit = limit
    this.name = 'ProblemError'
  }
}

export const problemContentType = 'application/problem+json; charset=utf-8'
export const jsonContentType = 'application/json; charset=utf-8'

// ASP.NET Core's ProblemDetailsDefaults: the RFC 9110 section and title of each status.
// 413 and 429 have no entry there (the framework writes the reason phrase and no `type`); the mock
// gives them a `type` anyway, so that every ProblemDetails has one (README, fidelity notes).
const defaults: Record<number, { type?: string, section?: string, title: string }> = {
  400: { section: '15.5.1', title: 'Bad Request' },
  401: { section: '15.5.2', title: 'Unauthorized' },
  403: { section: '15.5.4', title: 'Forbidden' },
  404: { section: '15.5.5', title: 'Not Found' },
  405: { section: '15.5.6', title: 'Method Not Allowed' },
  406: { section: '15.5.7', title: 'Not Acceptable' },
  409: { section: '15.5.10', title: 'Conflict' },
  413: { section: '15.5.14', title: 'Payload Too Large' },
  415: { section: '15.5.16', title: 'Unsupported Media Type' },
  422: { title: 'Unprocessable Entity' },
  429: { type: 'https://tools.ietf.org/html/rfc6585#section-4', title: 'Too Many Requests' },
  500: { section: '15.6.1', title: 'An error occurred while processing your request.' },
  502: { section: '15.6.3', title: 'Bad Gateway' },
  503: { section: '15.6.4', title: 'Service Unavailable' },
  504: { section: '15.6.5', title: 'Gateway Timeout' }
}

/** The statuses the mock can answer with a ProblemDetails. */
export const problemStatuses = Object.keys(defaults).map(Number)

// The `type` of each status's ProblemDetails, computed once.
const defaultTypes = new Map(Object.entries(defaults).map(([status, known]) => [Number(status), known.type ?? (known.section === undefined ? undefined : `https://tools.ietf.org/html/rfc9110#section-${known.section}`)]))

// The members .NET 8 writes first, in its order; extensions follow, in theirs.
const standardMembers = new Set(['type', 'title', 'status', 'detail', 'instance', 'errors'])

/**
 * The ProblemDetails ASP.NET Core writes for `status`, with `fields` over its defaults, in the
 * order .NET 8 writes them: type, title, status, detail, instance, errors, then extensions. Built
 * member by member, in that order, with no spread or delete (issue 11: every error reply runs it).
 */
export function problemDetails(status: number, fields: Omit<ProblemDetails, 'status'> = {}, headers: Record<string, string> = {}): Problem {
  // Omit<> of a type with an index signature forgets its named members: read them through it.
  const named = fields as Partial<ProblemDetails>
  const body = {} as ProblemDetails
  const type = named.type ?? defaultTypes.get(status)
  if (type !== undefined) body.type = type
  body.title = named.title ?? defaults[status]?.title ?? 'Error'
  body.status = status
  if (named.detail !== undefined) body.detail = named.detail
  if (named.instance !== undefined) body.instance = named.instance
  if (named.errors !== undefined) body.errors = named.errors
  for (const key in fields) if (!standardMembers.has(key) && fields[key] !== undefined) body[key] = fields[key]
  return { status, contentType: problemContentType, headers, body }
}

function bearerChallenge(description?: string): Record<string, string> {
  // JwtBearerHandler's challenge: a bare `Bearer` when no token came, else invalid_token.
  // A quoted-string (RFC 9110 section 5.6.4): quotes and backslashes inside are escaped.
  return { 'www-authenticate': description === undefined ? 'Bearer' : `Bearer error="invalid_token", error_description="${description.replace(/["\\]/g, '\\$&')}"` }
}

// JwtBearer's 401 and 403, and routing's 404 and 405, carry no body on ASP.NET Core
// (JwtBearerHandler, ApplicationBuilder, HttpMethodMatcherPolicy): sent so with `errorBodies: aspnet`.
function emptyInAspNetCore(problem: Problem): Problem {
  return { ...problem, emptyInAspNetCore: true }
}

function oauth(status: 400 | 401, error: OAuthErrorBody['error'], description: string, headers: Record<string, string> = {}): Problem {
  // RFC 6749 section 5.1: token responses, errors included, are not cached.
  return { status, contentType: jsonContentType, headers: { 'cache-control': 'no-store', pragma: 'no-cache', ...headers }, body: { error, error_description: description } }
}

/** The catalogue of errors the mock sends. */
export const problems = {
  /** ASP.NET Core's ValidationProblemDetails: `errors` keyed by field, messages as the framework words them. */
  validation: (errors: Record<string, string[]>) =>
    problemDetails(400, { title: 'One or more validation errors occurred.', errors }),
  /** A request the mock understood but refuses (a rule of the API, not a field's shape). */
  badRequest: (detail: string) => problemDetails(400, { detail }),
  tokenMissing: () =>
    emptyInAspNetCore(problemDetails(401, { detail: 'No bearer token was sent. Call /api/v1/authorize and send "Authorization: Bearer <access_token>".' }, bearerChallenge())),
  tokenInvalid: (description: string) =>
    emptyInAspNetCore(problemDetails(401, { detail: description }, bearerChallenge(description))),
  /** A refusal by a rule of the handler (a product the client lacks): a ProblemDetails in any case. */
  forbidden: (detail: string) => problemDetails(403, { detail }),
  /** A refusal of the authentication stage, before the handler runs: ASP.NET Core's has no body. */
  authorizationRefused: (detail: string) => emptyInAspNetCore(problemDetails(403, { detail })),
  sessionNotFound: (sessionId: string) =>
    problemDetails(404, { detail: `No session ${sessionId} exists for this client.` }),
  routeNotFound: (method: string, path: string) =>
    emptyInAspNetCore(problemDetails(404, { detail: `No route matches ${method} ${path}.` })),
  methodNotAllowed: (method: string, allow: string[]) =>
    emptyInAspNetCore(problemDetails(405, { detail: `${method} is not allowed here. Allowed: ${allow.join(', ')}.` }, { allow: allow.join(', ') })),
  payloadTooLarge: (limitBytes: number) =>
    problemDetails(413, { detail: `The request body is larger than the limit of ${limitBytes} bytes.` }),
  unsupportedMediaType: (contentType: string | undefined, accepted: string[]) =>
    problemDetails(415, { detail: `${contentType ? `Content-Type ${contentType} is` : 'A request without Content-Type is'} not supported here. Send one of: ${accepted.join(', ')}.` }),
  sessionAlreadyTerminal: (sessionId: string, status: string) =>
    problemDetails(400, { title: 'Session Already Terminal', detail: `Session ${sessionId} is already ${status} and cannot be cancelled.` }),
  /** POST .../guarantees/confirm on a session with no guarantee waiting (the status is flinks-mock's choice). */
  noGuaranteeToConfirm: (detail: string) => problemDetails(409, { detail }),
  /** The hosted page's API has no token, so it looks sessions up across clients. */
  hostedSessionNotFound: (sessionId: string) =>
    problemDetails(404, { detail: `No session ${sessionId} exists. Check the sessionId of the link.` }),
  /** A page action the session cannot take now: 400 for wrong input, 409 once the session is final. */
  actionRefused: (status: 400 | 409, detail: string) => problemDetails(status, { detail }),
  internal: () => problemDetails(500),
  adminUnauthorized: (detail: string) => problemDetails(401, { detail }, { 'www-authenticate': 'Bearer realm="flinks-mock-admin"' }),
  clientNotFound: (clientId: string) => problemDetails(404, { detail: `No client "${clientId}" is configured.` }),
  deliveryNotFound: (deliveryId: string) => problemDetails(404, { detail: `No webhook delivery ${deliveryId}.` }),
  clockRefused: (reason: string) => problemDetails(400, { detail: reason }),
  /** A client's own clock asked of a client that reads the shared one. */
  noOwnClock: (clientId: string) => problemDetails(409, { detail: `Client "${clientId}" reads the shared clock: POST /__admin/clocks {"clientId": "${clientId}"} gives it its own first.` }),
  /** The shared store (Redis) does not answer, or another replica changed the session first: try again shortly. */
  storeUnavailable: (reason: string) => problemDetails(503, { detail: `The mock's store is unavailable: ${reason}. Retry shortly.` }, { 'retry-after': '1' }),
  /** The error a scenario asks for, over the framework's defaults for its status. */
  fromScenario: (error: { status: number, type?: string, title?: string, detail?: string, errors?: Record<string, string[]>, retryAfterSeconds?: number }) =>
    problemDetails(
      error.status,
      { type: error.type, title: error.title, detail: error.detail, errors: error.errors },
      error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) }
    ),
  oauthInvalidRequest: (description: string) => oauth(400, 'invalid_request', description),
  oauthInvalidClient: (description: string) => oauth(401, 'invalid_client', description, { 'www-authenticate': 'Basic realm="flinks-mock"' }),
  oauthUnsupportedGrantType: (grantType: string) =>
    oauth(400, 'unsupported_grant_type', `The grant_type "${grantType}" is not supported: use client_credentials.`)
}
