/** The bodies of the session endpoints, shaped as the documented examples. */
import { consentScreenShown, simulatedAmount } from './actions.js'
import { defaultRiskLevels, guaranteeAt } from './guarantee.js'
import type { Session, SessionState } from './lifecycle.js'
import type { CancelSessionResponse, GuaranteeDetails, SessionDetailsResponse, SessionStatusResponse } from './model.js'

const isEft = (session: Session) => session.product !== 'e-Transfer'

/** `****1234`, as the details page shows the payor's account number. */
export function maskAccountNumber(accountNumber: string): string {
  return `****${accountNumber.slice(-4)}`
}

/**
 * The amount of the session: the one the user chose in the flow (when it was open), else the one
 * requested; a session completed by a simulated payor has the amount that payor chose.
 */
export const amountOf = (session: Session, state: SessionState): number | null =>
  session.amount ?? session.request.amount ?? (state.status === 'Completed' ? simulatedAmount(session) : null)

/** The guarantee of a GEFT session at `nowMs` (its state's time) as details and the guarantee webhook show it. */
export function guaranteeDetailsOf(session: Session, state: SessionState, nowMs: number): GuaranteeDetails {
  const guarantee = guaranteeAt(session, nowMs)
  const offered = guarantee !== null || state.status === 'Completed'
  const accepted = guarantee === 'awaiting' ? null : offered ? guarantee !== 'refused' && guarantee !== 'undelivered' : null
  return {
    guaranteeOffered: offered,
    guaranteeAccepted: accepted,
    highestDebitAmountToGuarantee: offered ? amountOf(session, state) : null,
    ...defaultRiskLevels,
    ...session.lifecycle.riskLevels
  }
}

/** Whether the payor's account is shown: payor.account is null until the session has left Initiated (EFT v2 details page). */
export const payorLinked = (state: SessionState): boolean =>
  state.status !== 'Initiated' && state.step !== 'Start' && state.step !== 'Consent' && state.step !== 'BankSelection'

/** GET /api/v2/sessions/{sessionId}/details, at `nowMs` (the time of `state`). */
export function detailsView(session: Session, state: SessionState, nowMs: number): SessionDetailsResponse {
  const { request } = session
  const options = request.options ?? {}
  const masked = maskAccountNumber(session.payorAccount.accountNumber)
  const linked = payorLinked(state)
  return {
    sessionId: session.id,
    status: state.status,
    step: {
      current: state.step,
      // Only EFT sessions have an aggregation request and a PAD (buildSession gives e-Transfer neither).
      aggregationRequestId: linked ? (session.aggregationRequestId ?? null) : null,
      padId: state.step === 'Pad' || state.step === 'Complete' ? (session.padId ?? null) : null
    },
    referenceId: request.referenceId ?? null,
    amount: amountOf(session, state),
    // Type, Direction, Payor.FirstName and Payor.LastName are required to create a session (rules.ts).
    type: request.type,
    direction: request.direction,
    currency: request.currency ?? 'CAD',
    options: {
      guarantee: { enable: options.guarantee?.enable ?? false },
      notificationPreferences: {
        language: options.notificationPreferences?.language ?? 'EN',
        sendInteracLink: options.notificationPreferences?.sendInteracLink ?? false
      },
      showConsentScreen: options.showConsentScreen ?? consentScreenShown(session),
      limits: { minimumAmount: options.limits?.minimumAmount ?? null, maximumAmount: options.limits?.maximumAmount ?? null },
      amountModification: options.amountModification ?? request.amount == null,
      redirectPreferences: {
        mode: options.redirectPreferences?.mode ?? 'JsEvents',
        urlSuccess: options.redirectPreferences?.urlSuccess ?? null,
        urlExit: options.redirectPreferences?.urlExit ?? null
      }
    },
    payor: {
      email: request.payor?.email ?? null,
      firstName: request.payor?.firstName,
      lastName: request.payor?.lastName,
      middleName: request.payor?.middleName ?? null,
      account: linked
        ? {
            institutionCode: session.payorAccount.institutionCode,
            transitNumber: session.payorAccount.transitNumber,
            accountNumber: masked,
            accountLabel: session.payorAccount.accountLabel ?? `Checking (${masked})`,
            availableBalance: session.payorAccount.availableBalance ?? null
          }
        : null,
      ...(request.payor?.address ? { address: request.payor.address } : {})
    },
    payee: session.payeeAccount === null
      ? null
      : { account: { ...session.payeeAccount, accountLabel: session.payeeAccount.accountLabel ?? null, availableBalance: null } },
    userDetails: { matchingPerformed: state.matchingPerformed, nameMatch: state.nameMatch },
    schedule: session.product === 'e-Transfer'
      ? { transactions: state.transaction && session.transactionId ? [{ id: session.transactionId, status: state.transaction }] : [] }
      : null,
    guaranteeDetails: session.product === 'GEFT' ? guaranteeDetailsOf(session, state, nowMs) : null,
    createdAt: new Date(session.createdAtMs).toISOString()
  }
}

/** GET /api/v2/sessions/{sessionId}/status */
export function statusView(session: Session, state: SessionState): SessionStatusResponse {
  return {
    sessionId: session.id,
    referenceId: session.request.referenceId ?? null,
    amount: amountOf(session, state),
    status: state.status,
    ...(isEft(session) && state.statusDetails ? { statusDetails: state.statusDetails } : {})
  }
}

/** POST /api/v2/sessions/{sessionId}/cancel: e-Transfer answers without statusDetails (its cancel page). */
export function cancelView(session: Session, state: SessionState): CancelSessionResponse {
  return {
    sessionId: session.id,
    referenceId: session.request.referenceId ?? null,
    status: state.status,
    ...(isEft(session) && state.statusDetails ? { statusDetails: state.statusDetails } : {})
  }
}
