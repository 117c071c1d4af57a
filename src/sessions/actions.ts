/**
 * What a user can do to a session: the hosted page and the admin API's simulate call both come
 * here, so a session driven headless ends exactly as one driven through the page.
 */
import { finishFlowAt, stateAt, stepAt, takeOver, type Session } from './lifecycle.js'

/** The actions, in the order a user meets them. */
export const userActions = ['open', 'selectInstitution', 'approve', 'decline', 'cancel', 'failLogin', 'expire'] as const
/** One user action. */
export type UserAction = (typeof userActions)[number]

/** An action the session cannot take now; `status` is the HTTP status to answer with. */
export class ActionError extends Error {
  override name = 'ActionError'
  constructor(message: string, readonly status: 400 | 409) {
    super(message)
  }
}

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

/** Applies `action` at `atMs`; throws ActionError when the session is final or the input is wrong. */
export function performAction(session: Session, action: UserAction, atMs: number, input: { amount?: number } = {}): void {
  const state = stateAt(session, atMs)
  if (state.final) throw new ActionError(`Session ${session.id} is already ${state.status}.`, 409)
  const eTransfer = session.product === 'e-Transfer'
  switch (action) {
    case 'open':
      takeOver(session, atMs)
      return
    case 'selectInstitution':
      // Picking a bank again changes nothing (and must not grow the timeline).
      if (state.status === 'InProgress' && state.step === 'BankConnection') return
      // The request for money goes out once the payor has picked their bank.
      stepAt(session, atMs, { status: 'InProgress', step: 'BankConnection', ...(eTransfer && !state.transaction ? { transaction: 'Initiated' } : {}) })
      return
    case 'approve':
      chooseAmount(session, input.amount)
      finishFlowAt(session, atMs)
      return
    case 'decline':
      // e-Transfer: the payor declines the request at their bank. EFT: the payor stops before
      // signing the PAD, documented as Completed/EFT0302 ("awaiting PAD signature").
      stepAt(session, atMs, eTransfer
        ? { status: 'Failed', step: 'Complete', transaction: 'Declined' }
        : { status: 'Completed', statusDetails: 'EFT0302', step: 'Pad' })
      return
    case 'cancel':
      // The payor closes the flow (CLOSE). No status code is documented for this; EFT0501 is the API's cancel.
      stepAt(session, atMs, { status: session.product === 'GEFT' ? 'Canceled' : 'Cancelled', ...(state.transaction ? { transaction: 'Cancelled' } : {}) })
      return
    case 'failLogin':
      stepAt(session, atMs, { status: 'Failed', statusDetails: 'EFT0401', step: 'BankConnection', ...(state.transaction ? { transaction: 'Failed' } : {}) })
      return
    case 'expire':
      stepAt(session, atMs, { status: 'Expired', statusDetails: 'EFT0601', ...(state.transaction ? { transaction: 'Expired' } : {}) })
  }
}
