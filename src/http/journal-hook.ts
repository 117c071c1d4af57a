/** Records each exchange of the Flinks API (and the hosted page's API) in the journal. */
import { IncomingMessage, type IncomingHttpHeaders } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ClockRegistry } from '../clock.js'
import { PendingExchange, type Exchange, type Journal } from '../journal.js'
import type { Session, SessionState } from '../sessions/lifecycle.js'
import { isOwnPath } from './own-paths.js'
import { redactHeaders, redactText, redactValue } from './redact.js'
import { onEachSent } from './steps.js'
// For the request fields they declare: `client` (bearer.ts), `rawBody` and `formText` (route.ts).
import type {} from '../auth/bearer.js'
import type {} from '../openapi/route.js'

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * What the handlers learnt that the journal files the request under, and what coverage counts
     * (`pageOutcome`: the outcome of a final view the hosted page answered; `shown`: the state of
     * the session a read showed; `session`: the session an operation of the API found, so that
     * coverage does not look it up again).
     */
    annotations?: { referenceId?: string | null, sessionId?: string, scenario?: string, clientId?: string, pageOutcome?: string, shown?: SessionState, session?: Session }
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
 * The request's header lines as the client sent them (Node's `rawHeaders`: name, value, name,
 * value), joined by line breaks; undefined when a line holds a line break or is not text (a request
 * made by inject, whose lines are not read from bytes: then the JSON of its headers is kept). Joined
 * by one call: writing each member of `request.headers` took about 1 µs a request (issue 11).
 */
function headerLines(raw: readonly unknown[]): string | undefined {
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]
    if (typeof line !== 'string' || line.includes('\n')) return undefined
  }
  return raw.join('\n')
}

/** Node's merging of header lines (`_addHeaderLines`, tested by Node itself), as `request.headers` has them. */
interface HeaderLineMerger { _addHeaderLines(lines: string[], count: number): void, headers: IncomingHttpHeaders }

// The headers headerLines wrote, merged as Node merges them: names in lower case, a repeated one
// joined (set-cookie kept as a list, a repeated Content-Type dropped).
function readHeaderLines(text: string): IncomingHttpHeaders {
  if (text === '') return {}
  const lines = text.split('\n')
  const message = new IncomingMessage(null as never) as unknown as HeaderLineMerger
  message._addHeaderLines(lines, lines.length)
  return message.headers
}

/**
 * The text of the exchange being recorded, in parts (URL, headers, request body, response body),
 * from `fill` until the journal takes it (recordIn, takeText) in the same call: one array for every
 * exchange, not one more object in each that the journal keeps (issue 11).
 */
const textParts: string[] = ['', '', '', '']

/**
 * What the journal keeps of an exchange until it is read: one object of the request's and reply's
 * numbers and shared strings (no closures, no copies), from which `build` makes the entry. What is
 * the request's own (its URL, headers and body) and the response's body are not in it: they are its
 * text, which the journal keeps as bytes off the heap (text-ring.ts) and hands back to `build`. The
 * journal keeps this object itself (PendingExchange), the newest thousand across young collections,
 * where each object they held was copied, then promoted to die in the old generation; so the object
 * of an exchange pushed out of the journal holds the next one (`fill`), and holds nothing made for
 * its request (issue 11: with the journal on, details reads spent twice the scavenging time).
 */
class Pending extends PendingExchange {
  private atMs = 0
  private method = ''
  /** How many characters of the text are the URL's, then the headers'. */
  private urlChars = 0
  private headerChars = 0
  /** Whether the headers' text is JSON (a line break in a value, an injected request) rather than headerLines' lines. */
  private headersJson = false
  /** The body as parsed, when no text of it was kept (no body, or a body parsed by a parser of an embedder). */
  private parsedBody: unknown = undefined
  /** How many characters of the text are the request body's: -1 when none is (then `parsedBody` is shown). */
  private bodyChars = -1
  /**
   * `json`: JSON the parser accepted (its depth is bounded), shown as a value; `form`: form fields,
   * shown as an object; `text`: shown as text; `kept`: cut at the limit and redacted already, so
   * that the journal does not hold it whole.
   */
  private bodyKind: 'json' | 'form' | 'text' | 'kept' = 'text'
  private status = 0
  private contentType: string | null = null
  /** Whether the rest of the text is the response's body (a string); otherwise it had none to show. */
  private answered = false
  private referenceId: string | null | undefined = undefined
  private sessionId: string | undefined = undefined
  private scenario: string | undefined = undefined

