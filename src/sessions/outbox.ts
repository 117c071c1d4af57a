/**
 * The e-mails Flinks would send. With `options.notificationPreferences.sendInteracLink: true`,
 * "Flinks emails the Interac request link to payor.email" (Initiate Session page); the mock sends
 * nothing and keeps the message here instead, so a test can read the link and open it.
 */
import { createClientLog, type ClientLog } from '../client-log.js'
import type { Clock } from '../clock.js'
import type { Ids } from '../ids.js'
import type { Session } from './lifecycle.js'
import type { InitiateSessionRequest, Language, PartyInfoRequest } from './model.js'

/** One message the mock would have e-mailed. */
export interface OutboxMessage {
  id: string
  clientId: string
  sessionId: string
  /** The payor's e-mail address. */
  to: string
  subject: string
  /** The hosted page of the session: `<base>/app/?sessionId=...`. */
  link: string
  language: Language
  /** When it was "sent", by the virtual clock (ISO 8601). */
  sentAt: string
}

/**
 * What the outbox keeps of a message: the address, subject, link and date are built when it is
 * read, since their text took about 300 bytes a session (issue 11). The strings are the session's own.
 */
export interface SentMessage {
  id: string
  clientId: string
  sessionId: string
  /** The session's request, which gives the address, the amount and the language. */
  request: InitiateSessionRequest
  /** Where the link points: the configured public URL or the protocol and host of the request. */
  base: string
  sentAtMs: number
}

/** The messages in memory, bounded: when full, the oldest goes. */
export interface Outbox {
  /** Keeps a message; past the limit, the oldest goes. */
  record(message: SentMessage): void
  /** The messages of a client (or all), oldest first. */
  list(clientId?: string): OutboxMessage[]
  /** Forgets the messages of a client, or all messages. */
  clear(clientId?: string): void
  /** Replaces the messages with these (the shared outbox, read from the Redis store). */
  restore(messages: SentMessage[]): void
  readonly size: number
}

const languageOf = (request: InitiateSessionRequest): Language => request.options?.notificationPreferences?.language ?? 'EN'

function messageOf(sent: SentMessage): OutboxMessage {
  const language = languageOf(sent.request)
  return {
    id: sent.id,
    clientId: sent.clientId,
    sessionId: sent.sessionId,
    // e-Transfer sessions cannot be created without payor.email (checkFields).
    to: (sent.request.payor as PartyInfoRequest).email as string,
    subject: subjectOf(language, sent.request.amount),
    link: hostedAppLink(sent.base, sent.sessionId),
    language,
    sentAt: new Date(sent.sentAtMs).toISOString()
  }
}

/** Creates an outbox that keeps the newest `maxMessages` messages. */
export function createOutbox(maxMessages: number): Outbox {
  const log: ClientLog<SentMessage> = createClientLog(maxMessages)
  // Messages sent through one host share one copy of its base, not one string each.
  let lastBase = ''
  return {
    record(message) {
      if (message.base === lastBase) message.base = lastBase
      else lastBase = message.base
      log.record(message)
    },
    list: clientId => log.list(clientId).map(messageOf),
    clear: clientId => log.clear(clientId),
    restore: messages => log.restore(messages),
    get size() {
      return log.size
    }
  }
}

/** The hosted page of a session under `base` (the documented `{BaseUri}/app/?sessionId=...`). */
export function hostedAppLink(base: string, sessionId: string): string {
  return `${base.replace(/\/+$/, '')}/app/?sessionId=${encodeURIComponent(sessionId)}`
}

// The wording of the real e-mail is not published; these say what it is for.
function subjectOf(language: Language, amount: number | null | undefined): string {
  if (language === 'FR') {
    const text = "Demande d'argent par Virement Interac"
    return typeof amount === 'number' ? `${text} : ${amount.toFixed(2).replace('.', ',')} $ CAD` : text
  }
  const text = 'Interac e-Transfer request for money'
  return typeof amount === 'number' ? `${text}: $${amount.toFixed(2)} CAD` : text
}

/** What sendInteracLink needs from the mock. */
export interface OutboxDeps {
  outbox: Outbox
  clock: Clock
  ids: Ids
  /** The configured public URL of the mock, which wins over the request's. */
  publicUrl: string | undefined
}

/**
 * Records the Interac-link e-mail of a new e-Transfer session that asked for it; `requestBase` is
 * the protocol and host the session was created through.
 */
export function sendInteracLink(deps: OutboxDeps, session: Session, requestBase: string): void {
  const { request } = session
  // The Interac link is an e-Transfer feature; EFT sessions have no such e-mail.
  if (session.product !== 'e-Transfer' || request.options?.notificationPreferences?.sendInteracLink !== true) return
  deps.outbox.record({
    id: deps.ids.uuid(),
    clientId: session.clientId,
    sessionId: session.id,
    request,
    base: deps.publicUrl ?? requestBase,
    sentAtMs: deps.clock.now()
  })
}
