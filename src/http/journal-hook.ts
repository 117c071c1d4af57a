/** Records each exchange of the Flinks API (and the hosted page's API) in the journal. */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Clock } from '../clock.js'
import type { Journal } from '../journal.js'
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

// Mock infrastructure, not part of what a client's code sent to "Flinks".
const unjournaled = /^\/(__admin|healthz|documentation)(\/|$|\?)/i
const secretFields = /^(password|client_secret)$/i

function redactHeaders(headers: FastifyRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'host' || value === undefined) continue
    const text = Array.isArray(value) ? value.join(', ') : value
    if (name === 'authorization') out[name] = `${text.split(' ')[0]} [redacted]`
    else if (name === 'cookie' || name === 'x-api-key') out[name] = '[redacted]'
    else out[name] = text
  }
  return out
}

function requestBody(request: FastifyRequest): unknown {
  if (request.rawBody !== undefined) {
    try {
      return JSON.parse(request.rawBody)
    } catch {
      return request.rawBody
    }
  }
  if (request.body instanceof URLSearchParams) {
    return Object.fromEntries([...request.body].map(([k, v]) => [k, secretFields.test(k) ? '[redacted]' : v]))
  }
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
    if (unjournaled.test(path)) return payload
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
