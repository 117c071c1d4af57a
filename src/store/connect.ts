/** Opens the connection to the configured Redis store, or says in one line why it cannot. */
import { Redis } from 'ioredis'
import { redisOptions } from './redis.js'

/** The store named by the configuration does not answer at start-up. */
export class StoreError extends Error {
  override name = 'StoreError'
}

/** The store URL with any password masked, for messages and logs. */
export function shownUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, (_all, auth: string) => `//${auth.includes(':') ? `${auth.split(':')[0]}:***` : '***'}@`)
}

/** Connects to Redis at `url`; rejects with a StoreError naming the URL and the reason when it cannot. */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, redisOptions())
  // Errors come as events too: while serving, the requests answer them (503); at start-up the
  // event holds the reason (ECONNREFUSED, ENOTFOUND) where connect() only says the connection closed.
  let reason: Error | undefined
  redis.on('error', (error: Error) => {
    reason ??= error
  })
  try {
    await redis.connect()
    await redis.ping()
    return redis
  } catch (error) {
    redis.disconnect()
    throw new StoreError(`cannot reach the store at ${shownUrl(url)}: ${(reason ?? error as Error).message}`)
  }
}
