/**
 * What a user can do to a session: the hosted page and the admin API's simulate call both come
 * here, so a session driven headless ends exactly as one driven through the page.
 */
import { guaranteeAt, reachGuarantee } from './guarantee.js'
import { finishFlowAt, stateAt, stepAt, takeOver, type Session } from './lifecycle.js'

/** The actions, in the order a user meets them. */
export const userActions = ['open', 'consent', 'selectInstitution', 'login', 'answerMfa', 'approve', 'acceptOffer', 'returnToClient', 'signPad', 'leavePad', 'otherFunding', 'decline', 'cancel', 'failLogin', 'expire'] as const
/** One user action. */
export type UserAction = (typeof userActions)[number]

/** An action the session cannot take now; `status` is the HTTP status to answer with. */
export class ActionError extends Error {
  override name = 'ActionError'
  constructor(message: string, readonly status: 400 | 409) {
    super(message)
  }
}

/** The Flinks Capital test users (Connect test-user page): Greatday with security questions, greatday_nomfa without. */
export const flinksCapital = {
  username: 'Greatday',
  noMfaUsername: 'greatday_nomfa',
  password: 'Everyday',
  questions: [
    { question: 'What city were you born in?', answer: 'Montreal' },
    { question: 'What is the best country on earth?', answer: 'Canada' },
    { question: 'What shape do people like most?', answer: 'Triangle' }
  ]
} as const

/** What the payor types at the bank: credentials, or the answers to the security questions. */
export interface ActionInput {
  amount?: number
  username?: string
  password?: string
  answers?: string[]
  /** With approve (EFT and GEFT): stop at the PAD, which the payor then signs with signPad. */
  stopAtPad?: boolean
}

/**
 * Whether the hosted flow starts with the consent screen: `options.showConsentScreen`, by default
 * on for GEFT (the Happy1 flow shows it first) and off for regular EFT; e-Transfer has none.
 */
export function consentScreenShown(session: Session): boolean {
  if (session.product === 'e-Transfer') return false
  return session.request.options?.showConsentScreen ?? session.product === 'GEFT'
}

/** The credentials that log in to this session's bank, and whether MFA follows: the scenario's test user, else Flinks Capital's. */
export function loginFor(session: Session, username: string, password: string): 'done' | 'mfa' | 'refused' {
  const own = session.lifecycle.login
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()
  // A sandbox scenario has one test user (username = scenario name); it logs in without MFA.
  if (own !== undefined) return same(username, own.username) && password === own.password ? 'done' : 'refused'
  if (password !== flinksCapital.password) return 'refused'
  if (same(username, flinksCapital.noMfaUsername)) return 'done'
  return same(username, flinksCapital.username) ? 'mfa' : 'refused'
}

const answersMatch = (answers: string[]) =>
  answers.length === flinksCapital.questions.length && flinksCapital.questions.every((q, i) => (answers[i] as string).trim().toLowerCase() === q.answer.toLowerCase())

/** Whether the user may choose the amount: none was requested, or the session allows changing it. */
export function amountIsOpen(session: Session): boolean {
  return session.request.amount == null || session.request.options?.amountModification === true
}

/** The amounts the user may choose: the session's limits, else one cent up to the client's ceiling (none for e-Transfer). */
export function amountLimits(session: Session): { minimumAmount: number, maximumAmount: number | null } {
  const limits = session.request.options?.limits
  return {
    minimumAmount: limits?.minimumAmount ?? 0.01,
    maximumAmount: limits?.maximumAmount ?? session.amountCeiling
  }
}

function chooseAmount(session: Session, amount: number | undefined): void {
  if (amount === undefined) {
    if (session.request.amount == null && session.amount === null) throw new ActionError('This session has no amount: choose one before approving.', 400)
    return
  }
  if (!amountIsOpen(session)) throw new ActionError('The amount of this session was set when it was created and cannot be changed.', 400)
  const { minimumAmount: min, maximumAmount } = amountLimits(session)
  const max = maximumAmount ?? Number.MAX_SAFE_INTEGER
  if (!Number.isFinite(amount) || Number(amount.toFixed(2)) !== amount || amount < min || amount > max) {
    const range = maximumAmount === null ? `at least ${min}` : `between ${min} and ${maximumAmount}`
    throw new ActionError(`The amount must be ${range}, with at most 2 decimals.`, 400)
  }
  session.amount = amount
}

/**
 * The Next Best Offer of a GEFT session: when the payor chose the amount (none was requested) and
 * the linked account cannot cover it, a guarantee on the available balance (GEFT initiate page,
 * Happy2); null when the amount is covered.
 */
export function nextBestOffer(session: Session): number | null {
  const balance = session.payorAccount.availableBalance
  if (session.product !== 'GEFT' || session.request.amount != null || balance === undefined || session.amount === null) return null
  return session.amount > balance ? Math.floor(balance * 100) / 100 : null
}

/**
 * The amount a simulated payor (autoplay) ends with when the request left it open: 100, or the
 * account's available balance when smaller, within the session's limits. A completed session
 * always has an amount.
 */
export function simulatedAmount(session: Session): number {
  const { minimumAmount, maximumAmount } = amountLimits(session)
  const wanted = Math.min(100, session.payorAccount.availableBalance ?? 100)
  return Math.max(minimumAmount, Math.min(wanted, maximumAmount ?? wanted))
}

function requirePad(session: Session): void {
  if (!session.padPending) throw new ActionError('No PAD is waiting for a signature: approve with stopAtPad first.', 409)
}

