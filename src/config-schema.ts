/** The configuration's schema and its settings table: every setting, its type, default, flag and variable. */
import { delimiter } from 'node:path'
import type { FromSchema } from 'json-schema-to-ts'

// Each pattern of the schema, in words: a message shows these, never the regular expression.
const publicUrlPattern = '^https?://[^\\s/?#]+(/[^\\s?#]*)?$'
/** `memory`, or the URL of a Redis server (its database number optional). */
const storePattern = '^(memory|rediss?://[^\\s/?#]+(/[0-9]{1,2})?)$'
/** The patterns of a bank account, in words (the scenario files' accounts share them). */
export const accountPatternWords: Record<string, string> = {
  '^[0-9]{3}$': 'must be 3 digits, e.g. 001',
  '^[0-9]{5}$': 'must be 5 digits, e.g. 00010',
  '^[0-9]{7,12}$': 'must be 7 to 12 digits, e.g. 1234567'
}
/** Each pattern of the configuration's schema, in words. */
export const patternWords: Record<string, string> = {
  ...accountPatternWords,
  '^https?://': 'must be an http(s) URL, e.g. https://example.test/webhooks',
  [publicUrlPattern]: 'must be an http(s) URL with no query or fragment, e.g. https://mock.example.test',
  [storePattern]: 'must be memory or a Redis URL, e.g. redis://localhost:6379/0 (rediss:// for TLS)'
}

/** A Canadian bank account (GEFT field limits: institution 3 digits, transit 5, account 7 to 12). */
export const accountSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['institutionCode', 'transitNumber', 'accountNumber'],
  properties: {
    institutionCode: { type: 'string', pattern: '^[0-9]{3}$' },
    transitNumber: { type: 'string', pattern: '^[0-9]{5}$' },
    accountNumber: { type: 'string', pattern: '^[0-9]{7,12}$' },
    accountLabel: { type: 'string', maxLength: 100 }
  }
} as const

/** The products a client can have; `RegularEft` is the documented feature flag of regular EFT. */
export const products = ['e-Transfer', 'RegularEft', 'GEFT'] as const

const clientSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'secret', 'products', 'defaultSettlementAccount', 'webhook', 'maximumEftAmount', 'ownClock'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 200 },
    secret: { type: 'string', minLength: 1, maxLength: 500 },
    products: { type: 'array', uniqueItems: true, items: { enum: products }, default: [...products] },
    defaultSettlementAccount: { anyOf: [accountSchema, { type: 'null' }], default: null },
    webhook: {
      anyOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['url', 'secret'],
          properties: {
            url: { type: 'string', pattern: '^https?://' },
            secret: { type: 'string', minLength: 1 },
            // The sessions whose final status is sent; GEFT only when absent (the one product documented).
            products: { type: 'array', uniqueItems: true, items: { enum: products } }
          }
        },
        { type: 'null' }
      ],
      default: null
    },
    // "Up to $100,000, configurable per client" (GEFT setup guide); the published schema says 99,999.99.
    maximumEftAmount: { type: 'number', minimum: 0.01, maximum: 1000000000, default: 99999.99 },
    // Its own virtual clock from the start, and again after each reset (POST /__admin/clocks does it at run time).
    ownClock: { type: 'boolean', default: false }
  }
} as const

/** The default client, so that a newcomer needs no configuration at all. */
export const defaultClient = {
  id: 'flinks-mock-client',
  secret: 'flinks-mock-secret',
  products: [...products],
  defaultSettlementAccount: { institutionCode: '999', transitNumber: '00010', accountNumber: '1234567', accountLabel: 'flinks-mock settlement' },
  webhook: null,
  maximumEftAmount: 99999.99,
  ownClock: false
}

