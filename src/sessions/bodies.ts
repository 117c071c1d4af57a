/**
 * The details and status bodies as sent, serialized with serializers compiled from the document's
 * schemas, whose member order is the published one. Built on every read, not kept: a body kept per
 * session (it changes only at the session's next step) was about 1.2 KB more heap for every session
 * read, and on reads spread over many sessions each one survived young collections to be copied and
 * promoted: scavenging took 2.5 times as long as without it, for a body rarely read twice (issue 11).
 */
import fastJsonStringify from 'fast-json-stringify'
import type { ApiDocument } from '../openapi/document.js'
import type { Session, SessionState } from './lifecycle.js'
import { detailsView, statusView } from './views.js'

/** The bodies of GET .../details and GET .../status, as JSON text. */
export interface SessionBodies {
  /** GET /api/v2/sessions/{sessionId}/details at `nowMs`, when the session is in `state` (stateAt). */
  details(session: Session, state: SessionState, nowMs: number): string
  /** GET /api/v2/sessions/{sessionId}/status, when the session is in `state`. */
  status(session: Session, state: SessionState): string
}

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
  const serializeDetails = serializerOf(api, 'SessionDetailsResponse')
  const serializeStatus = serializerOf(api, 'SessionStatusResponse')
  return {
    details: (session, state, nowMs) => serializeDetails(detailsView(session, state, nowMs)),
    status: (session, state) => serializeStatus(statusView(session, state))
  }
}
