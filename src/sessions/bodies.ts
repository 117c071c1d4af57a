/**
 * The details and status bodies as sent, in the published member order. Built on every read, not
 * kept: a body kept per session (it changes only at the session's next step) was about 1.2 KB more
 * heap for every session read, and on reads spread over many sessions each one survived young
 * collections to be copied and promoted: scavenging took 2.5 times as long as without it, for a body
 * rarely read twice (issue 11).
 *
 * The status body, and the parts of details that are rare (an address, a guarantee), are written
 * by serializers compiled from the document's schemas. The rest of details is written straight from
 * the session (writeDetails): with the view built first then serialized, a read made about 4.4 KB
 * of objects and string pieces that lived only to be joined, 40 % of what a whole details request
 * allocated, and spent 3 µs on it (issue 11). detailsView stays the definition of the body, and the
 * tests hold the two to the same text.
 */
import { isoString } from '../clock.js'
// A string member's value, as the compiled serializers write it.
import { jsonString as text } from '../json-text.js'
import type { ApiDocument } from '../openapi/document.js'
import { onFirstUse } from '../on-first-use.js'
import { consentScreenShown } from './actions.js'
import type { Session, SessionState } from './lifecycle.js'
import type { InitiateSessionRequest } from './model.js'
import { amountOf, guaranteeDetailsOf, maskAccountNumber, payorLinked, statusView } from './views.js'

/** The bodies of GET .../details and GET .../status, as JSON text. */
export interface SessionBodies {
  /** GET /api/v2/sessions/{sessionId}/details at `nowMs`, when the session is in `state` (stateAt). */
  details(session: Session, state: SessionState, nowMs: number): string
  /** GET /api/v2/sessions/{sessionId}/status, when the session is in `state`. */
  status(session: Session, state: SessionState): string
}

const fastJsonStringify = onFirstUse<typeof import('fast-json-stringify')>('fast-json-stringify')

/** A serializer of a component schema of the document, compiled (and fast-json-stringify loaded) on first use: start-up stays short. */
function serializerOf(api: ApiDocument, name: string): (value: unknown) => string {
  let serialize: ((value: unknown) => string) | undefined
  return value => {
    serialize ??= fastJsonStringify()({ $ref: `#/components/schemas/${name}`, components: api.document.components } as never) as (value: unknown) => string
    return serialize(value)
  }
}

// A nullable string member's value.
const textOrNull = (value: string | null | undefined): string => value == null ? 'null' : text(value)
// A nullable number member's value (numbers here are finite: read from JSON, or computed from them).
const numberOrNull = (value: number | null | undefined): string => value == null ? 'null' : String(value)
const bool = (value: boolean | null | undefined): string => value ? 'true' : 'false'
// A string member that a valid request always has (rules.ts): left out when undefined, as the serializers leave it.
const member = (name: string, value: string | null | undefined): string => value === undefined ? '' : `,"${name}":${textOrNull(value)}`

