/** Records each exchange of the Flinks API (and the hosted page's API) in the journal. */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Clock } from '../clock.js'
import type { Journal } from '../journal.js'
import { isOwnPath } from './own-paths.js'
// For the request fields they declare: `client` (bearer.ts) and `rawBody` (route.ts).
import type {} from '../auth/bearer.js'
import type {} from '../openapi/route.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** What the handlers learnt that the journal files the request under. */
    annotations?: { referenceId?: string | null, sessionId?: string, scenario?: string, clientId?: string }
  }
}

/** Adds what a handler learnt (session, referenceId, scenario, client) to the request's journal entry. */
export function annotate(request: FastifyRequest, annotations: NonNullable<FastifyRequest['annotations']>): void {
  request.annotations = { ...request.annotations, ...annotations }
}

const secretFields = /^(password|client_secret|secret)$/i
const secretsInText = /("(?:password|client_secret|secret)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi
/** Bodies are kept whole up to this many characters, so that a flood of large bodies stays small. */
export const journalBodyLimit = 16 * 1024

function redactHeaders(headers: FastifyRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'host' || value === undefined) continue
    const text = Array.isArray(value) ? value.join(', ') : value
    if (name === 'authorization' || name === 'proxy-authorization') out[name] = `${text.split(' ')[0]} [redacted]`
    else if (name === 'cookie' || name === 'x-api-key') out[name] = '[redacted]'
    else out[name] = text
  }
  return out
}

function redactFields(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, secretFields.test(k) ? '[redacted]' : v]))
}

function requestBody(request: FastifyRequest): unknown {
  const raw = request.rawBody
  if (raw !== undefined) {
    // Kept as a value only when the parser accepted it (its depth is bounded) and it is small;
    // otherwise as text, cut at the limit.
    if (request.body !== undefined && raw.length <= journalBodyLimit) return redactFields(JSON.parse(raw))
    const text = raw.replace(secretsInText, '$1"[redacted]"')
    return text.length <= journalBodyLimit ? text : `${text.slice(0, journalBodyLimit)}… [${raw.length} characters in all]`
  }
  if (request.body instanceof URLSearchParams) return redactFields(Object.fromEntries(request.body))
  return request.body ?? null
}

function responseBody(payload: unknown, contentType: string | null): unknown {
  if (typeof payload !== 'string') return null
  if (contentType?.includes('json')) {
    try {
      return JSON.parse(payload)
    } catch {
      return payload
    }
  }
  return payload
}

/** Registers the journaling hook (nothing is registered when the journal is off). */
export function journalRequests(app: FastifyInstance, journal: Journal, clock: Clock): void {
  if (!journal.enabled) return
  app.addHook('onSend', async (request, reply, payload) => {
    const [path = '/', search = ''] = request.url.split('?')
    if (isOwnPath(path)) return payload
    const contentType = (reply.getHeader('content-type') as string | undefined) ?? null
    const notes = request.annotations ?? {}
    const body = requestBody(request)
    const referenceId = notes.referenceId !== undefined ? notes.referenceId
      : typeof (body as { referenceId?: unknown } | null)?.referenceId === 'string' ? (body as { referenceId: string }).referenceId : null
    journal.record({
      at: new Date(clock.now()).toISOString(),
      method: request.method,
      path,
      query: Object.fromEntries(new URLSearchParams(search)),
      headers: redactHeaders(request.headers),
      body,
      response: { status: reply.statusCode, contentType, body: responseBody(payload, contentType) },
      clientId: notes.clientId ?? request.client?.id ?? null,
      referenceId,
      sessionId: notes.sessionId ?? null,
      scenario: notes.scenario ?? null
    })
    return payload
  })
}
