/**
 * The life of a session: a timeline of steps at virtual times, planned when the session is
 * created (from its scenario) and changed by what happens to it (the hosted page, a cancel).
 * The state is computed from the clock each time it is read: no timers.
 */
import { distance } from 'fastest-levenshtein'
import type { BankAccount, ClientConfig } from '../config.js'
import type { LoadedScenario } from '../scenarios/loader.js'
import { finalStatuses, type FlowEntry, type Lifecycle } from '../scenarios/schema.js'
import type { UserAction } from './actions.js'
import type { GuaranteeState } from './guarantee.js'
import type { InitiateSessionRequest, SessionStatus, SessionStep, StatusDetails, TransactionStatus } from './model.js'

/** The product of a session. */
export type Product = ClientConfig['products'][number]

/** One change of the session at a virtual time. */
export interface TimelineEntry extends Partial<Omit<FlowEntry, 'afterSeconds'>> {
  atMs: number
  /** `flow` steps end with the outcome; `settlement` moves the payment after it; `action` is an API or page action. */
  kind: 'flow' | 'settlement' | 'action'
  /** The user action that took this step (the steps performAction takes itself); how a session ended, where its state cannot tell. */
  action?: UserAction
}

/** A stored session. */
export interface Session {
  id: string
  clientId: string
  createdAtMs: number
  expiresAtMs: number
  product: Product
  request: InitiateSessionRequest
  /** Where the funds go: the payee account or the client's default one; null for regular EFT. */
  payeeAccount: BankAccount | null
  /** The account the payor links in the flow (shown masked once the session leaves Initiated). */
  payorAccount: BankAccount & { availableBalance?: number }
  scenario: LoadedScenario | undefined
  /** The lifecycle the session follows when its user finishes the flow. */
  lifecycle: Lifecycle
  /** True while a simulated user walks the flow by itself (a scenario lifecycle nobody took over). */
  autoplay: boolean
  /** Where the payor is with the bank login: not logged in, asked the security questions, logged in. */
  bankLogin: 'none' | 'mfa' | 'done'
  /**
   * The flow steps a simulated user had still to take when a real one took over (see takeOver), or
   * that an autoplayed payor keeps until the client confirms its guarantee (holdAtGuarantee).
   */
  pendingFlow: Array<Omit<TimelineEntry, 'atMs'>> | undefined
  timeline: TimelineEntry[]
  /** The reduced amount of a Next Best Offer awaiting the payor's answer (GEFT), else null. */
  offer: number | null
  /** True when the client decides on each guarantee (GEFT with a webhook configured, see guarantee.ts). */
  guaranteeConfirmation: boolean
  /** Where the guarantee stands (GEFT), null until one is offered; read it at a time with guaranteeAt. */
  guarantee: GuaranteeState
  /** When the guarantee is (or, for an autoplayed payor, will be) offered; null when none is. */
  guaranteeOfferedAtMs: number | null
  /** True when the payor signs the PAD as a step of its own (the hosted page), not with approve. */
  stopAtPad: boolean
  /** True while the flow waits at step Pad for the payor's signature (signPad, leavePad, otherFunding). */
  padPending: boolean
  /** Set once an amount is chosen in the hosted flow (when the request left it open). */
  amount: number | null
  /** The largest amount without limits in the request: the client's EFT ceiling; null (none) for e-Transfer. */
  amountCeiling: number | null
  transactionId: string | undefined
  aggregationRequestId: string | undefined
  padId: string | undefined
}

/** What a session looks like at one moment. */
export interface SessionState {
  status: SessionStatus
  statusDetails: StatusDetails | undefined
  step: SessionStep
  transaction: TransactionStatus | undefined
  matchingPerformed: boolean
  nameMatch: number | null
  final: boolean
  /**
   * The user action whose step ended the session: an EFT decline and a payor leaving at the PAD
   * both end Completed/EFT0302. Undefined while the session is not final, and when the flow, the
   * API or the clock ended it.
   */
  endedBy: UserAction | undefined
  /** When the status last changed. */
  changedAtMs: number
}

/** The share of a name that must match for the identity check to pass. */
export const nameMatchThreshold = 80

const normalize = (name: string) => name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '')

/** A 0-100 score of how alike two names are, ignoring case, accents, spaces, hyphens and apostrophes. */
export function nameScore(given: { firstName?: string | null, lastName?: string | null }, expected: { firstName: string, lastName: string }): number {
  const a = normalize(`${given.firstName ?? ''}${given.lastName ?? ''}`)
  const b = normalize(`${expected.firstName}${expected.lastName}`)
  const longest = Math.max(a.length, b.length)
  return longest === 0 ? 100 : Math.round(100 * (1 - distance(a, b) / longest))
}

