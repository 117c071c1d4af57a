/**
 * Texts kept as UTF-8 bytes in one buffer, outside the JavaScript heap: the journal's text of each
 * exchange, its URL, request headers and bodies (issue 11). Kept as strings, the newest thousand bodies lived through young collections to be
 * copied and promoted, and the old generation they filled was then marked along with every stored
 * session; as bytes, the garbage collector neither copies nor marks them. Texts are written in
 * turn and freed oldest first, as in a ring; when the ring is full it grows, keeping only the texts
 * still held, so it stays about twice their size.
 */

/** Where a held text is: the holder's own fields, which the ring moves when it grows. */
export interface TextSpan {
  /** The text's first byte; 0 for the empty text, which takes no room. */
  textStart: number
  /** Its length in bytes: 0 for the empty text. */
  textBytes: number
}

/** The ring of texts. */
export interface TextRing {
  /**
   * Keeps `parts`, joined, as one text for `holder`, setting its span. `held` gives the spans still
   * held, oldest first, `holder` not yet among them: should the ring have to grow, it moves them.
   * (Written part by part, the text is not first joined into a new string.)
   */
  write(holder: TextSpan, parts: readonly string[], held: () => Iterable<TextSpan>): void
  /** The text of a span held. */
  read(span: TextSpan): string
  /** Frees a span: the oldest held (spans are freed in the order they were written). */
  release(span: TextSpan): void
  /** Keeps only these spans (oldest first), moved together; any other is forgotten. */
  compact(held: Iterable<TextSpan>): void
  /** Its size in bytes. */
  readonly capacity: number
}

/** The smallest ring, in bytes. */
export const minTextRingBytes = 64 * 1024

/** Creates an empty ring. */
export function createTextRing(): TextRing {
  let buffer = Buffer.allocUnsafeSlow(minTextRingBytes)
  // The texts held lie from `tail` to `head`; when the newest ones were written from the start
  // again (the end was too short), from `tail` to `wrapEnd`, then from 0 to `head`.
  let head = 0
  let tail = 0
  let wrapEnd = -1
  let count = 0

  /** Where `bytes` bytes fit, or -1. */
  const placeFor = (bytes: number): number => {
    if (wrapEnd >= 0) return tail - head >= bytes ? head : -1
    if (buffer.length - head >= bytes) return head
    if (tail < bytes) return -1
    wrapEnd = head
    return 0
  }

  const compact = (held: Iterable<TextSpan>, extra = 0): void => {
    const spans = [...held].filter(span => span.textBytes > 0)
    const live = spans.reduce((sum, span) => sum + span.textBytes, 0)
    let capacity = minTextRingBytes
    while (capacity < 2 * (live + extra)) capacity *= 2
    const next = Buffer.allocUnsafeSlow(capacity)
    let at = 0
    for (const span of spans) {
      buffer.copy(next, at, span.textStart, span.textStart + span.textBytes)
      span.textStart = at
      at += span.textBytes
    }
    buffer = next
    head = at
    tail = 0
    wrapEnd = -1
    count = spans.length
  }

  return {
    write(holder, parts, held) {
      holder.textStart = 0
      holder.textBytes = 0
      let chars = 0
      for (let i = 0; i < parts.length; i++) chars += (parts[i] as string).length
      if (chars === 0) return
      // A UTF-16 code unit takes at most 3 bytes in UTF-8.
      const most = chars * 3
      let at = count === 0 ? (most <= buffer.length ? 0 : -1) : placeFor(most)
      if (at === -1) {
        compact(held(), most)
        at = head
      }
      holder.textStart = at
      let end = at
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i] as string
        // An empty part (a read's request body) costs no call into the encoder.
        if (part !== '') end += buffer.write(part, end, 'utf8')
      }
      holder.textBytes = end - at
      head = end
      count++
    },
    read(span) {
      return span.textBytes === 0 ? '' : buffer.toString('utf8', span.textStart, span.textStart + span.textBytes)
    },
    release(span) {
      if (span.textBytes === 0) return
      count--
      if (count === 0) {
        head = 0
        tail = 0
        wrapEnd = -1
        return
      }
      tail = span.textStart + span.textBytes
      if (tail === wrapEnd) {
        tail = 0
        wrapEnd = -1
      }
    },
    compact,
    get capacity() {
      return buffer.length
    }
  }
}