/** The schema of the configuration: every setting, its type and its default. */
export const configSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'host', 'port', 'logLevel', 'bodyLimitBytes', 'tokenTtlSeconds', 'validationMode', 'scenarioDirs',
    'defaultScenarios', 'statusRequiresAuth', 'refusedCreateSpendsToken', 'sessionTimeoutSeconds', 'maxSessions', 'maxTokens', 'clients',
    'journalSize', 'webhookTimeoutMs', 'autoplay', 'errorBodies', 'store'
  ],
  properties: {
    host: { type: 'string', minLength: 1, default: 'localhost' },
    port: { type: 'integer', minimum: 0, maximum: 65535, default: 8080 },
    logLevel: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
    bodyLimitBytes: { type: 'integer', minimum: 1, maximum: 104857600, default: 1048576 },
    tokenTtlSeconds: { type: 'integer', minimum: 1, maximum: 86400, default: 599 },
    validationMode: { enum: ['strict', 'aspnet'], default: 'strict' },
    errorBodies: { enum: ['problem', 'aspnet'], default: 'problem' },
    scenarioDirs: { type: 'array', items: { type: 'string', minLength: 1 }, default: [] },
    defaultScenarios: { type: 'boolean', default: true },
    statusRequiresAuth: { type: 'boolean', default: true },
    refusedCreateSpendsToken: { type: 'boolean', default: true },
    sessionTimeoutSeconds: { type: 'integer', minimum: 1, default: 1800 },
    maxSessions: { type: 'integer', minimum: 1, default: 10000 },
    maxTokens: { type: 'integer', minimum: 1, default: 10000 },
    clients: { type: 'array', minItems: 1, items: clientSchema, default: [defaultClient] },
    seed: { type: 'string', minLength: 1 },
    adminToken: { type: 'string', minLength: 8 },
    journalSize: { type: 'integer', minimum: 0, maximum: 1000000, default: 1000 },
    webhookTimeoutMs: { type: 'integer', minimum: 1, maximum: 60000, default: 5000 },
    autoplay: { type: 'boolean', default: false },
    store: { type: 'string', pattern: storePattern, maxLength: 2000, default: 'memory' },
    // Optional: without it, links are built from the request that created the session.
    publicUrl: { type: 'string', pattern: publicUrlPattern, maxLength: 2000 },
    // Optional: without it, the shipped document alone is served.
    openapi: { type: 'string', minLength: 1 }
  }
} as const

/** The validated, frozen configuration every module receives. */
export type Config = FromSchema<typeof configSchema>
/** A client as written by hand: id and secret, the rest has defaults. */
export type ClientInput = Pick<Config['clients'][number], 'id' | 'secret'> & Partial<Config['clients'][number]>
/** A configuration as written by hand: every setting may be left out (defaults apply). */
export type ConfigInput = Partial<Omit<Config, 'clients'>> & { clients?: ClientInput[] }
/** One configured API client (credentials, products, settlement account). */
export type ClientConfig = Config['clients'][number]

/** The products a client's webhook covers when its configuration names none: the event is documented for GEFT only. */
export const defaultWebhookProducts: readonly ClientConfig['products'][number][] = ['GEFT']

/** Whether the client has a webhook that covers sessions of this product. */
export function webhookCovers(client: ClientConfig | undefined, product: ClientConfig['products'][number]): boolean {
  const webhook = client?.webhook
  return webhook != null && (webhook.products ?? defaultWebhookProducts).includes(product)
}
/** A Canadian bank account: institution, transit and account number. */
export type BankAccount = FromSchema<typeof accountSchema>

/** One setting: its config-file key, flag, environment variable, kind and description. */
export interface Setting {
  key: keyof Config
  flag?: string
  env: string
  kind: 'string' | 'integer' | 'boolean' | 'list' | 'json'
  description: string
  /** The default in words, where the schema has none or its value says little. */
  defaultText?: string
}