/** The flow of a lifecycle as timeline entries, starting at `startMs`. */
function planFlow(lifecycle: Lifecycle, startMs: number): TimelineEntry[] {
  const flow: TimelineEntry[] = lifecycle.flow.map(({ afterSeconds, ...entry }) => ({ ...entry, atMs: startMs + afterSeconds * 1000, kind: 'flow' }))
  flow.sort((a, b) => a.atMs - b.atMs)
  const last = flow.at(-1) as TimelineEntry
  // Names are matched when the flow completes, unless the scenario says where.
  if (!flow.some(e => e.identityCheck) && last.status === 'Completed') last.identityCheck = true
  return flow
}

/** The settlement of a lifecycle as timeline entries, after a flow that ended at `endMs`. */
function planSettlement(lifecycle: Lifecycle, endMs: number): TimelineEntry[] {
  return (lifecycle.settlement ?? [])
    .map(({ afterSeconds, transaction }): TimelineEntry => ({ transaction, atMs: endMs + afterSeconds * 1000, kind: 'settlement' }))
    .sort((a, b) => a.atMs - b.atMs)
}

const initialEntry = (atMs: number): TimelineEntry => ({ atMs, kind: 'flow', status: 'Initiated', statusDetails: 'EFT0101', step: 'Start' })

function planTimeline(session: Pick<Session, 'autoplay' | 'lifecycle' | 'createdAtMs'>): TimelineEntry[] {
  if (!session.autoplay) return [initialEntry(session.createdAtMs)]
  const flow = planFlow(session.lifecycle, session.createdAtMs)
  return [...flow, ...planSettlement(session.lifecycle, (flow.at(-1) as TimelineEntry).atMs)]
}

// The last plan made: sessions created at the same virtual millisecond with the same lifecycle share
// it (about 130 bytes a session, issue 11). It is frozen, and never changed: every change of a
// timeline makes a new array first (dropFuture).
let lastPlan: { of: Pick<Session, 'autoplay' | 'lifecycle' | 'createdAtMs'>, timeline: TimelineEntry[] } | undefined

/** The first timeline of a session: its scenario's flow, or a session waiting for its user; shared, read-only. */
export function initialTimeline(session: Pick<Session, 'autoplay' | 'lifecycle' | 'createdAtMs'>): TimelineEntry[] {
  const last = lastPlan
  if (last !== undefined && last.of.createdAtMs === session.createdAtMs && last.of.lifecycle === session.lifecycle && last.of.autoplay === session.autoplay) return last.timeline
  const timeline = planTimeline(session)
  for (const entry of timeline) Object.freeze(entry)
  lastPlan = { of: { autoplay: session.autoplay, lifecycle: session.lifecycle, createdAtMs: session.createdAtMs }, timeline: Object.freeze(timeline) as TimelineEntry[] }
  return timeline
}

function identityCheck(session: Session): { passed: boolean, score: number } {
  const expected = session.lifecycle.expectedPayor
  const score = expected === undefined ? (session.lifecycle.nameMatch ?? 100) : nameScore(session.request.payor ?? {}, expected)
  return { passed: score >= nameMatchThreshold, score }
}

/** Computes the state of the session at `nowMs`. */
export function stateAt(session: Session, nowMs: number): SessionState {
  const state: SessionState = {
    status: 'Initiated',
    statusDetails: 'EFT0101',
    step: 'Start',
    transaction: undefined,
    matchingPerformed: false,
    nameMatch: null,
    final: false,
    endedBy: undefined,
    changedAtMs: session.createdAtMs
  }
  // An index loop: timelines are frozen arrays (shared plans) or plain ones, and over both kinds
  // V8 ran for-of through its iterator builtin, 0.4 µs a details read (issue 11).
  const timeline = session.timeline
  for (let i = 0; i < timeline.length; i++) {
    const entry = timeline[i] as TimelineEntry
    if (entry.atMs > nowMs) break
    if (!state.final && entry.atMs >= session.expiresAtMs) break
    if (state.final) {
      // After the outcome only the payment moves on, and only for a completed session.
      if (entry.kind === 'settlement' && state.status === 'Completed' && entry.transaction) state.transaction = entry.transaction
      continue
    }
    if (entry.identityCheck) {
      const { passed, score } = identityCheck(session)
      state.matchingPerformed = true
      state.nameMatch = score
      if (!passed) {
        Object.assign(state, { status: 'Failed', statusDetails: 'EFT0403', final: true, changedAtMs: entry.atMs })
        if (state.transaction) state.transaction = 'Failed'
        continue
      }
    }
    if (entry.status) {
      if (entry.status !== state.status) state.changedAtMs = entry.atMs
      state.status = entry.status
      state.statusDetails = entry.statusDetails
      state.final = finalStatuses.has(entry.status)
      if (state.final) state.endedBy = entry.action
    }
    if (entry.step) state.step = entry.step
    if (entry.transaction) state.transaction = entry.transaction
  }
  if (!state.final && nowMs >= session.expiresAtMs) {
    // "Sessions automatically expire based on the timeout window": EFT0601, user inactive.
    Object.assign(state, { status: 'Expired', statusDetails: 'EFT0601', final: true, changedAtMs: session.expiresAtMs })
    if (state.transaction) state.transaction = 'Expired'
  }
  return state
}