  /** Holds this exchange (replacing what it held). */
  fill(request: FastifyRequest, reply: FastifyReply, payload: unknown, clientId: string | null, atMs: number): this {
    const notes = request.annotations
    this.clientId = clientId
    this.atMs = atMs
    this.method = request.method
    const lines = headerLines(request.raw.rawHeaders)
    const headerText = lines ?? JSON.stringify(request.headers)
    this.headersJson = lines === undefined
    this.urlChars = request.url.length
    this.headerChars = headerText.length
    const raw = request.rawBody
    // The form as the mock's parser received it (writing it again from its fields with
    // URLSearchParams.toString took 1.4 µs an authorize, issue 11); from its fields when another parser read it.
    const form = raw !== undefined ? undefined
      : request.formText ?? (request.body instanceof URLSearchParams ? request.body.toString() : undefined)
    this.parsedBody = raw === undefined && form === undefined ? request.body : undefined
    const tooLong = raw !== undefined && raw.length > journalBodyLimit
    this.bodyKind = form !== undefined ? 'form' : tooLong ? 'kept' : request.body === undefined ? 'text' : 'json'
    const bodyText = form ?? (raw === undefined ? '' : tooLong ? keptText(raw) : raw)
    this.bodyChars = raw === undefined && form === undefined ? -1 : bodyText.length
    this.status = reply.statusCode
    this.contentType = (reply.getHeader('content-type') as string | undefined) ?? null
    this.answered = typeof payload === 'string'
    this.referenceId = notes?.referenceId
    this.sessionId = notes?.sessionId
    this.scenario = notes?.scenario
    const parts = textParts
    parts[0] = request.url
    parts[1] = headerText
    parts[2] = bodyText
    parts[3] = this.answered ? payload as string : ''
    return this
  }

  /** The text of the exchange just held (fill), handed over once: the holder keeps it apart. */
  takeText(): string {
    const text = textParts.join('')
    textParts.fill('')
    return text
  }

  /**
   * Recorded in `journal` (right after fill), its text handed over in parts (not joined into a new
   * string on every request); returns the exchange the journal pushed out, built or not, to hold the
   * next.
   */
  recordIn(journal: Journal): PendingExchange | undefined {
    const handed = journal.recordLater(this, textParts)
    textParts.fill('')
    return handed
  }

  /** What the journal shows of the request body, from its text. */
  private requestBody(text: string | undefined): unknown {
    if (text === undefined) return this.parsedBody ?? null
    if (this.bodyKind === 'kept') return text
    if (this.bodyKind === 'form') return redactValue(Object.fromEntries(new URLSearchParams(text)))
    return this.bodyKind === 'json' ? redactParsed(JSON.parse(text), text) : keptText(text)
  }

  build(text: string): Exchange {
    const url = text.slice(0, this.urlChars)
    const bodyStart = this.urlChars + this.headerChars
    const headerText = text.slice(this.urlChars, bodyStart)
    const [path = '/', search = ''] = url.split('?')
    const bodyChars = Math.max(this.bodyChars, 0)
    const body = this.requestBody(this.bodyChars < 0 ? undefined : text.slice(bodyStart, bodyStart + bodyChars))
    const referenceId = this.referenceId !== undefined ? this.referenceId
      : typeof (body as { referenceId?: unknown } | null)?.referenceId === 'string' ? (body as { referenceId: string }).referenceId : null
    return {
      at: new Date(this.atMs).toISOString(),
      method: this.method,
      path,
      query: redactValue(Object.fromEntries(new URLSearchParams(search))) as Record<string, string>,
      headers: redactHeaders(this.headersJson ? JSON.parse(headerText) as Record<string, string | string[]> : readHeaderLines(headerText)),
      body,
      response: { status: this.status, contentType: this.contentType, body: this.answered ? responseBody(text.slice(bodyStart + bodyChars), this.contentType) : null },
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
 * request and reply hold now (in `reuse` when given); undefined for the mock's own paths, which are
 * not journaled.
 */
export function exchangeOf(request: FastifyRequest, reply: FastifyReply, payload: unknown, clocks: ClockRegistry, reuse?: Pending): Pending | undefined {
  if (isOwnPath(pathOf(request.url))) return undefined
  const clientId = request.annotations?.clientId ?? request.client?.id ?? null
  // The time of the client's clock (its own, or the shared one).
  return (reuse ?? new Pending()).fill(request, reply, payload, clientId, clocks.of(clientId ?? undefined).now())
}

/** Registers the journaling hook (nothing is registered when the journal is off). */
export function journalRequests(app: FastifyInstance, journal: Journal, clocks: ClockRegistry): void {
  if (!journal.enabled) return
  // The exchange the journal last pushed out unbuilt: it holds the next one.
  let spare: Pending | undefined
  // Once the answer is written (the client does not wait for the journal), the step keeps what the
  // request and reply hold; the entry (parsing, redaction, dates) is built when the journal is read.
  onEachSent(app, (request, reply, payload) => {
    const exchange = exchangeOf(request, reply, payload, clocks, spare)
    if (exchange === undefined) return
    const handed = exchange.recordIn(journal)
    spare = handed instanceof Pending ? handed : undefined
  })
}
