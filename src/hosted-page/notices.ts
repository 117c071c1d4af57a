/**
 * What the hosted page says, server-side, when it cannot run the flow: no, a malformed or an
 * unknown sessionId, or a session that has already ended. The page still answers 200, as a page
 * a payor opens from an e-mail must explain itself rather than show an error code.
 */
import type { SessionState } from '../sessions/lifecycle.js'
import type { Language } from '../sessions/model.js'

/** A message in place of the flow: a heading and one paragraph. */
export interface Notice {
  heading: string
  message: string
}

/** Why the page cannot run the flow. */
export type NoticeReason =
  | { kind: 'missing' }
  | { kind: 'malformed', sessionId: string }
  | { kind: 'unknown', sessionId: string }
  | { kind: 'ended', sessionId: string, state: Pick<SessionState, 'status' | 'statusDetails'>, showDetails: boolean }

const endedHeadings: Record<Language, Record<string, string>> = {
  EN: {
    Completed: 'This payment is already complete',
    Failed: 'This payment did not go through',
    Cancelled: 'This payment was cancelled',
    Canceled: 'This payment was cancelled',
    Expired: 'This payment request has expired'
  },
  FR: {
    Completed: 'Ce paiement est déjà terminé',
    Failed: "Ce paiement n'a pas abouti",
    Cancelled: 'Ce paiement a été annulé',
    Canceled: 'Ce paiement a été annulé',
    Expired: 'Cette demande de paiement a expiré'
  }
}

/** A malformed id is echoed, but never at any length. */
const shorten = (text: string) => (text.length > 80 ? `${text.slice(0, 80)}…` : text)

/** The notice for `reason`, in `language` (only a known session has one; the others are in English). */
export function noticeFor(reason: NoticeReason, language: Language = 'EN'): Notice {
  switch (reason.kind) {
    case 'missing':
      return {
        heading: 'This payment link is incomplete',
        message: 'The link has no sessionId. Open the link exactly as you received it, or ask for a new one.'
      }
    case 'malformed':
      return {
        heading: 'This payment link is not valid',
        message: `The sessionId of the link, "${shorten(reason.sessionId)}", is not a session id (a GUID). Check that the whole link was copied.`
      }
    case 'unknown':
      return {
        heading: 'This payment was not found',
        message: `No payment session ${reason.sessionId} exists. It may never have been created, or the mock has restarted since (sessions live in memory only).`
      }
    case 'ended': {
      const { status, statusDetails } = reason.state
      const code = reason.showDetails && statusDetails ? ` (${statusDetails})` : ''
      return {
        heading: endedHeadings[language][status] as string,
        message: language === 'FR'
          ? `La session ${reason.sessionId} est terminée avec le statut ${status}${code}. Vous pouvez fermer cette fenêtre.`
          : `Session ${reason.sessionId} has ended with status ${status}${code}. You can close this window.`
      }
    }
  }
}