/** Creates the bodies of a server's sessions, from the shipped document's schemas (the ones the views follow). */
export function createSessionBodies(api: ApiDocument): SessionBodies {
  const serializeStatus = serializerOf(api, 'SessionStatusResponse')
  const serializeAddress = serializerOf(api, 'BaseAddressModel')
  const serializeGuarantee = serializerOf(api, 'GuaranteeDetailsModel')

  // The members from "type" to the payor's "account", written for the last session read: they come
  // from the request's shared parts (service.ts) and its product alone, so a suite or a load test
  // that sends one request again and again has them written once, not every read (issue 11).
  let middle: { request: Pick<InitiateSessionRequest, 'options' | 'payor' | 'type' | 'direction' | 'currency'>, amountOpen: boolean, product: Session['product'], text: string } | undefined
  const middleOf = (session: Session): string => {
    const { request, product } = session
    const amountOpen = request.amount == null
    const last = middle
    if (last !== undefined && last.request.options === request.options && last.request.payor === request.payor && last.request.type === request.type &&
      last.request.direction === request.direction && last.request.currency === request.currency && last.amountOpen === amountOpen && last.product === product) return last.text
    const options = request.options ?? {}
    const notifications = options.notificationPreferences
    const limits = options.limits
    const redirect = options.redirectPreferences
    const payor = request.payor
    const written = `${member('type', request.type)}${member('direction', request.direction)},"currency":${text(request.currency ?? 'CAD')}` +
      `,"options":{"guarantee":{"enable":${bool(options.guarantee?.enable)}}` +
      `,"notificationPreferences":{"language":${text(notifications?.language ?? 'EN')},"sendInteracLink":${bool(notifications?.sendInteracLink)}}` +
      `,"showConsentScreen":${bool(options.showConsentScreen ?? consentScreenShown(session))}` +
      `,"limits":{"minimumAmount":${numberOrNull(limits?.minimumAmount)},"maximumAmount":${numberOrNull(limits?.maximumAmount)}}` +
      `,"amountModification":${bool(options.amountModification ?? request.amount == null)}` +
      `,"redirectPreferences":{"mode":${text(redirect?.mode ?? 'JsEvents')},"urlSuccess":${textOrNull(redirect?.urlSuccess)},"urlExit":${textOrNull(redirect?.urlExit)}}}` +
      `,"payor":{"email":${textOrNull(payor?.email)}${member('firstName', payor?.firstName)}${member('lastName', payor?.lastName)},"middleName":${textOrNull(payor?.middleName)},"account":`
    middle = { request: { options: request.options, payor: request.payor, type: request.type, direction: request.direction, currency: request.currency }, amountOpen, product, text: written }
    return written
  }

  /** detailsView's body, member for member, written without building the view first. */
  function writeDetails(session: Session, state: SessionState, nowMs: number): string {
    const { request } = session
    const payor = request.payor
    const linked = payorLinked(state)
    const padShown = state.step === 'Pad' || state.step === 'Complete'
    let json = `{"sessionId":${text(session.id)},"status":${text(state.status)},"step":{"current":${text(state.step)}` +
      `,"aggregationRequestId":${linked ? textOrNull(session.aggregationRequestId) : 'null'},"padId":${padShown ? textOrNull(session.padId) : 'null'}}` +
      `,"referenceId":${textOrNull(request.referenceId)},"amount":${numberOrNull(amountOf(session, state))}${middleOf(session)}`
    if (linked) {
      const account = session.payorAccount
      const masked = maskAccountNumber(account.accountNumber)
      json += `{"institutionCode":${text(account.institutionCode)},"transitNumber":${text(account.transitNumber)},"accountNumber":${text(masked)}` +
        `,"accountLabel":${text(account.accountLabel ?? `Checking (${masked})`)},"availableBalance":${numberOrNull(account.availableBalance)}}`
    } else {
      json += 'null'
    }
    if (payor?.address) json += `,"address":${serializeAddress(payor.address)}`
    const payee = session.payeeAccount
    json += payee === null
      ? '},"payee":null'
      : `},"payee":{"account":{"institutionCode":${text(payee.institutionCode)},"transitNumber":${text(payee.transitNumber)},"accountNumber":${text(payee.accountNumber)}` +
        `,"accountLabel":${textOrNull(payee.accountLabel)},"availableBalance":null}}`
    const transaction = state.transaction && session.transactionId ? `{"id":${text(session.transactionId)},"status":${text(state.transaction)}}` : ''
    return `${json},"userDetails":{"matchingPerformed":${bool(state.matchingPerformed)},"nameMatch":${numberOrNull(state.nameMatch)}}` +
      `,"schedule":${session.product === 'e-Transfer' ? `{"transactions":[${transaction}]}` : 'null'}` +
      `,"guaranteeDetails":${session.product === 'GEFT' ? serializeGuarantee(guaranteeDetailsOf(session, state, nowMs)) : 'null'}` +
      `,"createdAt":"${isoString(session.createdAtMs)}"}`
  }

  return {
    details: writeDetails,
    status: (session, state) => serializeStatus(statusView(session, state))
  }
}
