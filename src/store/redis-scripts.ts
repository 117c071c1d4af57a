/**
 * The Lua scripts of the Redis store: each is one atomic step (Redis runs a script alone). Run by
 * ioredis as commands (EVALSHA, EVAL when Redis does not have the script cached yet).
 */
import type { Redis } from 'ioredis'
import type { TokenClaim } from './types.js'

/**
 * Lua that files `id` in the index KEYS[2] under the next number of KEYS[3], and past `cap` entries
 * drops the oldest with their keys (`prefix` .. id): the bound of sessions and of tokens.
 */
const indexAndTrim = (id: string, cap: string, prefix: string) => `redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[3]), ${id})
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(${cap})
if excess > 0 then
  local gone = redis.call('ZPOPMIN', KEYS[2], excess)
  for i = 1, #gone, 2 do redis.call('DEL', ${prefix} .. gone[i]) end
end`

// KEYS: session, index, seq. ARGV: expected version, JSON, id, cap, session key prefix.
const putSessionScript = `
local v = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if v ~= tonumber(ARGV[1]) then return -1 end
redis.call('HSET', KEYS[1], 'v', v + 1, 's', ARGV[2])
if v == 0 then
  ${indexAndTrim('ARGV[3]', 'ARGV[4]', 'ARGV[5]')}
end
return v + 1`

// KEYS: token, index, seq. ARGV: expiry, token value, cap, token key prefix.
const putTokenScript = `
redis.call('HSET', KEYS[1], 'e', ARGV[1])
${indexAndTrim('ARGV[2]', 'ARGV[3]', 'ARGV[4]')}
return 1`

// KEYS: token, the client's own clock. ARGV: the shared clock's now, real now. One token initiates
// one session (Authorize page): checked and held at once, on the client's own clock when it has one.
const claimTokenScript = `
local e = redis.call('HGET', KEYS[1], 'e')
if not e then return 'unknown' end
local now = tonumber(ARGV[1])
local clock = redis.call('HMGET', KEYS[2], 'o', 'f')
if clock[2] and clock[2] ~= '' then now = tonumber(clock[2])
elseif clock[1] then now = tonumber(ARGV[2]) + tonumber(clock[1]) end
if tonumber(e) <= now then return 'expired' end
if redis.call('HEXISTS', KEYS[1], 's') == 1 then return 'spent' end
redis.call('HSET', KEYS[1], 's', '')
return 'held'`

// KEYS: token. ARGV: session id, or nothing to give a held token back.
const settleTokenScript = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[1] then redis.call('HSET', KEYS[1], 's', ARGV[1])
elseif redis.call('HGET', KEYS[1], 's') == '' then redis.call('HDEL', KEYS[1], 's') end
return 1`

// KEYS: lock. ARGV: the holder's value. Deletes the lock only when it is still the holder's.
const unlockScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`

// KEYS: log, seq. ARGV: record JSON (without its number), cap. The member starts with the number: unique.
const appendScript = `
local seq = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], seq, seq .. ' ' .. ARGV[1])
local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[2])
if excess > 0 then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1) end
return seq`

// KEYS: a client's own clock. ARGV: offset, frozen at (or empty), the order it was given in. Kept when it exists.
const initClockScript = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'o', ARGV[1], 'f', ARGV[2], 'n', ARGV[3])
return 1`

// KEYS: a client's own clock. ARGV: offset, frozen at (or empty). A clock dropped meanwhile stays dropped.
const moveClockScript = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'o', ARGV[1], 'f', ARGV[2])
return 1`

/** The scripts, as commands of the connection. */
export interface Scripts {
  putSession(session: string, index: string, seq: string, version: number, json: string, id: string, cap: number, prefix: string): Promise<number>
  putToken(token: string, index: string, seq: string, expiresAtMs: number, value: string, cap: number, prefix: string): Promise<number>
  claimToken(token: string, clock: string, nowMs: number, realNowMs: number): Promise<TokenClaim>
  initClock(clock: string, offsetMs: number, frozenAtMs: number | '', order: number): Promise<number>
  moveClock(clock: string, offsetMs: number, frozenAtMs: number | ''): Promise<number>
  settleToken(token: string, ...sessionId: string[]): Promise<number>
  appendLog(log: string, seq: string, json: string, cap: number): Promise<number>
  unlock(lock: string, holder: string): Promise<number>
}

/** Defines the scripts on a connection and returns it typed with them. */
export function defineScripts(redis: Redis): Scripts {
  redis.defineCommand('putSession', { numberOfKeys: 3, lua: putSessionScript })
  redis.defineCommand('putToken', { numberOfKeys: 3, lua: putTokenScript })
  redis.defineCommand('claimToken', { numberOfKeys: 2, lua: claimTokenScript })
  redis.defineCommand('initClock', { numberOfKeys: 1, lua: initClockScript })
  redis.defineCommand('moveClock', { numberOfKeys: 1, lua: moveClockScript })
  redis.defineCommand('settleToken', { numberOfKeys: 1, lua: settleTokenScript })
  redis.defineCommand('appendLog', { numberOfKeys: 2, lua: appendScript })
  redis.defineCommand('unlock', { numberOfKeys: 1, lua: unlockScript })
  return redis as unknown as Scripts
}
