/**
 * The guarantee of a GEFT session. With a webhook configured, the client decides on each
 * guarantee (GEFT overview: "receives the risk profile and decides"): the session waits at
 * `GuaranteeOffer` until POST .../guarantees/confirm, and fails when the guarantee webhook cannot
 * be delivered 3 times. Without a webhook, guarantees are auto-accepted (confirm-guarantee page).
 * An autoplayed payor waits at its scenario's `GuaranteeOffer` step the same way (holdAtGuarantee).
 */
import { finishFlowAt, stateAt, stepAt, type Session, type TimelineEntry } from './lifecycle.js'

/** Where the guarantee of a session stands; null until one is offered. */
export type GuaranteeState = 'awaiting' | 'accepted' | 'refused' | 'undelivered' | null

/** The risk levels of a guarantee, as the details page names them; "Unknown" is its example value. */
export const defaultRiskLevels = { overallRiskLevel: 'Unknown', transactionRiskLevel: 'Unknown', userRiskLevel: 'Unknown', otherRiskLevel: 'Unknown' } as const

/** The deliveries of the guarantee webhook after which the session fails (confirm-guarantee page). */
export const guaranteeDeliveryAttempts = 3

// No code is documented for a refused or undeliverable guarantee; EFT0402 ("no guaranteed EFT
// offered") is the nearest: flinks-mock's guess (README, fidelity notes).
const guaranteeFailure = { status: 'Failed', statusDetails: 'EFT0402', step: 'GuaranteeOffer' } as const

function wouldComplete(session: Session, atMs: number): boolean {
  const trial = { ...session }
  finishFlowAt(trial, atMs)
  return stateAt(trial, atMs).status === 'Completed'
}

function offerAt(session: Session, guarantee: 'awaiting' | 'accepted', atMs: number): void {
  session.guarantee = guarantee
  session.guaranteeOfferedAtMs = atMs
}

/** After the guarantee: the PAD waits for its signature when the payor signs it as a step of its own, else the flow ends now. */
function toPadOrFinish(session: Session, atMs: number): void {
  if (!session.stopAtPad) return finishFlowAt(session, atMs)
  session.padPending = true
  stepAt(session, atMs, { status: 'InProgress', step: 'Pad' })
}

/** The guarantee as it stands at `nowMs`: one an autoplayed payor reaches later is not offered yet. */
export function guaranteeAt(session: Pick<Session, 'guarantee' | 'guaranteeOfferedAtMs'>, nowMs: number): GuaranteeState {
  return session.guaranteeOfferedAtMs !== null && nowMs < session.guaranteeOfferedAtMs ? null : session.guarantee
}

/**
 * A new autoplayed session whose client confirms guarantees stops at its flow's `GuaranteeOffer`
 * step, as a real payor does (reachGuarantee): the steps after it wait in `pendingFlow` until the
 * client confirms. A flow that would not complete (identity, eligibility, expiry) offers no
 * guarantee and plays as planned; so does a flow with no `GuaranteeOffer` step before its last.
 */
export function holdAtGuarantee(session: Session): void {
  if (!session.autoplay || !session.guaranteeConfirmation) return
  const flow = session.timeline.filter(e => e.kind === 'flow')
  const offerIndex = flow.slice(0, -1).findIndex(e => e.step === 'GuaranteeOffer')
  const offer = flow[offerIndex]
  if (offer === undefined || stateAt(session, (flow.at(-1) as TimelineEntry).atMs).status !== 'Completed') return
  // The settlement is planned again from the confirmation (finishFlowAt).
  session.timeline = flow.slice(0, offerIndex + 1)
  session.pendingFlow = flow.slice(offerIndex + 1).map(({ atMs: _, ...entry }) => entry)
  offerAt(session, 'awaiting', offer.atMs)
}

/**
 * The payor finished the flow at `atMs` (approved, or accepted a Next Best Offer). A flow that
 * fails (identity, eligibility) ends now: that is no guarantee. Otherwise a GEFT session whose
 * client confirms guarantees stops at `GuaranteeOffer`; the others go on to the PAD.
 */
export function reachGuarantee(session: Session, atMs: number): void {
  if (!wouldComplete(session, atMs)) return finishFlowAt(session, atMs)
  if (session.guaranteeConfirmation) {
    stepAt(session, atMs, { status: 'InProgress', step: 'GuaranteeOffer' })
    offerAt(session, 'awaiting', atMs)
    return
  }
  if (session.product === 'GEFT') offerAt(session, 'accepted', atMs)
  toPadOrFinish(session, atMs)
}

/** Why a guarantee cannot be confirmed now, or undefined when it can. */
export function confirmRefusal(session: Session, atMs: number): string | undefined {
  const state = stateAt(session, atMs)
  if (state.final) return `Session ${session.id} is already ${state.status}: there is no guarantee to confirm.`
  if (guaranteeAt(session, atMs) !== 'awaiting') return `Session ${session.id} has no guarantee waiting for confirmation.`
  return undefined
}

/** The client's answer at `atMs`: accepted, the payor goes on to the PAD (or completion); refused, the session fails. */
export function confirmGuarantee(session: Session, accepted: boolean, atMs: number): void {
  session.guarantee = accepted ? 'accepted' : 'refused'
  if (accepted) toPadOrFinish(session, atMs)
  else stepAt(session, atMs, guaranteeFailure)
}

/** The guarantee webhook failed every attempt: a guarantee still waiting fails the session. */
export function guaranteeUndelivered(session: Session, atMs: number): void {
  if (session.guarantee !== 'awaiting' || stateAt(session, atMs).final) return
  session.guarantee = 'undelivered'
  stepAt(session, atMs, guaranteeFailure)
}
