/** The request journal: what each client sent and what the mock answered, newest kept. */
import { createRing } from './ring.js'
import { createTextRing, type TextSpan } from './text-ring.js'

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

/**
 * An exchange recorded to be built when the journal is first read (recordLater): what builds its
 * entry from the text recorded with it, and the fields the journal keeps it by (its number, its
 * client, its text's span, its entry once built). The object itself is what the journal holds, and
 * the one an entry pushed out hands back to hold the next: one object an exchange, made once and
 * used again (issue 11: with the journal on, objects made for each exchange lived through young
 * collections to be copied and promoted, and details reads spent twice the scavenging time).
 */
export abstract class PendingExchange implements TextSpan {
  /** Its number, set by the journal. */
  id = 0
  /** The client it is filed under. */
  clientId: string | null = null
  textStart = 0
  textBytes = 0
  /** Its entry, once built (set by the journal). */
  entry: JournalEntry | undefined = undefined
  abstract build(text: string): Exchange
}

/** The journal. */
export interface Journal {
  /** False when the configured size is 0: nothing is recorded. */
  readonly enabled: boolean
  record(entry: Exchange): void
  /**
   * Records an exchange whose entry `pending.build(text)` makes when the journal is first read, off
   * the request's path; `text` is `parts` joined, kept as bytes off the JavaScript heap until then
   * (text-ring.ts) and never joined on the way in. Returns the exchange this one pushed out, built
   * or not, for the caller to use again (one recorded built hands back nothing).
   */
  recordLater(pending: PendingExchange, parts?: readonly string[]): PendingExchange | undefined
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

/** An entry recorded built (record, restore): it has no text. */
class Kept implements TextSpan {
  textStart = 0
  textBytes = 0
  constructor (public id: number, public clientId: string | null, public entry: JournalEntry) {}
}

const noParts: readonly string[] = []

/** Creates a journal keeping the newest `size` entries. */
export function createJournal(size: number): Journal {
  const entries = createRing<Kept | PendingExchange>(size)
  const texts = createTextRing()
  let next = 1
  const entryOf = (kept: Kept | PendingExchange): JournalEntry => {
    kept.entry ??= { id: kept.id, ...(kept as PendingExchange).build(texts.read(kept)) }
    return kept.entry
  }
  // Keeps an entry; returns the one it pushed out, its text freed.
  const keep = (kept: Kept | PendingExchange): Kept | PendingExchange | undefined => {
    const evicted = entries.push(kept)
    if (evicted !== undefined) texts.release(evicted)
    return evicted
  }
  const list = (filter: JournalFilter = {}) => entries.toArray()
    .filter(kept => filter.clientId === undefined || kept.clientId === filter.clientId)
    .map(entryOf).filter(e => matches(e, filter))
  return {
    enabled: size > 0,
    record(entry) {
      if (size > 0) keep(new Kept(next, entry.clientId, { id: next++, ...entry }))
    },
    recordLater(pending, parts = noParts) {
      if (size <= 0) return undefined
      pending.id = next++
      pending.entry = undefined
      // Written before it is kept: should the ring grow, it moves the texts held, oldest first.
      texts.write(pending, parts, () => entries.toArray())
      const evicted = keep(pending)
      return evicted instanceof PendingExchange ? evicted : undefined
    },
    list,
    count: filter => list(filter).length,
    clear(clientId) {
      entries.retain(kept => clientId !== undefined && kept.clientId !== clientId)
      texts.compact(entries.toArray())
      if (clientId === undefined) next = 1
    },
    restore(list) {
      entries.retain(() => false)
      texts.compact([])
      for (const entry of list) keep(new Kept(entry.id, entry.clientId, entry))
      next = (list.at(-1)?.id ?? 0) + 1
    }
  }
}
