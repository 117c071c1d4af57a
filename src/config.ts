import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { delimiter, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import type { FromSchema } from 'json-schema-to-ts'
import { LineCounter, parseDocument } from 'yaml'
import { didYouMean } from './did-you-mean.js'

// Each pattern of the schema, in words: a message shows these, never the regular expression.
const publicUrlPattern = '^https?://[^\\s/?#]+(/[^\\s?#]*)?$'
const patternWords: Record<string, string> = {
  '^[0-9]{3}$': 'must be 3 digits, e.g. 001',
  '^[0-9]{5}$': 'must be 5 digits, e.g. 00010',
  '^[0-9]{7,12}$': 'must be 7 to 12 digits, e.g. 1234567',
  '^https?://': 'must be an http(s) URL, e.g. https://example.test/webhooks',
  [publicUrlPattern]: 'must be an http(s) URL with no query or fragment, e.g. https://mock.example.test'
}

const accountSchema = {
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
  required: ['id', 'secret', 'products', 'defaultSettlementAccount', 'webhook', 'maximumEftAmount'],
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
    maximumEftAmount: { type: 'number', minimum: 0.01, maximum: 1000000000, default: 99999.99 }
  }
} as const

/** The default client, so that a newcomer needs no configuration at all. */
export const defaultClient = {
  id: 'flinks-mock-client',
  secret: 'flinks-mock-secret',
  products: [...products],
  defaultSettlementAccount: { institutionCode: '999', transitNumber: '00010', accountNumber: '1234567', accountLabel: 'flinks-mock settlement' },
  webhook: null,
  maximumEftAmount: 99999.99
}

/** The schema of the configuration: every setting, its type and its default. */
export const configSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'host', 'port', 'logLevel', 'bodyLimitBytes', 'tokenTtlSeconds', 'validationMode', 'scenarioDirs',
    'defaultScenarios', 'statusRequiresAuth', 'refusedCreateSpendsToken', 'sessionTimeoutSeconds', 'maxSessions', 'maxTokens', 'clients',
    'journalSize', 'webhookTimeoutMs', 'autoplay', 'errorBodies'
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

