/** Checks a response against the OpenAPI document the mock serves: status, media type and body schema. */
import type { ApiDocument } from '../../src/openapi/document.js'
import type { MockState } from '../../src/state.js'

/** A response as the checker sees it. */
export interface SeenResponse {
  method: string
  url: string
  statusCode: number
  headers: Record<string, unknown>
  body: string
}

/** Paths the mock serves outside its documents (checked by their own tests): no JSON API among them. */
const outsideDocument = [/^\/healthz(\/live)?$/, /^\/documentation(\/|$)/, /^\/app\/?$/, /^\/app\/app\.(js|css)$/, /^\/__admin\/openapi\.json$/, /^\/app\/api\/openapi\.json$/]

/** The document that describes a path: the admin API's, the hosted page API's, or the Flinks API's. */
export function documentFor(state: Pick<MockState, 'api' | 'adminApi' | 'hostedPageApi'>, path: string): ApiDocument {
  if (/^\/(__admin|metrics)(\/|$)/i.test(path)) return state.adminApi
  if (/^\/app\/api(\/|$)/i.test(path)) return state.hostedPageApi
  return state.api
}

interface Template { path: string, pattern: RegExp }

const templates = new WeakMap<ApiDocument, Template[]>()

function templatesOf(api: ApiDocument): Template[] {
  let list = templates.get(api)
  if (!list) {
    list = Object.keys(api.document.paths).map(path => ({
      path,
      // Case-insensitive with an optional trailing slash, as the server routes.
      pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`, 'i')
    }))
    templates.set(api, list)
  }
  return list
}

type Json = Record<string, unknown>

function validateBody(api: ApiDocument, place: string[], body: string, what: string): string[] {
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    return [`${what}: the body is not JSON: ${body.slice(0, 80)}`]
  }
  const validate = api.validatorAt(...place)
  if (validate(value)) return []
  return [`${what}: the body does not fit ${place.join('/')}: ${JSON.stringify(validate.errors?.slice(0, 3))}`]
}

function validateText(api: ApiDocument, place: string[], body: string, what: string): string[] {
  const validate = api.validatorAt(...place)
  if (validate(body)) return []
  return [`${what}: the body does not fit ${place.join('/')}: ${JSON.stringify(validate.errors?.slice(0, 3))}`]
}

/** How a response is checked beyond its document. */
export interface CheckOptions {
  /**
   * The mock runs with `errorBodies: aspnet`: a 401, 403, 404 or 405 may come with no body and no
   * Content-Type, as ASP.NET Core sends them, where the document declares the status (or routing
   * answers it: an unknown path, a wrong method). The document says so in its description.
   */
  aspnetErrorBodies?: boolean
}

// The statuses a default ASP.NET Core service answers without a body (JwtBearer, authorization, routing).
const emptyStatuses = new Set([401, 403, 404, 405])

/** What is wrong with a response, by the document; empty when it conforms. */
export function responseProblems(api: ApiDocument, res: SeenResponse, options: CheckOptions = {}): string[] {
  const path = res.url.split('?')[0] ?? '/'
  const what = `${res.method} ${path} -> ${res.statusCode}`
  const mediaType = String(res.headers['content-type'] ?? '').split(';')[0]?.trim() ?? ''
  const emptyAllowed = options.aspnetErrorBodies === true && emptyStatuses.has(res.statusCode) && res.body === '' && res.headers['content-type'] === undefined
  const template = templatesOf(api).find(t => t.pattern.test(path))
  if (template === undefined) {
    if (outsideDocument.some(p => p.test(path))) return []
    if (emptyAllowed && res.statusCode === 404) return []
    if (mediaType !== 'application/problem+json') return [`${what}: a path outside the document must answer a ProblemDetails, not ${mediaType}`]
    return validateBody(api, ['components', 'schemas', 'ProblemDetails'], res.body, what)
  }
  const item = api.document.paths[template.path] as Json
  const operation = item[res.method.toLowerCase()] as Json | undefined
  if (operation === undefined) {
    const problems: string[] = []
    if (res.statusCode !== 405) problems.push(`${what}: the document has no ${res.method} here, so only 405 may answer`)
    if (typeof res.headers.allow !== 'string') problems.push(`${what}: a 405 must carry Allow`)
    return [...problems, ...(emptyAllowed ? [] : validateBody(api, ['components', 'schemas', 'ProblemDetails'], res.body, what))]
  }
  const responses = operation.responses as Json
  const status = String(res.statusCode)
  let response = (responses[status] ?? responses.default) as Json | undefined
  if (response === undefined) return [`${what}: status ${status} is not declared for ${res.method} ${template.path}`]
  if (emptyAllowed) return []
  let place = ['paths', template.path, res.method.toLowerCase(), 'responses', responses[status] ? status : 'default']
  if (typeof response.$ref === 'string') {
    place = response.$ref.slice(2).split('/')
    response = api.resolve(response as never) as Json
  }
  const content = response.content as Json | undefined
  if (content === undefined) return res.body === '' ? [] : [`${what}: the document declares no body, but one came`]
  // A declared media type may carry parameters (`text/plain; version=0.0.4`): the response's must include them.
  const declared = Object.keys(content).find(key => key === mediaType || (key.split(';')[0]?.trim() === mediaType && String(res.headers['content-type']).replace(/\s/g, '').includes(key.replace(/\s/g, ''))))
  if (declared === undefined) return [`${what}: media type ${mediaType} is not declared (${Object.keys(content).join(', ')})`]
  // A text body (a page, a script, a stylesheet, XML, Prometheus text) declared as a string is text, not JSON; Swashbuckle's
  // text/plain of a JSON schema is JSON.
  const schema = api.resolve(((content[declared] as Json).schema ?? {}) as never) as Json
  if (!mediaType.includes('json') && schema.type === 'string') return validateText(api, [...place, 'content', declared, 'schema'], res.body, what)
  return validateBody(api, [...place, 'content', declared, 'schema'], res.body, what)
}