/** Every setting that flags and environment variables reach; the README's table comes from here. */
export const settings: Setting[] = [
  { key: 'port', flag: 'port', env: 'PORT', kind: 'integer', description: 'TCP port to listen on (0 picks a free one).' },
  { key: 'host', flag: 'host', env: 'HOST', kind: 'string', description: 'Interface to listen on (`0.0.0.0` in a container).' },
  { key: 'logLevel', flag: 'log-level', env: 'LOG_LEVEL', kind: 'string', description: 'fatal, error, warn, info, debug, trace or silent.' },
  { key: 'tokenTtlSeconds', flag: 'token-ttl', env: 'FLINKS_MOCK_TOKEN_TTL', kind: 'integer', description: 'Lifetime of access tokens, in seconds (the docs say 599 in most places, 299 in others).' },
  { key: 'validationMode', flag: 'validation-mode', env: 'FLINKS_MOCK_VALIDATION_MODE', kind: 'string', description: '`strict` holds requests to the published document; `aspnet` binds as ASP.NET Core does.' },
  { key: 'errorBodies', flag: 'error-bodies', env: 'FLINKS_MOCK_ERROR_BODIES', kind: 'string', description: '`problem` answers every error of the Flinks API with a ProblemDetails; `aspnet` sends none where ASP.NET Core sends none (401, authorization 403, routing 404, 405).' },
  { key: 'scenarioDirs', flag: 'scenarios', env: 'FLINKS_MOCK_SCENARIOS', kind: 'list', description: `Directories of scenario files loaded after the defaults (flag repeatable; env separated by \`${delimiter}\`).` },
  { key: 'defaultScenarios', flag: 'default-scenarios', env: 'FLINKS_MOCK_DEFAULT_SCENARIOS', kind: 'boolean', description: 'Load the shipped scenarios (`--no-default-scenarios` or `false` to load only yours).' },
  { key: 'statusRequiresAuth', flag: 'status-requires-auth', env: 'FLINKS_MOCK_STATUS_REQUIRES_AUTH', kind: 'boolean', description: 'Whether GET .../status needs a bearer token (the docs disagree).' },
  { key: 'refusedCreateSpendsToken', flag: 'refused-create-spends-token', env: 'FLINKS_MOCK_REFUSED_CREATE_SPENDS_TOKEN', kind: 'boolean', description: 'Whether a create request that is refused (400, 403, 415, an error scenario, ...) spends its token as a created session does (the docs do not say; `--no-refused-create-spends-token` keeps it).' },
  { key: 'sessionTimeoutSeconds', flag: 'session-timeout', env: 'FLINKS_MOCK_SESSION_TIMEOUT', kind: 'integer', description: 'Seconds after which a session nobody finishes expires.' },
  { key: 'bodyLimitBytes', flag: 'body-limit', env: 'FLINKS_MOCK_BODY_LIMIT', kind: 'integer', description: 'Largest request body accepted, in bytes; larger ones get 413.' },
  { key: 'maxSessions', flag: 'max-sessions', env: 'FLINKS_MOCK_MAX_SESSIONS', kind: 'integer', description: 'Sessions kept in memory; the oldest go first. Each takes about 0.8 KB of heap, about 1 KB of the process\'s memory from 250,000 up (README, "Run the tests"): 1,000,000 take about 1 GB.' },
  { key: 'maxTokens', flag: 'max-tokens', env: 'FLINKS_MOCK_MAX_TOKENS', kind: 'integer', description: 'Tokens kept in memory; expired, then oldest, go first.' },
  { key: 'publicUrl', flag: 'public-url', env: 'FLINKS_MOCK_PUBLIC_URL', kind: 'string', description: 'Base URL of the hosted page in Interac-link e-mails, e.g. `https://mock.example.test`.', defaultText: 'the protocol and host of the request that created the session' },
  { key: 'clients', env: 'FLINKS_MOCK_CLIENTS', kind: 'json', description: 'The API clients, as a JSON array (see "Clients").', defaultText: 'one client, `flinks-mock-client` / `flinks-mock-secret`' },
  { key: 'seed', flag: 'seed', env: 'SEED', kind: 'string', description: 'Makes every generated id, token and account reproducible (see "Reproducible runs").', defaultText: 'none: random each run' },
  { key: 'adminToken', flag: 'admin-token', env: 'ADMIN_TOKEN', kind: 'string', description: 'When set, `/__admin` needs `Authorization: Bearer <token>` (or a client\'s Basic credentials, scoped to that client).', defaultText: 'none: the admin API is open' },
  { key: 'journalSize', flag: 'journal-size', env: 'FLINKS_MOCK_JOURNAL_SIZE', kind: 'integer', description: 'How many requests the journal keeps (the newest); 0 turns the journal off (load tests).' },
  { key: 'openapi', flag: 'openapi', env: 'FLINKS_MOCK_OPENAPI', kind: 'string', description: 'An OpenAPI 3.0 document (YAML or JSON) whose operations replace the shipped ones of the same method and path (see "A newer Flinks document").', defaultText: 'none: the shipped document' },
  { key: 'webhookTimeoutMs', flag: 'webhook-timeout', env: 'FLINKS_MOCK_WEBHOOK_TIMEOUT', kind: 'integer', description: 'How long a webhook delivery may take, in milliseconds.' },
  { key: 'store', flag: 'store', env: 'FLINKS_MOCK_STORE', kind: 'string', description: 'Where the state lives: `memory` (one process), or a Redis URL `redis://host:port/db` (`rediss://` for TLS) shared by every replica (see "Running several replicas").' },
  { key: 'autoplay', flag: 'autoplay', env: 'FLINKS_MOCK_AUTOPLAY', kind: 'boolean', description: 'A simulated payor walks every scenario\'s flow on the virtual clock, the sandbox scenarios (`Happy1`...) included, which otherwise wait for a payor to log in (CI without a browser).' }
]

/** The default of a setting in words, code in backticks: `8080`, `info`, none. */
export function defaultOf(setting: Setting): string {
  if (setting.defaultText !== undefined) return setting.defaultText
  const value: unknown = (configSchema.properties[setting.key] as { default?: unknown }).default
  return Array.isArray(value) && value.length === 0 ? 'none' : `\`${String(value)}\``
}

/** The flag and variable that name a configuration file (JSON or YAML). */
export const configFileSetting = { flag: 'config', env: 'FLINKS_MOCK_CONFIG' } as const