interface Setting {
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
  { key: 'maxSessions', flag: 'max-sessions', env: 'FLINKS_MOCK_MAX_SESSIONS', kind: 'integer', description: 'Sessions kept in memory; the oldest go first. Each takes about 0.8 KB of heap, about 1.9 KB of the process\'s memory (README, "Run the tests"): 1,000,000 take about 1.9 GB.' },
  { key: 'maxTokens', flag: 'max-tokens', env: 'FLINKS_MOCK_MAX_TOKENS', kind: 'integer', description: 'Tokens kept in memory; expired, then oldest, go first.' },
  { key: 'publicUrl', flag: 'public-url', env: 'FLINKS_MOCK_PUBLIC_URL', kind: 'string', description: 'Base URL of the hosted page in Interac-link e-mails, e.g. `https://mock.example.test`.', defaultText: 'the protocol and host of the request that created the session' },
  { key: 'clients', env: 'FLINKS_MOCK_CLIENTS', kind: 'json', description: 'The API clients, as a JSON array (see "Clients").', defaultText: 'one client, `flinks-mock-client` / `flinks-mock-secret`' },
  { key: 'seed', flag: 'seed', env: 'SEED', kind: 'string', description: 'Makes every generated id, token and account reproducible (see "Reproducible runs").', defaultText: 'none: random each run' },
  { key: 'adminToken', flag: 'admin-token', env: 'ADMIN_TOKEN', kind: 'string', description: 'When set, `/__admin` needs `Authorization: Bearer <token>` (or a client\'s Basic credentials, scoped to that client).', defaultText: 'none: the admin API is open' },
  { key: 'journalSize', flag: 'journal-size', env: 'FLINKS_MOCK_JOURNAL_SIZE', kind: 'integer', description: 'How many requests the journal keeps (the newest); 0 turns the journal off (load tests).' },
  { key: 'openapi', flag: 'openapi', env: 'FLINKS_MOCK_OPENAPI', kind: 'string', description: 'An OpenAPI 3.0 document (YAML or JSON) whose operations replace the shipped ones of the same method and path (see "A newer Flinks document").', defaultText: 'none: the shipped document' },
  { key: 'webhookTimeoutMs', flag: 'webhook-timeout', env: 'FLINKS_MOCK_WEBHOOK_TIMEOUT', kind: 'integer', description: 'How long a webhook delivery may take, in milliseconds.' },
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

/** A configuration that cannot be used; the message names the setting, its source and the fix. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

// verbose: errors carry the value and the schema at fault, for messages that quote and list them.
/** The options the configuration is validated with, by the build's copy of the validator too. */
export const configAjvOptions = { allErrors: false, useDefaults: true, coerceTypes: true, strict: true, verbose: true } as const

/** Where the build writes the configuration's validator as code (scripts/prebuild.mjs): dist/, from src/ or dist/ alike. */
export const configValidatorFile = fileURLToPath(new URL('../dist/config-validator.js', import.meta.url))

/** What the build's validator must be made from to be used: this schema and these options. */
export const configValidatorDigest = createHash('sha256').update(JSON.stringify([configSchema, configAjvOptions])).digest('hex')

/**
 * The configuration's validator: the build's standalone copy when made from this schema, which
 * spares start-up compiling it (about 40 ms), else compiled now.
 */
export async function loadConfigValidator(file: string = configValidatorFile): Promise<ValidateFunction> {
  try {
    const built = await import(pathToFileURL(file).href) as { digest: string, default: ValidateFunction }
    if (built.digest === configValidatorDigest) return built.default
  } catch {
    // No build yet (a checkout), or one that does not load: compiling is all it costs.
  }
  return new Ajv(configAjvOptions).compile(configSchema)
}

const validateConfig = await loadConfigValidator()

/** Where loadConfig reads from; all optional, so `loadConfig()` gives the defaults. */
export interface ConfigSources {
  argv?: string[]
  env?: Record<string, string | undefined>
  /** Values set by code (the embedding API), applied over everything else. */
  overrides?: Partial<Record<keyof Config, unknown>>
}

/** Merges defaults < config file < environment < flags < overrides, validates once, freezes. */
export function loadConfig(sources: ConfigSources = {}): Config {
  const { argv = [], env = {}, overrides = {} } = sources
  const origin = new Map<string, string>()
  const flags = readFlags(argv)
  const merged: Record<string, unknown> = {}

  const file = flags.get(configFileSetting.flag) ?? env[configFileSetting.env]
  if (typeof file === 'string') {
    for (const [key, value] of Object.entries(readConfigFile(file))) {
      merged[key] = value
      origin.set(key, `config file ${file}`)
    }
  }
  for (const setting of settings) {
    const raw = env[setting.env]
    if (raw !== undefined && raw !== '') {
      merged[setting.key] = fromText(setting, raw, `environment variable ${setting.env}`)
      origin.set(setting.key, `environment variable ${setting.env}`)
    }
  }
  for (const setting of settings) {
    const value = setting.flag === undefined ? undefined : flags.get(setting.flag)
    if (value === undefined) continue
    merged[setting.key] = Array.isArray(value) ? value : fromText(setting, value, `--${setting.flag}`)
    origin.set(setting.key, `--${setting.flag}`)
  }
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue
    // A copy: validation fills in defaults and the result is frozen, and neither may reach the caller's objects.
    merged[key] = structuredClone(value)
    origin.set(key, 'the options passed in code')
  }

  if (!validateConfig(merged)) throw new ConfigError(describeConfigError(validateConfig.errors?.[0] as ErrorObject, origin))
  const config = merged as unknown as Config
  checkClients(config, origin)
  return deepFreeze(config)
}

// A number after a flag that takes a value is its value (`--token-ttl -5`), not an option:
// parseArgs would call it ambiguous, and the schema says what is wrong with it.
const negativeNumber = /^-\d/

function readFlags(argv: string[]): Map<string, string | string[] | boolean> {
  const options: Record<string, { type: 'string' | 'boolean', multiple?: boolean }> = { [configFileSetting.flag]: { type: 'string' } }
  for (const s of settings) {
    if (s.flag === undefined) continue
    options[s.flag] = { type: s.kind === 'boolean' ? 'boolean' : 'string', ...(s.kind === 'list' ? { multiple: true } : {}) }
    if (s.kind === 'boolean') options[`no-${s.flag}`] = { type: 'boolean' }
  }
  const args: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    const next = argv[i + 1]
    if (options[arg.slice(2)]?.type === 'string' && arg.startsWith('--') && next !== undefined && negativeNumber.test(next)) {
      args.push(`${arg}=${next}`)
      i++
    } else {
      args.push(arg)
    }
  }
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>
  try {
    values = parseArgs({ args, options, strict: true, allowPositionals: false }).values
  } catch (error) {
    const { code, message } = error as Error & { code: string }
    const unknown = /^Unknown option '(-{1,2})([^']*)'/.exec(message)
    const hint = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown?.[1] === '--'
      ? didYouMean(unknown[2] as string, [...Object.keys(options), 'help', 'version'], name => `--${name}`)
      : ''
    throw new ConfigError(`${message.split('\n')[0]}${hint} (run with --help to see the flags)`)
  }
  const flags = new Map<string, string | string[] | boolean>()
  for (const [name, value] of Object.entries(values)) {
    if (name.startsWith('no-')) flags.set(name.slice(3), false)
    else flags.set(name, value as string | string[] | boolean)
  }
  return flags
}

