/** Records each exchange of the Flinks API (and the hosted page's API) in the journal. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ClockRegistry } from '../clock.js'
import type { Exchange, Journal, PendingExchange } from '../journal.js'
import type { SessionState } from '../sessions/lifecycle.js'
import { isOwnPath } from './own-paths.js'
import { redactHeaders, redactText, redactValue } from './redact.js'
import { onEachSend } from './steps.js'
// For the request fields they declare: `client` (bearer.ts) and `rawBody` (route.ts).
import type {} from '../auth/bearer.js'
import type {} from '../openapi/route.js'

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * What the handlers learnt that the journal files the request under, and what coverage counts
     * (`pageOutcome`: the outcome of a final view the hosted page answered; `shown`: the state of
     * the session a read showed).
     */
    annotations?: { referenceId?: string | null, sessionId?: string, scenario?: string, clientId?: string, pageOutcome?: string, shown?: SessionState }
  }
}

/** Adds what a handler learnt (session, referenceId, scenario, client, page outcome) to the request's notes. */
export function annotate(request: FastifyRequest, annotations: NonNullable<FastifyRequest['annotations']>): void {
  // The first notes are kept as given (callers pass a new object): no copy on every request (issue 11).
  request.annotations = request.annotations === undefined ? annotations : { ...request.annotations, ...annotations }
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

function responseBody(payload: string, contentType: string | null): unknown {
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
 * What the journal keeps of an exchange until it is read: one object of what the request and reply
 * held (no closures, no copies), from which `build` makes the entry. The bodies, most of an
 * exchange's size, are not in it: they are its text, which the journal keeps as bytes off the heap
 * (text-ring.ts) and hands back to `build`. The journal keeps the newest thousand exchanges across
 * young collections, so every object less in each is copying saved (issue 11: with the journal on,
 * details reads spent twice the scavenging time).
 */
class Pending implements PendingExchange {
  readonly clientId: string | null
  private readonly atMs: number
  private readonly method: string
  private readonly url: string
  private readonly headers: FastifyRequest['headers']
  /** The body as parsed, when no text of it was kept (forms, no body). */
  private readonly parsedBody: unknown
  /** How many characters of the text are the request body's: -1 when none is (then `parsedBody` is shown). */
  private readonly bodyChars: number
  /**
   * `json`: JSON the parser accepted (its depth is bounded), shown as a value; `text`: shown as
   * text; `kept`: cut at the limit and redacted already, so that the journal does not hold it whole.
   */
  private readonly bodyKind: 'json' | 'text' | 'kept'
  private readonly status: number
  private readonly contentType: string | null
  /** Whether the rest of the text is the response's body (a string); otherwise it had none to show. */
  private readonly answered: boolean
  private readonly referenceId: string | null | undefined
  private readonly sessionId: string | undefined
  private readonly scenario: string | undefined
  /** The request body's text (as received, or as the journal shows it when longer than the limit); taken by the journal. */
  private bodyText: string
  /** The response body's text (empty when `answered` is false); taken by the journal. */
  private answerText: string

  constructor(request: FastifyRequest, reply: FastifyReply, payload: unknown, clientId: string | null, atMs: number) {
    const notes = request.annotations
    this.clientId = clientId
    this.atMs = atMs
    this.method = request.method
    this.url = request.url
    this.headers = request.headers
    const raw = request.rawBody
    this.parsedBody = raw === undefined ? request.body : undefined
    const tooLong = raw !== undefined && raw.length > journalBodyLimit
    this.bodyKind = tooLong ? 'kept' : request.body === undefined ? 'text' : 'json'
    const bodyText = raw === undefined ? '' : tooLong ? keptText(raw) : raw
    this.bodyChars = raw === undefined ? -1 : bodyText.length
    this.status = reply.statusCode
    this.contentType = (reply.getHeader('content-type') as string | undefined) ?? null
    this.answered = typeof payload === 'string'
    this.referenceId = notes?.referenceId
    this.sessionId = notes?.sessionId
    this.scenario = notes?.scenario
    this.bodyText = bodyText
    this.answerText = this.answered ? payload as string : ''
  }

  /** The text (the request body's, then the response's), handed over once: the holder keeps it apart, and this object without it. */
  takeText(): string {
    return this.bodyText + this.takeAnswerText()
  }

  /** Recorded in `journal`, its text handed over in two parts (not joined into a new string on every request). */
  recordIn(journal: Journal): void {
    const bodyText = this.bodyText
    journal.recordLater(this.clientId, this, bodyText, this.takeAnswerText())
  }

  private takeAnswerText(): string {
    const answerText = this.answerText
    this.bodyText = ''
    this.answerText = ''
    return answerText
  }

  /** What the journal shows of the request body, from its text. */
  private requestBody(text: string | undefined): unknown {
    const parsed = this.parsedBody
    if (text === undefined) return parsed instanceof URLSearchParams ? redactValue(Object.fromEntries(parsed)) : parsed ?? null
    if (this.bodyKind === 'kept') return text
    return this.bodyKind === 'json' ? redactParsed(JSON.parse(text), text) : keptText(text)
  }

  build(text: string): Exchange {
    const [path = '/', search = ''] = this.url.split('?')
    const bodyChars = Math.max(this.bodyChars, 0)
    const body = this.requestBody(this.bodyChars < 0 ? undefined : text.slice(0, bodyChars))
    const referenceId = this.referenceId !== undefined ? this.referenceId
      : typeof (body as { referenceId?: unknown } | null)?.referenceId === 'string' ? (body as { referenceId: string }).referenceId : null
    return {
      at: new Date(this.atMs).toISOString(),
      method: this.method,
      path,
      query: redactValue(Object.fromEntries(new URLSearchParams(search))) as Record<string, string>,
      headers: redactHeaders(this.headers),
      body,
      response: { status: this.status, contentType: this.contentType, body: this.answered ? responseBody(text.slice(bodyChars), this.contentType) : null },
      clientId: this.clientId,
      referenceId,
      sessionId: this.sessionId ?? null,
      scenario: this.scenario ?? null
    }
  }
}

// The path of a request URL, without its query; the URL itself when it has none (no new string).
const pathOf = (url: string): string => {
  const query = url.indexOf('?')
  return query === -1 ? url : url.slice(0, query)
}

/**
 * What the journal keeps of an exchange: its client, and what builds its entry from what the
 * request and reply hold now; undefined for the mock's own paths, which are not journaled.
 */
export function exchangeOf(request: FastifyRequest, reply: FastifyReply, payload: unknown, clocks: ClockRegistry): Pending | undefined {
  if (isOwnPath(pathOf(request.url))) return undefined
  const clientId = request.annotations?.clientId ?? request.client?.id ?? null
  // The time of the client's clock (its own, or the shared one).
  return new Pending(request, reply, payload, clientId, clocks.of(clientId ?? undefined).now())
}

/** Registers the journaling hook (nothing is registered when the journal is off). */
export function journalRequests(app: FastifyInstance, journal: Journal, clocks: ClockRegistry): void {
  if (!journal.enabled) return
  // The hook keeps what the request and reply already hold; the entry (parsing, redaction, dates) is
  // built when the journal is read, off the request's path.
  onEachSend(app, (request, reply, payload) => {
    const exchange = exchangeOf(request, reply, payload, clocks)
    exchange?.recordIn(journal)
  })
}
