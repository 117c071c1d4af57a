/** The request journal: what each client sent and what the mock answered, newest kept. */
import { createClientLog } from './client-log.js'

/** One journaled exchange. */
export interface JournalEntry {
  /** Sequence number, from 1 (reproducible, unlike a random id). */
  id: number
  /** When the request came, by the virtual clock (ISO 8601). */
  at: string
  method: string
  path: string
  query: Record<string, string>
  /** Request headers, credentials redacted (the scheme kept), `host` left out (it holds the port). */
  headers: Record<string, string>
  /** The body as sent: parsed JSON, form fields, text, or null; secret fields redacted. */
  body: unknown
  response: { status: number, contentType: string | null, body: unknown }
  clientId: string | null
  referenceId: string | null
  sessionId: string | null
  scenario: string | null
}

/** What to select from the journal; every field optional, all given fields must match. */
export interface JournalFilter {
  /** A path prefix, compared case-insensitively. */
  path?: string
  method?: string
  status?: number
  clientId?: string
  referenceId?: string
  sessionId?: string
}

/** An exchange as the journal is given it: an entry without its number. */
export type Exchange = Omit<JournalEntry, 'id'>

/** The journal. */
export interface Journal {
  /** False when the configured size is 0: nothing is recorded. */
  readonly enabled: boolean
  record(entry: Exchange): void
  /** Records an exchange of `clientId` whose entry `pending.build()` makes when the journal is first read, off the request's path. */
  recordLater(clientId: string | null, pending: { build(): Exchange }): void
  /** Matching entries, oldest first. */
  list(filter?: JournalFilter): JournalEntry[]
  count(filter?: JournalFilter): number
  /** Forgets a client's entries, or all (and restarts the numbering). */
  clear(clientId?: string): void
  /** Replaces the entries with these, numbered already (the shared journal, read from the Redis store). */
  restore(entries: JournalEntry[]): void
}

function matches(entry: JournalEntry, filter: JournalFilter): boolean {
  return (filter.path === undefined || entry.path.toLowerCase().startsWith(filter.path.toLowerCase())) &&
    (filter.method === undefined || entry.method === filter.method.toUpperCase()) &&
    (filter.status === undefined || entry.response.status === filter.status) &&
    (filter.clientId === undefined || entry.clientId === filter.clientId) &&
    (filter.referenceId === undefined || entry.referenceId === filter.referenceId) &&
    (filter.sessionId === undefined || entry.sessionId === filter.sessionId)
}

// An entry as kept: built, or still what builds it (dropped once it has).
interface Kept {
  id: number
  clientId: string | null
  pending?: { build(): Exchange }
  entry?: JournalEntry
}

function entryOf(kept: Kept): JournalEntry {
  if (kept.entry === undefined) {
    kept.entry = { id: kept.id, ...(kept.pending as { build(): Exchange }).build() }
    delete kept.pending
  }
  return kept.entry
}

/** Creates a journal keeping the newest `size` entries. */
export function createJournal(size: number): Journal {
  const entries = createClientLog<Kept>(size)
  let next = 1
  const list = (filter: JournalFilter = {}) => entries.list(filter.clientId).map(entryOf).filter(e => matches(e, filter))
  return {
    enabled: size > 0,
    record(entry) {
      if (size > 0) entries.record({ id: next++, clientId: entry.clientId, entry: { id: next - 1, ...entry } })
    },
    recordLater(clientId, pending) {
      if (size > 0) entries.record({ id: next++, clientId, pending })
    },
    list,
    count: filter => list(filter).length,
    clear(clientId) {
      entries.clear(clientId)
      if (clientId === undefined) next = 1
    },
    restore(list) {
      entries.clear()
      for (const entry of list) entries.record({ id: entry.id, clientId: entry.clientId, entry })
      next = (list.at(-1)?.id ?? 0) + 1
    }
  }
}
