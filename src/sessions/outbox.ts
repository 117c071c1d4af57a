/**
 * The e-mails Flinks would send. With `options.notificationPreferences.sendInteracLink: true`,
 * "Flinks emails the Interac request link to payor.email" (Initiate Session page); the mock sends
 * nothing and keeps the message here instead, so a test can read the link and open it.
 */
import { createClientLog, type ClientLog } from '../client-log.js'
import type { Clock } from '../clock.js'
import type { Ids } from '../ids.js'
import type { Session } from './lifecycle.js'
import type { Language, PartyInfoRequest } from './model.js'

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

/** The messages in memory, bounded: when full, the oldest goes. */
export type Outbox = ClientLog<OutboxMessage>

/** Creates an outbox that keeps the newest `maxMessages` messages. */
export const createOutbox = (maxMessages: number): Outbox => createClientLog(maxMessages)

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
 * the protocol and host the session was created through. Returns the message, if one was sent.
 */
export function sendInteracLink(deps: OutboxDeps, session: Session, requestBase: string): OutboxMessage | undefined {
  const { request } = session
  // The Interac link is an e-Transfer feature; EFT sessions have no such e-mail.
  if (session.product !== 'e-Transfer' || request.options?.notificationPreferences?.sendInteracLink !== true) return undefined
  const language = request.options.notificationPreferences.language ?? 'EN'
  const message: OutboxMessage = {
    id: deps.ids.uuid(),
    clientId: session.clientId,
    sessionId: session.id,
    // e-Transfer sessions cannot be created without payor.email (checkFields).
    to: (request.payor as PartyInfoRequest).email as string,
    subject: subjectOf(language, request.amount),
    link: hostedAppLink(deps.publicUrl ?? requestBase, session.id),
    language,
    sentAt: new Date(deps.clock.now()).toISOString()
  }
  deps.outbox.record(message)
  return message
}
