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

/** How many accepted credentials are remembered, so that a client authorizing again is not hashed again. */
export const verifiedCacheSize = 256

/** Remembers accepted credentials in `cache`, bounded to verifiedCacheSize, the oldest going first. */
export function rememberAccepted<K>(cache: Map<K, ClientConfig>, key: K, client: ClientConfig): void {
  if (cache.size >= verifiedCacheSize) cache.delete(cache.keys().next().value as K)
  cache.set(key, client)
}

/** Builds the registry from the configured clients. */
export function createClientRegistry(clients: readonly ClientConfig[]): ClientRegistry {
  const byId = new Map(clients.map(client => [client.id, { client, secret: digest(client.secret) }]))
  // Compared even for an unknown id, so that timing does not tell which ids exist.
  const nobody = digest('\u0000no client\u0000')
  // Accepted credentials only (SHA-256 on every authorize was a tenth of its cost, issue 11): a
  // wrong secret is always hashed and compared, and the cache is bounded, the oldest going first.
  const verified = new Map<string, ClientConfig>()
  return {
    verify(id, secret) {
      const key = `${id.length}:${id}${secret}`
      const known = verified.get(key)
      if (known !== undefined) return known
      const entry = byId.get(id)
      const matches = timingSafeEqual(digest(secret), entry?.secret ?? nobody)
      if (entry === undefined || !matches) return undefined
      rememberAccepted(verified, key, entry.client)
      return entry.client
    },
    get: id => byId.get(id)?.client
  }
}
