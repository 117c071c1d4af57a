/** The bodies of the admin API. */
import type { Clock } from '../../clock.js'
import { stateAt, type Session } from '../../sessions/lifecycle.js'
import { detailsView } from '../../sessions/views.js'

const iso = (ms: number) => new Date(ms).toISOString()

/** The clock as GET /__admin/clock shows it. */
export function clockView(clock: Clock) {
  return { now: iso(clock.now()), frozen: clock.frozen, offsetSeconds: Math.round(clock.offsetMs) / 1000 }
}

/** A session as the admin API shows it: its state, its details, and its timeline. */
export function adminSessionView(session: Session, nowMs: number) {
  const state = stateAt(session, nowMs)
  return {
    sessionId: session.id,
    clientId: session.clientId,
    product: session.product,
    scenario: session.scenario?.name ?? null,
    createdAt: iso(session.createdAtMs),
    expiresAt: iso(session.expiresAtMs),
    state: {
      status: state.status,
      ...(state.statusDetails ? { statusDetails: state.statusDetails } : {}),
      step: state.step,
      ...(state.transaction ? { transaction: state.transaction } : {}),
      final: state.final
    },
    details: detailsView(session, state, nowMs),
    timeline: session.timeline.map(({ atMs, ...entry }) => ({ at: iso(atMs), ...entry }))
  }
}