/** Drops what was still to come after `atMs`, a guarantee an autoplayed payor was to reach later included. */
function dropFuture(session: Session, atMs: number): void {
  // A new array: the one the session had may be shared with other sessions (initialTimeline).
  session.timeline = session.timeline.filter(e => e.atMs <= atMs)
  if (session.guaranteeOfferedAtMs !== null && session.guaranteeOfferedAtMs > atMs) {
    session.guarantee = null
    session.guaranteeOfferedAtMs = null
  }
}

/** Drops what was still to come after `atMs` and appends `entries`, all at `atMs`. */
function replaceFuture(session: Session, atMs: number, entries: Omit<TimelineEntry, 'atMs'>[]): void {
  dropFuture(session, atMs)
  for (const entry of entries) session.timeline.push({ ...entry, atMs })
}

/** Ends the session as cancelled at `atMs` (the API's cancel: EFT0501). */
export function cancelAt(session: Session, atMs: number, transaction: TransactionStatus | undefined): void {
  // GEFT spells it Canceled; e-Transfer and regular EFT spell it Cancelled (their cancel pages).
  const status: SessionStatus = session.product === 'GEFT' ? 'Canceled' : 'Cancelled'
  replaceFuture(session, atMs, [{ kind: 'action', status, statusDetails: 'EFT0501', ...(transaction ? { transaction: 'Cancelled' } : {}) }])
}

/** What each product does when its user approves and no scenario says otherwise. */
export const approvedLifecycles: Record<Product, Lifecycle> = {
  'e-Transfer': {
    flow: [{ afterSeconds: 0, status: 'Completed', step: 'Complete', transaction: 'Accepted' }],
    settlement: [{ afterSeconds: 60, transaction: 'Processed' }, { afterSeconds: 3600, transaction: 'Settled' }]
  },
  RegularEft: { flow: [{ afterSeconds: 0, status: 'Completed', statusDetails: 'EFT0301', step: 'Complete' }] },
  GEFT: { flow: [{ afterSeconds: 0, status: 'Completed', statusDetails: 'EFT0301', step: 'Complete' }] }
}

const withoutTime = ({ atMs: _, ...entry }: TimelineEntry): Omit<TimelineEntry, 'atMs'> => entry

/**
 * A real user (the hosted page, or the admin API) takes over from the simulated one: the steps
 * the scenario had still to play (those held for a guarantee's confirmation last) wait for the
 * user's decision instead.
 */
export function takeOver(session: Session, atMs: number): void {
  if (!session.autoplay) return
  session.pendingFlow = [...session.timeline.filter(e => e.atMs > atMs && e.kind === 'flow').map(withoutTime), ...(session.pendingFlow ?? [])]
  dropFuture(session, atMs)
  session.autoplay = false
}

/** Appends a step taken by the user at `atMs` (the session must not be final). */
export function stepAt(session: Session, atMs: number, entry: Omit<TimelineEntry, 'atMs' | 'kind'>): void {
  takeOver(session, atMs)
  replaceFuture(session, atMs, [{ ...entry, kind: 'action' }])
}

/** The user finished the flow at `atMs`: the rest of the flow happens now, the settlement after it. */
export function finishFlowAt(session: Session, atMs: number): void {
  takeOver(session, atMs)
  const pending = session.pendingFlow
  const lifecycle = pending !== undefined && pending.length === 0 ? approvedLifecycles[session.product] : session.lifecycle
  const rest = pending !== undefined && pending.length > 0 ? pending : planFlow(lifecycle, atMs).map(withoutTime)
  replaceFuture(session, atMs, rest)
  session.timeline.push(...planSettlement(lifecycle, atMs))
  session.pendingFlow = []
}
