/** The session types, derived from the served OpenAPI document (never restated by hand). */
import type { components } from '../openapi/flinks-pay.types.js'

type Schemas = components['schemas']

export type InitiateSessionRequest = Schemas['InitiateSessionRequest']
export type PartyInfoRequest = Schemas['PartyInfoRequest']
export type SessionDetailsResponse = Schemas['SessionDetailsResponse']
export type GuaranteeDetails = NonNullable<Schemas['GuaranteeDetailsModel']>
export type SessionStatusResponse = Schemas['SessionStatusResponse']
export type CancelSessionResponse = Schemas['CancelSessionResponse']
export type SessionStatus = Schemas['SessionStatus']
export type StatusDetails = Schemas['StatusDetails']
export type SessionStep = Schemas['SessionStep']
export type TransactionStatus = Schemas['TransactionStatus']
export type Language = Schemas['Language']
export type RedirectPreferencesMode = Schemas['RedirectPreferencesMode']
export type AuthorizeResponse = Schemas['AuthorizeResponse']
