/** The record of webhook deliveries, per client, newest kept. */
import { createClientLog, type ClientLog } from '../client-log.js'

/** One delivery attempt. */
export interface WebhookDelivery {
  id: string
  clientId: string
  sessionId: string
  url: string
  /** The status webhook, or the guarantee webhook (`GuaranteeOffered`: flinks-mock's name, Flinks publishes none). */
  event: 'SessionSetupStatusChanged' | 'GuaranteeOffered'
  /** The raw body, exactly as signed and sent. */
  body: string
  /** The `X-Webhook-Signature` header value. */
  signature: string
  /** When it was sent, by the virtual clock. */
  at: string
  /** The receiver's HTTP status; null when it could not be reached (or the scenario dropped it). */
  status: number | null
  error: string | null
  durationMs: number
}

/** The deliveries. */
export interface DeliveryLog extends ClientLog<WebhookDelivery> {
  get(id: string, clientId?: string): WebhookDelivery | undefined
}

/** Creates a log keeping the newest `max` deliveries. */
export function createDeliveryLog(max: number): DeliveryLog {
  const log = createClientLog<WebhookDelivery>(max)
  // Assigned onto the log, not spread from it: a spread would freeze its `size` getter.
  return Object.assign(log, { get: (id: string, clientId?: string) => log.list(clientId).find(d => d.id === id) })
}
