/**
 * Where and why System.Text.Json stops reading a body that is not JSON. The UTF-8 bytes are walked
 * token by token as Utf8JsonReader.cs walks one final block with the options ASP.NET Core uses
 * (comments and trailing commas disallowed, depth 64), and the path is the one JsonSerializer's
 * ReadStack reports for that spot. Values are not parsed: this runs only once JSON.parse refused.
 */
import { code, printable, quote, scanPrimitive, scanString, type TokenScan } from './json-reader-tokens.js'

/** JsonReaderOptions.DefaultMaxDepth, which the serializer uses when MaxDepth is left at 0. */
export const maxDepth = 64

/** The first error Utf8JsonReader throws, with the serializer's path. */
export interface ReaderError {
  /** The reader's resource string, formatted: `'x' is an invalid start of a value.` */
  message: string
  /** Property names and array indexes from the root, as ReadStack.JsonPath walks its frames. */
  path: Array<string | number>
  lineNumber: number
  bytePositionInLine: number
}

// An open object or array. ReadStack names the property whose value is being read (cleared once
// the value is set) and, in a collection, indexes by the count of elements already added.
interface Frame {
  inObject: boolean
  name: string | undefined
  count: number
}

// What the last token leaves the reader expecting (Utf8JsonReader._tokenType, as far as it matters).
type Token = 'none' | 'startObject' | 'startArray' | 'propertyName' | 'value'

const slash = code('/')
const comma = code(',')
const colon = code(':')
const openBrace = code('{')
const closeBrace = code('}')
const openBracket = code('[')
const closeBracket = code(']')
const lineFeed = code('\n')
// JSON's white space (RFC 8259 section 2), the only bytes SkipWhiteSpace passes over.
const blanks = new Set(Array.from(' \t\r', code))

/** The first error System.Text.Json reports for `text`, or undefined when it reads the whole body. */
export function findReaderError(text: string): ReaderError | undefined {
  // The serializer's stream reading skips a UTF-8 byte order mark before the reader sees a byte.
  const bytes = Buffer.from(text.startsWith('\uFEFF') ? text.slice(1) : text)
  const end = bytes.length
  const byteAt = (i: number) => bytes.readUInt8(i)
  const document: Frame = { inObject: false, name: undefined, count: 0 }
  const frames: Frame[] = []
  const top = () => frames.at(-1) ?? document
  let consumed = 0
  let lineNumber = 0
  let position = 0
  let token: Token = 'none'

  const fail = (message: string): ReaderError => ({
    message,
    path: frames.flatMap((f): Array<string | number> => f.inObject ? (f.name === undefined ? [] : [f.name]) : [f.count]),
    lineNumber,
    bytePositionInLine: position
  })

  const skipWhiteSpace = () => {
    for (; consumed < end; consumed++) {
      const b = byteAt(consumed)
      if (b === lineFeed) {
        lineNumber++
        position = 0
      } else if (blanks.has(b)) {
        position++
      } else {
        return
      }
    }
  }

  // Strings never hold a raw line feed, so a token moves the position along its line only.
  const take = (scan: TokenScan): ReaderError | undefined => {
    position += scan.columns
    if ('error' in scan) return fail(scan.error)
    consumed = scan.next
    return undefined
  }

  // A whole value (string, number, literal, closed object or array) has been read and the serializer
  // has set it: its property is forgotten, or the element counted.
  const valueRead = (): undefined => {
    const frame = top()
    if (frame.inObject) frame.name = undefined
    else frame.count++
    token = 'value'
    return undefined
  }

  const open = (inObject: boolean): ReaderError | undefined => {
    if (frames.length >= maxDepth) {
      return fail(`The maximum configured depth of ${maxDepth} has been exceeded. Cannot read next JSON ${inObject ? 'object' : 'array'}.`)
    }
    frames.push({ inObject, name: undefined, count: 0 })
    consumed++
    position++
    token = inObject ? 'startObject' : 'startArray'
    return undefined
  }

  const close = (inObject: boolean): ReaderError | undefined => {
    if (top().inObject !== inObject) return fail(`'${inObject ? '}' : ']'}' is invalid without a matching open.`)
    frames.pop()
    consumed++
    position++
    return valueRead()
  }

  // ConsumeValue.
  const value = (b: number): ReaderError | undefined => {
    if (b === openBrace || b === openBracket) return open(b === openBrace)
    const scan = scanPrimitive(bytes, consumed, frames.length > 0)
    if (scan === undefined) return fail(`'${printable(b)}' is an invalid start of a value.`)
    return take(scan) ?? valueRead()
  }

  // ConsumePropertyName: the name, then the colon; only then does the serializer know the property.
  const propertyName = (): ReaderError | undefined => {
    const start = consumed
    const error = take(scanString(bytes, start))
    if (error) return error
    const name: string = JSON.parse(bytes.subarray(start, consumed).toString())
    skipWhiteSpace()
    if (consumed >= end) return fail('Expected a value, but instead reached end of data.')
    const b = byteAt(consumed)
    if (b !== colon) return fail(`'${printable(b)}' is invalid after a property name. Expected a ':'.`)
    consumed++
    position++
    top().name = name
    token = 'propertyName'
    return undefined
  }

  // ConsumeNextToken, after a value: a comma and what follows it, or the end of the container.
  const next = (b: number): ReaderError | undefined => {
    if (frames.length === 0) return fail(`'${printable(b)}' is invalid after a single JSON value. Expected end of data.`)
    if (b === closeBrace || b === closeBracket) return close(b === closeBrace)
    if (b !== comma) return fail(`'${printable(b)}' is invalid after a value. Expected either ',', '}', or ']'.`)
    consumed++
    position++
    if (consumed >= end) {
      // The reader steps back onto the comma to report this one.
      consumed--
      position--
      return fail('Expected start of a property name or value, but instead reached end of data.')
    }
    skipWhiteSpace()
    if (consumed >= end) return fail('Expected start of a property name or value, but instead reached end of data.')
    const first = byteAt(consumed)
    if (top().inObject) {
      if (first === closeBrace) return fail('The JSON object contains a trailing comma at the end which is not supported in this mode. Change the reader options.')
      if (first !== quote) return fail(`'${printable(first)}' is an invalid start of a property name. Expected a '"'.`)
      return propertyName()
    }
    if (first === closeBracket) return fail('The JSON array contains a trailing comma at the end which is not supported in this mode. Change the reader options.')
    return value(first)
  }

  // ReadSingleSegment, one token at a time. A slash is tried as the token after a value whatever
  // came before it, which is why '{/' is "invalid after a value".
  const read = (b: number): ReaderError | undefined => {
    if (token === 'none') return value(b)
    if (b === slash || token === 'value') return next(b)
    if (token === 'startObject') {
      if (b === closeBrace) return close(true)
      if (b !== quote) return fail(`'${printable(b)}' is an invalid start of a property name. Expected a '"'.`)
      return propertyName()
    }
    if (token === 'startArray' && b === closeBracket) return close(false)
    return value(b)
  }

  for (;;) {
    skipWhiteSpace()
    if (consumed >= end) {
      if (frames.length > 0) return fail('Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed.')
      if (token === 'none') return fail('The input does not contain any JSON tokens. Expected the input to start with a valid JSON token, when isFinalBlock is true.')
      return undefined
    }
    const error = read(byteAt(consumed))
    if (error) return error
  }
}
