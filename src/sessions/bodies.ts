/**
 * The details and status bodies as sent: built and serialized once per step of a session, not on
 * every read (issue 11), with serializers compiled from the document's schemas, whose member
 * order is the published one.
 */
import fastJsonStringify from 'fast-json-stringify'
import type { ApiDocument } from '../openapi/document.js'
import { guaranteeAt, type GuaranteeState } from './guarantee.js'
import { stateAt, type Session, type SessionState } from './lifecycle.js'
import { detailsView, statusView } from './views.js'

/** The bodies of GET .../details and GET .../status, as JSON text. */
export interface SessionBodies {
  /** GET /api/v2/sessions/{sessionId}/details at `nowMs`. */
  details(session: Session, nowMs: number): string
  /** GET /api/v2/sessions/{sessionId}/status at `nowMs`. */
  status(session: Session, nowMs: number): string
}

// What a body depends on that changes: the state at the session's last step, the amount chosen in
// the flow, and the guarantee (which an autoplayed payor reaches at a time of its own).
interface Step {
  state: SessionState
  amount: number | null
  guarantee: GuaranteeState
}

interface Cached extends Step {
  details?: string
  status?: string
}

const sameStep = (a: Step, b: Step) =>
  a.amount === b.amount && a.guarantee === b.guarantee && a.state.status === b.state.status &&
  a.state.statusDetails === b.state.statusDetails && a.state.step === b.state.step && a.state.transaction === b.state.transaction &&
  a.state.matchingPerformed === b.state.matchingPerformed && a.state.nameMatch === b.state.nameMatch

/** A serializer of a component schema of the document, compiled on first use (start-up stays short). */
function serializerOf(api: ApiDocument, name: string): (value: unknown) => string {
  let serialize: ((value: unknown) => string) | undefined
  return value => {
    serialize ??= fastJsonStringify({ $ref: `#/components/schemas/${name}`, components: api.document.components } as never) as (value: unknown) => string
    return serialize(value)
  }
}

/** Creates the bodies of a server's sessions, from the shipped document's schemas (the ones the views follow). */
export function createSessionBodies(api: ApiDocument): SessionBodies {
  const cache = new WeakMap<Session, Cached>()
  const serializeDetails = serializerOf(api, 'SessionDetailsResponse')
  const serializeStatus = serializerOf(api, 'SessionStatusResponse')
  const current = (session: Session, nowMs: number): Cached => {
    const step: Step = { state: stateAt(session, nowMs), amount: session.amount, guarantee: guaranteeAt(session, nowMs) }
    const cached = cache.get(session)
    if (cached !== undefined && sameStep(cached, step)) return cached
    cache.set(session, step)
    return step
  }
  return {
    details(session, nowMs) {
      const cached = current(session, nowMs)
      cached.details ??= serializeDetails(detailsView(session, cached.state, nowMs))
      return cached.details
    },
    status(session, nowMs) {
      const cached = current(session, nowMs)
      cached.status ??= serializeStatus(statusView(session, cached.state))
      return cached.status
    }
  }
}
