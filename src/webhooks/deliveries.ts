/** The record of webhook deliveries, per client, newest kept. */

/** One delivery attempt. */
export interface WebhookDelivery {
  id: string
  clientId: string
  sessionId: string
  url: string
  event: 'SessionSetupStatusChanged'
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
export interface DeliveryLog {
  add(delivery: WebhookDelivery): void
  get(id: string, clientId?: string): WebhookDelivery | undefined
  list(clientId?: string): WebhookDelivery[]
  clear(clientId?: string): void
}

/** Creates a log keeping the newest `max` deliveries. */
export function createDeliveryLog(max: number): DeliveryLog {
  let deliveries: WebhookDelivery[] = []
  return {
    add(delivery) {
      deliveries.push(delivery)
      if (deliveries.length > max) deliveries = deliveries.slice(-max)
    },
    get: (id, clientId) => deliveries.find(d => d.id === id && (clientId === undefined || d.clientId === clientId)),
    list: clientId => deliveries.filter(d => clientId === undefined || d.clientId === clientId),
    clear(clientId) {
      deliveries = clientId === undefined ? [] : deliveries.filter(d => d.clientId !== clientId)
    }
  }
}