function fromText(setting: Setting, raw: string | boolean, source: string): unknown {
  if (typeof raw === 'boolean') return raw
  switch (setting.kind) {
    case 'list':
      return raw.split(delimiter).filter(Boolean)
    case 'json':
      try {
        return JSON.parse(raw)
      } catch (error) {
        // The message does not quote the value: it may hold client secrets.
        throw new ConfigError(`${setting.key} (${source}) is not valid JSON: check its quoting (the value is not shown, it may hold secrets)`)
      }
    case 'boolean':
      if (/^(true|1|yes)$/i.test(raw)) return true
      if (/^(false|0|no)$/i.test(raw)) return false
      throw new ConfigError(`${setting.key} (${source}) must be true or false, not "${raw}"`)
    default:
      return raw
  }
}

// What the errors of node:fs that a path can cause mean, in words.
const fileErrors: Record<string, string> = {
  ENOENT: 'does not exist',
  EISDIR: 'is a directory, not a file',
  EACCES: 'cannot be read: permission denied',
  EPERM: 'cannot be read: permission denied'
}

function readConfigFile(file: string): Record<string, unknown> {
  const path = resolve(file)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    // Every error of node:fs has a code (ENOENT, EISDIR, EACCES, ERR_INVALID_ARG_VALUE...).
    const { code } = error as NodeJS.ErrnoException
    throw new ConfigError(`config file ${file} ${fileErrors[code as string] ?? `cannot be read (${code})`} (looked at ${path})`)
  }
  const counter = new LineCounter()
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false })
  const syntax = doc.errors[0]
  if (syntax) {
    const { line, col } = counter.linePos(syntax.pos[0])
    throw new ConfigError(`config file ${file} is not valid YAML or JSON: ${syntax.message.split('\n')[0]} (line ${line}, column ${col})`)
  }
  let value: unknown
  try {
    value = doc.toJS()
  } catch (error) {
    // toJS refuses to resolve an alias more than 100 times (yaml's guard against resource exhaustion).
    throw new ConfigError(`config file ${file} is refused by the YAML reader: ${(error as Error).message}`)
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`config file ${file} must hold an object of settings (see the README's configuration table)`)
  }
  // `$schema` points an editor at config.schema.json; it is no setting.
  const { $schema: _schema, ...settingsOfFile } = value as Record<string, unknown>
  return settingsOfFile
}

// Values never quoted in a message: they are, or may hold, secrets.
const secretKeys = new Set(['secret', 'adminToken'])

function describeConfigError(error: ErrorObject, origin: Map<string, string>): string {
  const segments = error.instancePath.split('/').slice(1)
  let path = segments.map((s, i) => (/^\d+$/.test(s) && i > 0 ? `[${s}]` : `${i > 0 ? '.' : ''}${s}`)).join('')
  const quotable = (error.data === null || typeof error.data !== 'object') && !segments.some(s => secretKeys.has(s))
  const shown = quotable ? `, got ${JSON.stringify(error.data)}` : ''
  // ajv words every error it reports (its `messages` option is on).
  let message = `${error.message as string}${shown}`
  if (error.keyword === 'additionalProperties') {
    const extra = String(error.params.additionalProperty)
    const known = Object.keys((error.parentSchema as { properties: object }).properties)
    path = path ? `${path}.${extra}` : extra
    message = `is not a known setting${didYouMean(extra, known)}; the known ones are ${known.join(', ')}`
  } else if (error.keyword === 'enum') {
    const allowed = (error.params.allowedValues as unknown[]).map(String)
    message = `must be one of ${allowed.join(', ')}${shown}${didYouMean(String(error.data), allowed)}`
  } else if (error.keyword === 'pattern') {
    // Every pattern of the schema has its words (a test walks the schema).
    message = `${patternWords[error.params.pattern as string] as string}${shown}`
  } else if (error.keyword === 'required') {
    // Every required setting has a default, so only a field inside one (a client's) can be missing.
    path = `${path}.${String(error.params.missingProperty)}`
    message = 'is required'
  }
  // The defaults are valid, so the value at fault came from a file, the environment, a flag or code.
  return `${path} (from ${origin.get(segments[0] ?? path)}) ${message}`
}

function checkClients(config: Config, origin: Map<string, string>): void {
  const seen = new Set<string>()
  for (const client of config.clients) {
    // The default is one client, so duplicates came from a source.
    if (seen.has(client.id)) throw new ConfigError(`clients (from ${origin.get('clients')}): the client id "${client.id}" appears twice; ids must be unique`)
    seen.add(client.id)
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}
