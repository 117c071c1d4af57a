/**
 * The catalogue of cases an integration can meet, built from what the mock serves: operations and
 * their documented response statuses from the Flinks document, scenarios from the loaded scenario
 * files, outcomes from the document's enums, page actions and outcomes from the hosted page's document.
 */
import type { ApiDocument } from '../openapi/document.js'
import { httpMethods } from '../openapi/document.js'
import type { LoadedScenario } from '../scenarios/loader.js'
import { finalStatuses, sessionStatuses, statusDetailsCodes, transactionStatuses } from '../scenarios/schema.js'

/** One case: its id (`group-prefix:name`), and what explains it. */
export interface CatalogueCase {
  id: string
  /** A short explanation, shown in the JSON, the JUnit report and the page. */
  description: string
}

/** A group of cases: `operations`, `scenarios`, `final-statuses`, ... */
export interface CatalogueGroup {
  name: GroupName
  cases: CatalogueCase[]
}

/** The groups, in the order reports show them. */
export const groupNames = ['operations', 'scenarios', 'final-statuses', 'status-codes', 'payment-statuses', 'page-actions', 'page-outcomes', 'error-classes', 'behaviours', 'webhooks'] as const
/** The name of a group. */
export type GroupName = (typeof groupNames)[number]

/**
 * The error classes the mock tells apart in its answers (the scenario faults of
 * scenarios/errors.yaml produce each; a token's own life produces the first two).
 */
export const errorClasses = {
  'expired-token': 'A 401: the access token had expired.',
  'spent-token': 'A 401: the token had already initiated a session.',
  validation: 'A 400: the request did not validate.',
  forbidden: 'A 403: a product (or client) the credentials may not use.',
  'rate-limited': 'A 429 with Retry-After.',
  'server-error': 'A 5xx answer.',
  'dropped-connection': 'The connection closed without an answer.'
} as const

/** What a client should do after an error, checked on its next request. */
export const behaviours = {
  'waits-for-retry-after': 'After a 429 with Retry-After, the same operation again only once Retry-After has elapsed.',
  'new-token-after-401': 'After a 401, a new token from /api/v1/authorize before the next call, not the refused token again.',
  'no-identical-retry-after-400': 'After a 400, not the same body to the same operation again.'
} as const

/** The webhook events the mock sends (src/webhooks/deliveries.ts). */
export const webhookEvents = {
  SessionSetupStatusChanged: 'The final-status webhook, answered 2xx.',
  GuaranteeOffered: 'The guarantee webhook (GEFT with confirmation), answered 2xx.'
} as const

/** GEFT spells it Canceled, the others Cancelled (lifecycle.ts): one final status, two spellings. */
export const statusSpelling = (status: string): string => (status === 'Canceled' ? 'Cancelled' : status)

/** The documented response statuses of each operation of a document, by operationId. */
export function documentedStatuses(api: ApiDocument): Map<string, number[]> {
  const byOperation = new Map<string, number[]>()
  for (const item of Object.values(api.document.paths)) {
    for (const method of httpMethods) {
      const operation = item[method] as { operationId?: string, responses?: Record<string, unknown> } | undefined
      if (operation?.operationId === undefined) continue
      byOperation.set(operation.operationId, Object.keys(operation.responses ?? {}).filter(s => /^[1-5]\d\d$/.test(s)).map(Number).sort((a, b) => a - b))
    }
  }
  return byOperation
}

/** The enum of a property of a schema of the hosted page's document, without null. */
function pageEnum(hostedPageApi: ApiDocument, schemaName: string, property: string): string[] {
  const schema = hostedPageApi.document.components?.schemas?.[schemaName] as { properties?: Record<string, { enum?: Array<string | null> }> } | undefined
  return (schema?.properties?.[property]?.enum ?? []).filter(value => value !== null)
}

const cases = (entries: Iterable<[string, string]>, prefix: string): CatalogueCase[] => [...entries].map(([name, description]) => ({ id: `${prefix}:${name}`, description }))

/** Builds the catalogue from the served documents and the scenarios in effect. */
export function buildCatalogue(api: ApiDocument, hostedPageApi: ApiDocument, scenarios: readonly LoadedScenario[]): CatalogueGroup[] {
  const operations: CatalogueCase[] = []
  for (const [operationId, statuses] of documentedStatuses(api)) {
    for (const status of statuses) operations.push({ id: `operation:${operationId}:${status}`, description: `${operationId} answered ${status}.` })
  }
  const finals = [...new Set(sessionStatuses.filter(s => finalStatuses.has(s)).map(statusSpelling))]
  return [
    { name: 'operations', cases: operations },
    { name: 'scenarios', cases: scenarios.map(s => ({ id: `scenario:${s.name}`, description: `${s.description} (${s.source})` })) },
    { name: 'final-statuses', cases: finals.map(s => ({ id: `final-status:${s}`, description: s === 'Cancelled' ? 'A session read as Cancelled (Canceled on GEFT).' : `A session read as ${s}.` })) },
    { name: 'status-codes', cases: statusDetailsCodes.map(c => ({ id: `status-code:${c}`, description: `A session read with statusDetails ${c}.` })) },
    { name: 'payment-statuses', cases: transactionStatuses.map(s => ({ id: `payment-status:${s}`, description: `An e-Transfer session read with payment status ${s}.` })) },
    { name: 'page-actions', cases: pageEnum(hostedPageApi, 'PageAction', 'action').map(a => ({ id: `page-action:${a}`, description: `The payor's ${a} on the hosted page, on one of the client's sessions.` })) },
    { name: 'page-outcomes', cases: pageEnum(hostedPageApi, 'PageView', 'outcome').map(o => ({ id: `page-outcome:${o}`, description: `The hosted page showed one of the client's sessions ended, with outcome ${o}.` })) },
    { name: 'error-classes', cases: cases(Object.entries(errorClasses), 'error-class') },
    { name: 'behaviours', cases: cases(Object.entries(behaviours), 'behaviour') },
    { name: 'webhooks', cases: cases(Object.entries(webhookEvents), 'webhook') }
  ]
}
