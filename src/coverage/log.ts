/**
 * What each client did that coverage counts, since its last reset: a few counters per client,
 * keyed by small strings, and the one expectation per kind its last error answer set. Bounded:
 * clients are configured, and each keeps at most `maxKeysPerClient` counters.
 */

/** What the client is expected to do after an error answer (the latest of each kind). */
export interface Expectations {
  /** A 429 with Retry-After: the same operation again no earlier than `notBeforeMs` (virtual clock). */
  retryAfter?: { operationId: string, notBeforeMs: number }
  /** A 401 for this token: a new token (Authorize) next, not the same token again. */
  refusedToken?: string
  /** A 400 for this body: not the same body to the same operation again. */
  badRequest?: { operationId: string, body: string }
}

/** One client's record: counters by operation and status, other counters by case id, expectations. */
export interface ClientCoverage {
  /** Responses received, by operationId, then status. */
  operations: Map<string, Map<number, number>>
  /** Everything else, by case id (`scenario:Happy1`, `behaviour:...:violated`). */
  counts: Map<string, number>
  expectations: Expectations
}

/** The coverage records of every client: the interface a shared store can implement later. */
export interface CoverageLog {
  /** Counts a response of an operation received by a client. */
  recordResponse(clientId: string, operationId: string, status: number): void
  /** Counts a case met by a client. */
  record(clientId: string, key: string): void
  /** The client's live record (created empty), whose expectations the observer reads and sets. */
  expectationsOf(clientId: string): Expectations
  /** The records of a client, or of every client (undefined). */
  snapshot(clientId?: string): ClientCoverage[]
  /** Forgets a client's record, or all. */
  clear(clientId?: string): void
}

/** The most counters a client keeps; past it, new keys are not counted (a user's odd statuses, say). */
export const maxKeysPerClient = 4096

const emptyRecord = (): ClientCoverage => ({ operations: new Map(), counts: new Map(), expectations: {} })

/** Creates an in-memory coverage log. */
export function createCoverageLog(): CoverageLog {
  const clients = new Map<string, ClientCoverage & { keys: number }>()
  const of = (clientId: string) => {
    let record = clients.get(clientId)
    if (record === undefined) {
      record = { ...emptyRecord(), keys: 0 }
      clients.set(clientId, record)
    }
    return record
  }
  return {
    recordResponse(clientId, operationId, status) {
      const record = of(clientId)
      let byStatus = record.operations.get(operationId)
      if (byStatus === undefined) {
        if (record.keys >= maxKeysPerClient) return
        record.keys++
        byStatus = new Map()
        record.operations.set(operationId, byStatus)
      }
      const count = byStatus.get(status)
      if (count !== undefined) return void byStatus.set(status, count + 1)
      if (record.keys >= maxKeysPerClient) return
      record.keys++
      byStatus.set(status, 1)
    },
    record(clientId, key) {
      const record = of(clientId)
      const count = record.counts.get(key)
      if (count !== undefined) return void record.counts.set(key, count + 1)
      if (record.keys >= maxKeysPerClient) return
      record.keys++
      record.counts.set(key, 1)
    },
    expectationsOf: clientId => of(clientId).expectations,
    snapshot(clientId) {
      if (clientId === undefined) return [...clients.values()]
      const record = clients.get(clientId)
      return record === undefined ? [] : [record]
    },
    clear(clientId) {
      if (clientId === undefined) clients.clear()
      else clients.delete(clientId)
    }
  }
}
