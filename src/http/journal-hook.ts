/** Records each exchange of the Flinks API (and the hosted page's API) in the journal. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ClockRegistry } from '../clock.js'
import type { Exchange, Journal } from '../journal.js'
import { isOwnPath } from './own-paths.js'
import { redactHeaders, redactText, redactValue } from './redact.js'
// For the request fields they declare: `client` (bearer.ts) and `rawBody` (route.ts).
import type {} from '../auth/bearer.js'
import type {} from '../openapi/route.js'

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * What the handlers learnt that the journal files the request under, and what coverage counts
     * (`pageOutcome`: the outcome of a final view the hosted page answered).
     */
    annotations?: { referenceId?: string | null, sessionId?: string, scenario?: string, clientId?: string, pageOutcome?: string }
  }
}

/** Adds what a handler learnt (session, referenceId, scenario, client, page outcome) to the request's notes. */
export function annotate(request: FastifyRequest, annotations: NonNullable<FastifyRequest['annotations']>): void {
  request.annotations = { ...request.annotations, ...annotations }
}

/** Bodies are kept whole up to this many characters, so that a flood of large bodies stays small. */
export const journalBodyLimit = 16 * 1024

// A value, redacted; its redacted text when it is nested too deep to walk.
function redactParsed(value: unknown, text: string): unknown {
  try {
    return redactValue(value)
  } catch {
    return redactText(text)
  }
}

// The text of a body, redacted, then cut at the limit (redacted first, so no secret is cut in two).
function keptText(raw: string): string {
  const text = redactText(raw)
  return text.length <= journalBodyLimit ? text : `${text.slice(0, journalBodyLimit)}… [${raw.length} characters in all]`
}

// What the journal will show of the request body, from what the request holds. A JSON body is kept
// as a value only when the parser accepted it (its depth is bounded) and it is small; otherwise as
// text, cut at the limit, and cut now, so that the journal does not hold a large body whole.
function requestBody(raw: string | undefined, parsed: unknown): () => unknown {
  if (raw === undefined) return () => parsed instanceof URLSearchParams ? redactValue(Object.fromEntries(parsed)) : parsed ?? null
  if (raw.length > journalBodyLimit || parsed === undefined) {
    const text = keptText(raw)
    return () => text
  }
  return () => redactParsed(JSON.parse(raw), raw)
}

function responseBody(payload: unknown, contentType: string | null): unknown {
  if (typeof payload !== 'string') return null
  if (!contentType?.includes('json')) return payload
  let value: unknown
  try {
    value = JSON.parse(payload)
  } catch {
    return redactText(payload)
  }
  // An issued token (the `access_token` of /api/v1/authorize) is a secret like any other.
  return redactParsed(value, payload)
}

/**
 * What the journal keeps of an exchange: its client, and the function that builds its entry from
 * what the request and reply hold now; undefined for the mock's own paths, which are not journaled.
 */
export function exchangeOf(request: FastifyRequest, reply: FastifyReply, payload: unknown, clocks: ClockRegistry): { clientId: string | null, build: () => Exchange } | undefined {
  const [path = '/', search = ''] = request.url.split('?')
  if (isOwnPath(path)) return undefined
  const notes = request.annotations ?? {}
  const clientId = notes.clientId ?? request.client?.id ?? null
  // The time of the client's clock (its own, or the shared one).
  const atMs = clocks.of(clientId ?? undefined).now()
  const { method, headers } = request
  const body = requestBody(request.rawBody, request.body)
  const status = reply.statusCode
  const contentType = (reply.getHeader('content-type') as string | undefined) ?? null
  return {
    clientId,
    build: (): Exchange => {
      const requestBody = body()
      const referenceId = notes.referenceId !== undefined ? notes.referenceId
        : typeof (requestBody as { referenceId?: unknown } | null)?.referenceId === 'string' ? (requestBody as { referenceId: string }).referenceId : null
      return {
        at: new Date(atMs).toISOString(),
        method,
        path,
        query: redactValue(Object.fromEntries(new URLSearchParams(search))) as Record<string, string>,
        headers: redactHeaders(headers),
        body: requestBody,
        response: { status, contentType, body: responseBody(payload, contentType) },
        clientId,
        referenceId,
        sessionId: notes.sessionId ?? null,
        scenario: notes.scenario ?? null
      }
    }
  }
}

/** Registers the journaling hook (nothing is registered when the journal is off). */
export function journalRequests(app: FastifyInstance, journal: Journal, clocks: ClockRegistry): void {
  if (!journal.enabled) return
  // The hook keeps what the request and reply already hold; the entry (parsing, redaction, dates) is
  // built when the journal is read, off the request's path.
  app.addHook('onSend', (request, reply, payload, done) => {
    const exchange = exchangeOf(request, reply, payload, clocks)
    if (exchange !== undefined) journal.recordLater(exchange.clientId, exchange.build)
    done(null, payload)
  })
}
