/**
 * Prometheus metrics, written by prom-client (the format's reference library for Node: escaping,
 * HELP/TYPE lines and content type as Prometheus reads them). The request path only increments
 * counters in Maps; prom-client reads them when /metrics is scraped.
 */
import type { Registry } from 'prom-client'
import { onFirstUse } from '../on-first-use.js'

// Loaded, and the registry made, at the first scrape: start-up does not wait for prom-client.
const promClient = onFirstUse<typeof import('prom-client')>('prom-client')

/** What the metrics count, and how they are written. */
export interface Metrics {
  /** Counts an answer to an operation (`none` for a request no operation matched). */
  recordRequest(operationId: string, status: number): void
  /** Counts a connection a scenario fault closed without an answer, by the operation it was for (`none` when no route matched). */
  recordDroppedConnection(operationId: string): void
  /** Counts a webhook delivery attempt by event and outcome (`2xx`, `non-2xx`, `no-answer`). */
  recordDelivery(event: string, outcome: string): void
  /** The metrics in Prometheus text format 0.0.4. */
  render(): Promise<string>
  readonly contentType: string
}

/** Creates the metrics; `sessionsByStatus` counts the stored sessions by status, called at scrape time. */
export function createMetrics(sessionsByStatus: () => Map<string, number>): Metrics {
  // Bounded: operations are the documents' (plus `none`), statuses are 3-digit codes.
  const requests = new Map<string, Map<number, number>>()
  const dropped = new Map<string, number>()
  const deliveries = new Map<string, number>()
  let made: Registry | undefined
  const registry = () => (made ??= registryOf(requests, dropped, deliveries, sessionsByStatus))
  return {
    recordRequest(operationId, status) {
      let byStatus = requests.get(operationId)
      if (byStatus === undefined) {
        byStatus = new Map()
        requests.set(operationId, byStatus)
      }
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1)
    },
    recordDroppedConnection(operationId) {
      dropped.set(operationId, (dropped.get(operationId) ?? 0) + 1)
    },
    recordDelivery(event, outcome) {
      const key = `${event} ${outcome}`
      deliveries.set(key, (deliveries.get(key) ?? 0) + 1)
    },
    render: () => registry().metrics(),
    get contentType() {
      return registry().contentType
    }
  }
}

/** The registry that writes the counts: prom-client reads them from the maps at each scrape. */
function registryOf(requests: Map<string, Map<number, number>>, dropped: Map<string, number>, deliveries: Map<string, number>, sessionsByStatus: () => Map<string, number>): Registry {
  const { Counter, Gauge, Registry } = promClient()
  const registry = new Registry()
  new Counter({
    name: 'flinks_mock_requests_total',
    help: 'Requests answered, by operation (operationId of the served documents, none when no route matched) and status.',
    labelNames: ['operation', 'status'],
    registers: [registry],
    collect() {
      this.reset()
      for (const [operation, byStatus] of requests) for (const [status, count] of byStatus) this.inc({ operation, status }, count)
    }
  })
  // Not in flinks_mock_requests_total, which counts answers: these requests got none.
  new Counter({
    name: 'flinks_mock_dropped_connections_total',
    help: 'Connections a scenario fault closed without an answer, by operation (operationId, none when no route matched).',
    labelNames: ['operation'],
    registers: [registry],
    collect() {
      this.reset()
      for (const [operation, count] of dropped) this.inc({ operation }, count)
    }
  })
  new Gauge({
    name: 'flinks_mock_sessions',
    help: 'Sessions held in memory, by status now (virtual clock).',
    labelNames: ['status'],
    registers: [registry],
    collect() {
      this.reset()
      for (const [status, count] of sessionsByStatus()) this.set({ status }, count)
    }
  })
  new Counter({
    name: 'flinks_mock_webhook_deliveries_total',
    help: 'Webhook delivery attempts, by event and outcome (2xx, non-2xx, no-answer).',
    labelNames: ['event', 'outcome'],
    registers: [registry],
    collect() {
      this.reset()
      for (const [key, count] of deliveries) {
        const [event, outcome] = key.split(' ') as [string, string]
        this.inc({ event, outcome }, count)
      }
    }
  })
  return registry
}
