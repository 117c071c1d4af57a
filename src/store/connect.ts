/** Opens the connection to the configured Redis store, or says in one line why it cannot. */
import { once } from 'node:events'
import type { Redis } from 'ioredis'
import { redisOptions } from './redis.js'

/** The store named by the configuration does not answer at start-up. */
export class StoreError extends Error {
  override name = 'StoreError'
}

/** How long start-up waits for Redis to answer. */
export const connectTimeoutMs = 2000

/** The store URL with any password masked, for messages and logs. */
export function shownUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, (_all, auth: string) => `//${auth.includes(':') ? `${auth.split(':')[0]}:***` : '***'}@`)
}

/** Connects to Redis at `url`; rejects with a StoreError naming the URL and the reason when it cannot. */
export async function connectRedis(url: string): Promise<Redis> {
  // Loaded here, with a Redis store only: ioredis takes about 70 ms to load, a seventh of the start-up budget.
  const { Redis } = await import('ioredis')
  const redis = new Redis(url, redisOptions())
  // While serving, errors are answered by the requests (503), not thrown.
  redis.on('error', () => undefined)
  // The reason is the first error event (ECONNREFUSED, ENOTFOUND, a refused SELECT), where
  // connect() only says the connection closed; or none at all from a server that never answers.
  const failure = once(redis, 'error', { signal: AbortSignal.timeout(connectTimeoutMs) }).then(
    ([error]) => Promise.reject(error as Error),
    () => Promise.reject(new Error(`no answer within ${connectTimeoutMs} ms`))
  )
  try {
    await Promise.race([redis.connect().then(() => redis.ping(), () => failure), failure])
    return redis
  } catch (error) {
    redis.disconnect()
    throw new StoreError(`cannot reach the store at ${shownUrl(url)}: ${(error as Error).message}`)
  }
}
