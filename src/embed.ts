/** The embedding API: start a mock from a test, in-process, in one call. */
import { createClock, type Clock, type ClockRegistry } from './clock.js'
import { ConfigError, loadConfig, type ConfigInput } from './config.js'
import type { JournalEntry, JournalFilter } from './journal.js'
import { buildServer, type FlinksMockServer } from './server.js'
import { resetState } from './state.js'
import { coverageOf } from './coverage/coverage-of.js'
import type { CoverageReport } from './coverage/report.js'
import type { OutboxMessage } from './sessions/outbox.js'
import type { WebhookDelivery } from './webhooks/deliveries.js'

/** Options of startFlinksMock: any setting of the configuration table, plus a few conveniences. */
export interface StartOptions extends Omit<ConfigInput, 'scenarioDirs'> {
  /** Directories of scenario files (added to the shipped ones unless `defaultScenarios: false`). */
  scenarios?: string | string[]
  /** Freezes the clock at this instant (ISO 8601 or a Date); by default the clock follows real time. */
  frozenAt?: string | Date
}

/** A running mock. */
export interface FlinksMock {
  /** The base URL to give your Flinks client: `http://127.0.0.1:<port>`. */
  url: string
  /** The virtual clock: `advance(seconds)`, `freeze()`, `unfreeze()`, `now()`. */
  clock: Clock
  /** Every clock: `clocks.create(clientId)` gives a client its own, `clocks.of(clientId)` is the one it reads, `clocks.drop(clientId)` puts it back on the shared one. */
  clocks: ClockRegistry
  /** Forgets one client's state, or everything (clock and seeded ids included); resolves once the store has forgotten it too. */
  reset(clientId?: string): Promise<void>
  /**
   * The request journal, oldest first, filtered like GET /__admin/requests. With a Redis store,
   * this and the two readers below show what this process holds: ask /__admin for the shared lists.
   */
  requests(filter?: JournalFilter): JournalEntry[]
  /** The Interac request e-mails the mock would have sent. */
  outbox(clientId?: string): OutboxMessage[]
  /** Webhook deliveries; `await mock.webhooksSettled()` first to see those in flight. */
  webhooks(clientId?: string): WebhookDelivery[]
  /** Resolves when no webhook delivery is in flight. */
  webhooksSettled(): Promise<void>
  /** The integration coverage of a client (or of all) since its last reset; `checkCoverage(report, rules)` says what is missing. */
  coverage(clientId?: string): CoverageReport
  /** The Fastify instance, for `inject` and anything else; its state is `app.mock`. */
  app: FlinksMockServer
  /** Stops the server. */
  close(): Promise<void>
}

/** Starts a mock on 127.0.0.1 (a free port unless `port` is given), logs silent unless `logLevel` is set. */
export async function startFlinksMock(options: StartOptions = {}): Promise<FlinksMock> {
  const { scenarios, frozenAt, ...settings } = options
  const config = loadConfig({
    overrides: {
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent',
      ...settings,
      ...(scenarios === undefined ? {} : { scenarioDirs: Array.isArray(scenarios) ? scenarios : [scenarios] })
    }
  })
  const at = frozenAt === undefined ? undefined : new Date(frozenAt).getTime()
  if (at !== undefined && Number.isNaN(at)) throw new ConfigError(`frozenAt (from the options passed in code) is not a date: ${String(frozenAt)}`)
  // The first reading is exactly `at` (the freeze makes it); later ones move on with real time.
  let origin: number | undefined
  const clock = at === undefined
    ? createClock()
    : createClock(() => {
      const now = Date.now()
      origin ??= now
      return at + (now - origin)
    })
  if (at !== undefined) clock.freeze()
  const app = await buildServer(config, { clock })
  await app.listen({ port: config.port, host: config.host })
  const state = app.mock
  return {
    url: app.listeningOrigin,
    clock,
    clocks: state.clocks,
    reset: async clientId => resetState(state, clientId),
    requests: filter => state.journal.list(filter),
    outbox: clientId => state.outbox.list(clientId),
    webhooks: clientId => state.deliveries.list(clientId),
    webhooksSettled: () => state.webhooks.settled(),
    coverage: clientId => coverageOf(state, clientId),
    app,
    close: () => app.close()
  }
}
