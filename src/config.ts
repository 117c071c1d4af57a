/** The configuration loader: defaults < config file < environment < flags < code, validated once and frozen. */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { delimiter, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type { ErrorObject, ValidateFunction } from 'ajv'
import { didYouMean } from './did-you-mean.js'
import { ajvPackage, yaml } from './on-first-use.js'
import { configFileSetting, configSchema, patternWords, settings, type Config, type Setting } from './config-schema.js'

export * from './config-schema.js'


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
  return new (ajvPackage().Ajv)(configAjvOptions).compile(configSchema)
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
  const { LineCounter, parseDocument } = yaml()
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
