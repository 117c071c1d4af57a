import type { FromSchema } from 'json-schema-to-ts'
import { accountSchema as bankAccountSchema } from '../config-schema.js'

import { sessionStatusValues, sessionStepValues, statusDetailsValues, transactionStatusValues } from '../openapi/flinks-pay.types.js'

// The vocabularies come from the served OpenAPI document, through its generated types.
export const sessionStatuses = sessionStatusValues
export const statusDetailsCodes = statusDetailsValues
export const sessionSteps = sessionStepValues
export const transactionStatuses = transactionStatusValues
/** Statuses after which a session never changes. */
export const finalStatuses: ReadonlySet<string> = new Set(['Completed', 'Failed', 'Cancelled', 'Canceled', 'Expired'])

const seconds = { type: 'number', minimum: 0, maximum: 31536000 } as const

const flowEntrySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['afterSeconds', 'status'],
  description: 'One step of the hosted flow, as the status and details endpoints show it.',
  properties: {
    afterSeconds: { ...seconds, description: 'Seconds after the session was created.' },
    status: { enum: sessionStatuses },
    statusDetails: { enum: statusDetailsCodes, description: 'EFT/GEFT code; not shown on e-Transfer sessions.' },
    step: { enum: sessionSteps },
    transaction: { enum: transactionStatuses, description: 'e-Transfer payment status from this step on; not shown on EFT sessions.' },
    identityCheck: { type: 'boolean', description: 'Names are matched here: a mismatch ends the session Failed/EFT0403 instead of this step.' }
  }
} as const

const settlementEntrySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['afterSeconds', 'transaction'],
  description: 'A payment status change after the flow has ended (e-Transfer settlement).',
  properties: {
    afterSeconds: { ...seconds, description: 'Seconds after the last step of the flow.' },
    transaction: { enum: transactionStatuses }
  }
} as const

// The configuration's bank account, with the balance a payor's account shows.
const accountSchema = {
  ...bankAccountSchema,
  properties: {
    ...bankAccountSchema.properties,
    accountNumber: { ...bankAccountSchema.properties.accountNumber, description: 'Shown masked (****1234).' },
    availableBalance: { type: 'number' }
  }
} as const

const errorSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['status'],
  description: 'Answer POST /api/v2/sessions with this ProblemDetails instead of creating a session.',
  properties: {
    status: { type: 'integer', minimum: 400, maximum: 599 },
    type: { type: 'string' },
    title: { type: 'string' },
    detail: { type: 'string' },
    errors: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
    retryAfterSeconds: { type: 'integer', minimum: 0, description: 'Adds a Retry-After header.' }
  }
} as const

const lifecycleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['flow'],
  description: 'What happens to the session: a simulated user walks the flow in virtual time; the hosted page can jump to its end.',
  properties: {
    flow: { type: 'array', minItems: 1, items: flowEntrySchema },
    autoplay: {
      type: 'boolean',
      description: 'Whether a simulated payor walks the flow by itself (default true). false: the session waits, as in the sandbox, for a payor to log in through the hosted page or the admin simulate call, and expires otherwise; the referenceId suffix `:autoplay` or the `autoplay` setting turn autoplay back on.'
    },
    login: {
      type: 'object',
      additionalProperties: false,
      required: ['username', 'password'],
      description: "The test user of the scenario at the sandbox bank (no MFA): only these credentials log in, others end the session Failed/EFT0401, and the payor must log in before approving. Without it, the Flinks Capital test users log in (Greatday / Everyday with security questions, greatday_nomfa / Everyday without).",
      properties: { username: { type: 'string', minLength: 1 }, password: { type: 'string', minLength: 1 } }
    },
    settlement: { type: 'array', items: settlementEntrySchema },
    payorAccount: { ...accountSchema, description: 'The account the user picks; shown on the session once it leaves Initiated.' },
    expectedPayor: {
      type: 'object',
      additionalProperties: false,
      required: ['firstName', 'lastName'],
      description: "The test customer's name: other payor names fail the identity check (EFT0403), as in the sandbox.",
      properties: { firstName: { type: 'string', minLength: 1 }, lastName: { type: 'string', minLength: 1 } }
    },
    nameMatch: { type: 'number', minimum: 0, maximum: 100, description: 'The name-match score when no expectedPayor is set (default 100); below 80 the identity check fails (EFT0403).' },
    webhook: {
      type: 'object',
      additionalProperties: false,
      description: "How the SessionSetupStatusChanged webhook of this session's final status is delivered (when the client has a webhook).",
      properties: {
        delayMs: { type: 'integer', minimum: 0, maximum: 600000, description: 'Send it this many real milliseconds late.' },
        drop: { type: 'boolean', description: 'Never send it: the delivery is recorded as failed (Flinks does not retry).' },
        duplicate: { type: 'boolean', description: 'Send it twice (receivers should deduplicate on sessionId).' }
      }
    },
    riskLevels: {
      type: 'object',
      additionalProperties: false,
      description: "The risk levels of the session's guarantee in details and the guarantee webhook (GEFT); each is \"Unknown\" unless set here. Flinks documents no other value.",
      properties: {
        overallRiskLevel: { type: 'string', minLength: 1 },
        transactionRiskLevel: { type: 'string', minLength: 1 },
        userRiskLevel: { type: 'string', minLength: 1 },
        otherRiskLevel: { type: 'string', minLength: 1 }
      }
    }
  }
} as const

const scenarioSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'description', 'match'],
  properties: {
    name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', maxLength: 100 },
    description: { type: 'string', minLength: 1 },
    documented: { type: 'string', description: 'Where the Flinks documentation describes this behaviour (shown in the README table).' },
    match: {
      type: 'object',
      additionalProperties: false,
      description: 'What picks this scenario: exactly one of referenceId, referenceIdPrefix, referenceIdPattern (a new session\'s referenceId) or path (any request); optionally a method (with path) and a fraction.',
      properties: {
        referenceId: { type: 'string', minLength: 1, maxLength: 100 },
        referenceIdPrefix: { type: 'string', minLength: 1, maxLength: 100 },
        referenceIdPattern: { type: 'string', format: 'regex', minLength: 1 },
        path: { type: 'string', pattern: '^/', description: 'A request path; `*` stands for one path segment (`/api/v2/sessions/*/status`). Matched case-insensitively.' },
        method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], description: 'With path: only this method.' },
        fraction: { type: 'number', exclusiveMinimum: 0, maximum: 1, description: 'The share of matching requests the scenario applies to, drawn from the seeded generator.' }
      },
      oneOf: [{ required: ['referenceId'] }, { required: ['referenceIdPrefix'] }, { required: ['referenceIdPattern'] }, { required: ['path'] }],
      dependencies: { method: ['path'] }
    },
    delayMs: { type: 'integer', minimum: 0, maximum: 120000, description: 'Answer this many real milliseconds late.' },
    error: errorSchema,
    dropConnection: { type: 'boolean', description: 'Close the connection without answering.' },
    lifecycle: lifecycleSchema
  },
  allOf: [
    { not: { required: ['error', 'lifecycle'] } },
    { not: { required: ['dropConnection', 'lifecycle'] } },
    { not: { required: ['error', 'dropConnection'] } },
    // A path scenario is a fault: it has no session to shape.
    { if: { properties: { match: { type: 'object', required: ['path'] } } }, then: { not: { required: ['lifecycle'] } } }
  ]
} as const

/** The JSON Schema of a scenario file; `scenarios/schema.json` is written from it. */
export const scenarioFileSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://flinks-mock.dev/scenarios/schema.json',
  title: 'flinks-mock scenario file',
  type: 'object',
  additionalProperties: false,
  required: ['scenarios'],
  properties: {
    $schema: { type: 'string' },
    scenarios: { type: 'array', items: scenarioSchema }
  }
} as const

/** A scenario as written in a file. */
export type Scenario = FromSchema<typeof scenarioSchema>
/** A scenario's session lifecycle. */
export type Lifecycle = FromSchema<typeof lifecycleSchema>
/** One step of a lifecycle's flow. */
export type FlowEntry = FromSchema<typeof flowEntrySchema>
/** A scenario's error outcome. */
export type ScenarioErrorOutcome = FromSchema<typeof errorSchema>
/** A scenario file. */
export type ScenarioFile = FromSchema<typeof scenarioFileSchema>
