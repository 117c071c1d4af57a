import { createHash, timingSafeEqual } from 'node:crypto'
import type { ClientConfig } from '../config.js'

/** The configured API clients, looked up by id; secrets are compared in constant time. */
export interface ClientRegistry {
  /** The client these credentials belong to, or undefined when the id or the secret is wrong. */
  verify(id: string, secret: string): ClientConfig | undefined
  /** The client with this id. */
  get(id: string): ClientConfig | undefined
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest()

/** Builds the registry from the configured clients. */
export function createClientRegistry(clients: readonly ClientConfig[]): ClientRegistry {
  const byId = new Map(clients.map(client => [client.id, { client, secret: digest(client.secret) }]))
  // Compared even for an unknown id, so that timing does not tell which ids exist.
  const nobody = digest('\u0000no client\u0000')
  return {
    verify(id, secret) {
      const entry = byId.get(id)
      const matches = timingSafeEqual(digest(secret), entry?.secret ?? nobody)
      return entry !== undefined && matches ? entry.client : undefined
    },
    get: id => byId.get(id)?.client
  }
}