/** Applies `action` at `atMs`; throws ActionError when the session is final or the input is wrong. */
export function performAction(session: Session, action: UserAction, atMs: number, input: ActionInput = {}): void {
  const state = stateAt(session, atMs)
  if (state.final) throw new ActionError(`Session ${session.id} is already ${state.status}.`, 409)
  const eTransfer = session.product === 'e-Transfer'
  // Each step the action takes names it: the outcome of the page reads how the session ended.
  const step = (entry: Parameters<typeof stepAt>[2]) => stepAt(session, atMs, { ...entry, action })
  switch (action) {
    case 'open':
      takeOver(session, atMs)
      // The consent screen is the flow's first step (GEFT details: step Consent when showConsentScreen).
      if (consentScreenShown(session) && state.step === 'Start') step({ step: 'Consent' })
      return
    case 'consent':
      if (!consentScreenShown(session)) throw new ActionError('This session shows no consent screen.', 409)
      step({ status: 'InProgress', step: 'BankSelection' })
      return
    case 'selectInstitution':
      // Picking a bank again changes nothing (and must not grow the timeline).
      if (state.status === 'InProgress' && state.step === 'BankConnection') return
      // The request for money goes out once the payor has picked their bank.
      step({ status: 'InProgress', step: 'BankConnection', ...(eTransfer && !state.transaction ? { transaction: 'Initiated' } : {}) })
      return
    case 'login': {
      if (input.username === undefined || input.password === undefined) throw new ActionError('login takes a username and a password.', 400)
      // "Incorrect bank credentials give EFT0401" (GEFT test scenarios).
      const outcome = loginFor(session, input.username, input.password)
      if (outcome === 'refused') return performAction(session, 'failLogin', atMs)
      session.bankLogin = outcome
      if (outcome === 'done') step({ status: 'InProgress', step: 'AccountSelection' })
      else step({ status: 'InProgress', step: 'BankConnection' })
      return
    }
    case 'answerMfa':
      if (session.bankLogin !== 'mfa') throw new ActionError('No security question is waiting for an answer: log in first.', 409)
      if (input.answers === undefined) throw new ActionError('answerMfa takes the answers to the security questions.', 400)
      if (!answersMatch(input.answers)) return performAction(session, 'failLogin', atMs)
      session.bankLogin = 'done'
      step({ status: 'InProgress', step: 'AccountSelection' })
      return
    case 'approve':
      // A sandbox scenario's outcome belongs to its test user: nobody approves before logging in as them.
      if (session.lifecycle.login !== undefined && session.bankLogin !== 'done') throw new ActionError('Log in at the bank as the scenario\'s test user before approving.', 409)
      if (guaranteeAt(session, atMs) === 'awaiting' || session.padPending) throw new ActionError('The payor has approved already: the session waits for the guarantee\'s confirmation or the PAD signature.', 409)
      if (input.stopAtPad === true && eTransfer) throw new ActionError('An e-Transfer request has no PAD: approve without stopAtPad.', 400)
      chooseAmount(session, input.amount)
      session.stopAtPad = input.stopAtPad === true
      session.offer = nextBestOffer(session)
      // The account cannot cover the amount: a guarantee on a reduced one is offered first.
      if (session.offer !== null) return step({ status: 'InProgress', step: 'GuaranteeOffer' })
      reachGuarantee(session, atMs)
      return
    case 'acceptOffer':
      if (session.offer === null) throw new ActionError('No reduced amount is on offer: approve first.', 409)
      session.amount = session.offer
      session.offer = null
      reachGuarantee(session, atMs)
      return
    case 'returnToClient':
      // COMPONENT_NBO_RETURN_TO_CLIENT_SELECTED: the payor leaves the offer; ends as the payor's cancel does.
      if (session.offer === null) throw new ActionError('No reduced amount is on offer: approve first.', 409)
      session.offer = null
      step({ status: 'Canceled' })
      return
    case 'signPad':
      requirePad(session)
      session.padPending = false
      finishFlowAt(session, atMs)
      return
    case 'leavePad':
    case 'otherFunding':
      // COMPONENT_PAD_WARNING_SCREEN_EXIT, COMPONENT_OTHER_FUNDING_OPTIONS_SELECTED: the payor
      // leaves without signing, documented as Completed/EFT0302 ("awaiting PAD signature").
      requirePad(session)
      session.padPending = false
      step({ status: 'Completed', statusDetails: 'EFT0302', step: 'Pad' })
      return
    case 'decline':
      // e-Transfer: the payor declines the request at their bank. EFT: the payor stops before
      // signing the PAD, documented as Completed/EFT0302 ("awaiting PAD signature").
      step(eTransfer
        ? { status: 'Failed', step: 'Complete', transaction: 'Declined' }
        : { status: 'Completed', statusDetails: 'EFT0302', step: 'Pad' })
      return
    case 'cancel':
      // The payor closes the flow (CLOSE). No status code is documented for this; EFT0501 is the API's cancel.
      step({ status: session.product === 'GEFT' ? 'Canceled' : 'Cancelled', ...(state.transaction ? { transaction: 'Cancelled' } : {}) })
      return
    case 'failLogin':
      step({ status: 'Failed', statusDetails: 'EFT0401', step: 'BankConnection', ...(state.transaction ? { transaction: 'Failed' } : {}) })
      return
    case 'expire':
      step({ status: 'Expired', statusDetails: 'EFT0601', ...(state.transaction ? { transaction: 'Expired' } : {}) })
  }
}
