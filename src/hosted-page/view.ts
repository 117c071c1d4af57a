/** What the hosted page shows of a session, and the links it leaves by: the body of its JSON API. */
import { amountIsOpen, amountLimits, consentScreenShown, flinksCapital } from '../sessions/actions.js'
import { guaranteeAt } from '../sessions/guarantee.js'
import type { Session, SessionState } from '../sessions/lifecycle.js'
import type { Language, PartyInfoRequest } from '../sessions/model.js'
import { maskAccountNumber } from '../sessions/views.js'
import type { components } from './hosted-page.types.js'

/**
 * The banks the page offers. Any of them leads to the same simulated bank; "Flinks Capital",
 * the sandbox bank of the e-Transfer guide's screenshots, comes first.
 */
export const sandboxInstitutions = [
  { id: 'FlinksCapital', name: 'Flinks Capital' },
  { id: 'BMO', name: 'BMO' },
  { id: 'Desjardins', name: 'Desjardins' },
  { id: 'RBC', name: 'RBC Royal Bank' },
  { id: 'Scotiabank', name: 'Scotiabank' },
  { id: 'TD', name: 'TD Canada Trust' }
] as const

/** The body of GET /app/api/sessions/{sessionId} and of the actions' answers (openapi/hosted-page.yaml). */
export type PageView = components['schemas']['PageView']

/** How a session ended for the payor: the page's last screen (PageView's `outcome`). */
export type PageOutcome = NonNullable<PageView['outcome']>

/**
 * The outcome of the session in `state`, or null while it is not final. The page shows it, and
 * coverage counts it; the last step's action (`endedBy`) tells apart what the state alone cannot:
 * an EFT decline and a payor leaving at the PAD both end Completed/EFT0302.
 */
export function pageOutcome(session: Session, state: SessionState): PageOutcome | null {
  if (!state.final) return null
  const { status, statusDetails, endedBy } = state
  // EFT's Completed/EFT0302 ("awaiting PAD signature") is not a payment.
  if (status === 'Completed' && (session.product === 'e-Transfer' || statusDetails === 'EFT0301')) return 'success'
  if (status === 'Cancelled' || status === 'Canceled') return 'cancelled'
  if (status === 'Expired') return 'expired'
  if (endedBy === 'leavePad' || endedBy === 'otherFunding') return 'padLeft'
  if (endedBy === 'decline') return 'declined'
  if (session.product === 'GEFT' && statusDetails === 'EFT0402') return 'guaranteeFailed'
  return 'failed'
}

/**
 * `url` with the session's `sessionId` and `referenceId` added to its query (others kept), or null
 * when there is none or it is not an http(s) URL. The parameters are flinks-mock's guess: the
 * Flinks docs name urlSuccess and urlExit but not what is appended to them.
 */
export function redirectUrl(url: string | null | undefined, session: Session): string | null {
  if (typeof url !== 'string' || !URL.canParse(url)) return null
  const target = new URL(url)
  // A javascript: or data: URL would run in the page's origin.
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return null
  target.searchParams.set('sessionId', session.id)
  const referenceId = session.request.referenceId
  if (typeof referenceId === 'string') target.searchParams.set('referenceId', referenceId)
  return target.href
}

/** The language of the session's page and e-mails: `options.notificationPreferences.language`, EN by default. */
export function languageOf(session: Session): Language {
  return session.request.options?.notificationPreferences?.language ?? 'EN'
}

function payeeOf(session: Session): PageView['payee'] {
  const account = session.payeeAccount
  // "If there is no payee account, the To Account section is hidden" (GEFT initiate page).
  if (account === null) return null
  return { label: account.accountLabel ?? maskAccountNumber(account.accountNumber) }
}

/** The page's view of the session at `nowMs` (the time of `state`). */
export function pageView(session: Session, state: SessionState, nowMs: number): PageView {
  const { request } = session
  const options = request.options ?? {}
  // Every product requires payor.firstName and payor.lastName (checkFields).
  const payor = request.payor as PartyInfoRequest
  const redirect = options.redirectPreferences ?? {}
  const masked = maskAccountNumber(session.payorAccount.accountNumber)
  return {
    sessionId: session.id,
    referenceId: request.referenceId ?? null,
    type: session.product === 'e-Transfer' ? 'e-Transfer' : 'EFT',
    product: session.product,
    language: languageOf(session),
    currency: 'CAD',
    amount: request.amount ?? session.amount,
    amountEditable: amountIsOpen(session),
    limits: amountLimits(session),
    payee: payeeOf(session),
    payor: { name: [payor.firstName, payor.middleName, payor.lastName].filter(Boolean).join(' ') },
    payorAccount: { label: session.payorAccount.accountLabel ?? `Checking (${masked})` },
    consentScreen: consentScreenShown(session),
    offer: session.offer,
    guaranteeAwaitingConfirmation: guaranteeAt(session, nowMs) === 'awaiting' && !state.final,
    bankLogin: {
      state: session.bankLogin,
      // A sandbox scenario's own test user, else the Flinks Capital one (with security questions).
      testUser: session.lifecycle.login ?? { username: flinksCapital.username, password: flinksCapital.password },
      questions: session.bankLogin === 'mfa' ? flinksCapital.questions.map(q => q.question) : []
    },
    redirect: {
      mode: redirect.mode ?? 'JsEvents',
      successUrl: redirectUrl(redirect.urlSuccess, session),
      exitUrl: redirectUrl(redirect.urlExit, session)
    },
    status: state.status,
    // EFTxxxx codes belong to EFT and GEFT; e-Transfer sessions show none (as their status and cancel).
    statusDetails: session.product === 'e-Transfer' ? null : (state.statusDetails ?? null),
    step: state.step,
    final: state.final,
    outcome: pageOutcome(session, state),
    institutions: [...sandboxInstitutions]
  }
}
