/** The command line: flags and environment to configuration, start, signals, exit codes. */
import { readFileSync } from 'node:fs'
import { setFlagsFromString } from 'node:v8'
import type { FastifyInstance } from 'fastify'
import { configFileSetting, ConfigError, defaultOf, loadConfig, settings, type Config } from './config.js'
import { DocumentError } from './openapi/document.js'
import { ScenarioError } from './scenarios/loader.js'
import { buildServer, redactedPaths, type FlinksMockServer } from './server.js'
import { StoreError } from './store/connect.js'
import { coverageCommand } from './coverage/command.js'

/** Exit code for a configuration or scenario file that cannot be used, or a store that does not answer. */
export const exitBadConfig = 2
/** How long a SIGTERM waits for requests in flight before cutting connections. */
export const closeGraceMs = 10000

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }

/** From this session cap up, the process keeps its heap tight (see keepHeapTight). */
export const tightHeapFromSessions = 250000

/**
 * V8 lets the old generation grow well past what survived its last full collection before it
 * collects again: with a million sessions stored, most of a gigabyte of garbage. A cap this large
 * asks for bounded memory, so the heap may grow by 20 % only (issue 11, bench/rss.mjs: 984 MB at
 * 1,000,000 sessions instead of 1,797 MB, at the same creates a second). Smaller caps keep V8's
 * own growth, which collects less often. A --heap-growing-percent given to node wins.
 */
export function keepHeapTight(config: Config, execArgv: readonly string[] = process.execArgv): boolean {
  if (config.maxSessions < tightHeapFromSessions || execArgv.some(arg => arg.startsWith('--heap-growing-percent'))) return false
  setFlagsFromString('--heap-growing-percent=20')
  return true
}

/** The --help text, written from the settings table. */
export function usage(): string {
  const lines = ['Usage: flinks-mock [options]', '', 'An in-memory mock of the Flinks Pay API.', '', 'Options (environment variable in brackets):']
  lines.push(`  --${configFileSetting.flag} FILE  a JSON or YAML file of settings [${configFileSetting.env}]`)
  for (const s of settings) {
    if (s.flag === undefined) continue
    const value = s.kind === 'boolean' ? ` (or --no-${s.flag})` : s.kind === 'list' ? ' DIR' : ' VALUE'
    lines.push(`  --${s.flag}${value}  ${s.description.replace(/`/g, '')} Default: ${defaultOf(s).replace(/`/g, '')}. [${s.env}]`)
  }
  lines.push('  --help, --version', '', 'flinks-mock coverage --min RULE ...: checks the integration coverage of a running mock (flinks-mock coverage --help).')
  return lines.join('\n')
}

/** What `main` writes to and how it ends the process; replaceable in tests. */
export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  exit: (code: number) => void
  isTTY: boolean
  /** Registers a one-time handler of SIGTERM or SIGINT. */
  onSignal: (signal: 'SIGTERM' | 'SIGINT', handler: () => void) => void
  /** What `coverage` reads the mock with (the global fetch unless given). */
  fetch?: typeof fetch
}

const processIo: CliIo = {
  stdout: text => process.stdout.write(`${text}\n`),
  stderr: text => process.stderr.write(`${text}\n`),
  exit: code => process.exit(code),
  isTTY: process.stdout.isTTY === true,
  onSignal: (signal, handler) => process.once(signal, handler)
}

function loggerFor(config: Config, isTTY: boolean) {
  const redact = { paths: redactedPaths, censor: '[redacted]' }
  // Pretty logs on a terminal, pino JSON everywhere else (containers, CI).
  return isTTY
    ? { level: config.logLevel, redact, transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } }
    : { level: config.logLevel, redact }
}

/** Starts the mock from flags and environment; resolves with the listening server, or exits 2 on bad configuration. */
export async function main(argv = process.argv.slice(2), env: Record<string, string | undefined> = process.env, io: CliIo = processIo): Promise<FastifyInstance | undefined> {
  if (argv[0] === 'coverage') {
    io.exit(await coverageCommand(argv.slice(1), env, { stdout: io.stdout, stderr: io.stderr, fetch: io.fetch ?? fetch }))
    return undefined
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(usage())
    return undefined
  }
  if (argv.includes('--version')) {
    io.stdout(packageJson.version)
    return undefined
  }
  let app: FlinksMockServer
  let config: Config
  try {
    config = loadConfig({ argv, env })
    keepHeapTight(config)
    app = await buildServer(config, { logger: loggerFor(config, io.isTTY) })
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ScenarioError || error instanceof DocumentError || error instanceof StoreError) {
      io.stderr(`flinks-mock: ${error.message}`)
      io.exit(exitBadConfig)
      return undefined
    }
    throw error
  }
  try {
    await app.listen({ host: config.host, port: config.port })
  } catch (error) {
    io.stderr(`flinks-mock: cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`)
    io.exit(1)
    return undefined
  }
  app.log.info({ clients: config.clients.map(c => c.id), scenarios: app.mock.scenarios.current.all.length, validationMode: config.validationMode, store: app.mock.store.kind }, 'flinks-mock is ready')

  let closing = false
  const stop = (signal: string) => {
    if (closing) return io.exit(1)
    closing = true
    app.log.info({ signal }, 'closing: finishing in-flight requests')
    // Fastify stops accepting connections and waits for the requests in flight; after
    // closeGraceMs the remaining connections are cut.
    const cut = setTimeout(() => app.server.closeAllConnections(), closeGraceMs)
    cut.unref()
    app.close().then(() => io.exit(0), () => io.exit(1))
  }
  io.onSignal('SIGTERM', () => stop('SIGTERM'))
  io.onSignal('SIGINT', () => stop('SIGINT'))
  return app
}
