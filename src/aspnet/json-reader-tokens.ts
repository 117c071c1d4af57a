/**
 * Strings, numbers and literals, checked byte by byte as Utf8JsonReader.cs checks them in one final
 * block (ConsumeString, TryGetNumber, ConsumeLiteral), with the reader's own messages and the
 * distance its BytePositionInLine moves before it stops. No value is converted.
 */

/** How far a token reaches (`next` is the byte after it), or why the reader stops inside it. */
export type TokenScan = { next: number, columns: number } | { error: string, columns: number }

/** The byte of a one-character ASCII string. */
export const code = (c: string) => c.charCodeAt(0)
export const quote = code('"')
const backslash = code('\\')
const minus = code('-')
const plus = code('+')
const dot = code('.')
const zero = code('0')
const space = code(' ')
const u = code('u')
const exponents = new Set(Array.from('eE', code))
// JsonConstants.Delimiters: the bytes that may end a number.
const delimiters = new Set(Array.from(',}] \n\r\t/', code))
// JsonConstants.EscapableChars; the backslash itself is handled on its own.
const escapable = new Set(Array.from('"nrt/ubf', code))
const literals = new Map(['true', 'false', 'null'].map(word => [code(word), word]))

const isDigit = (b: number) => b >= zero && b <= code('9')
const isHex = (b: number) => /[0-9A-Fa-f]/.test(String.fromCharCode(b))

/** ThrowHelper.GetPrintableString: printable ASCII as itself, any other byte as 0xNN. */
export function printable(b: number): string {
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `0x${b.toString(16).toUpperCase().padStart(2, '0')}`
}

const endOfString = 'Expected end of string, but instead reached end of data.'
const digitAtEnd = "Expected a digit ('0'-'9'), but instead reached end of data."
const endOfNumber = (b: number) => `'${printable(b)}' is an invalid end of a number. Expected a delimiter.`

/** ConsumeString and ConsumeStringAndValidate, from the opening quote at `start`. */
export function scanString(bytes: Buffer, start: number): TokenScan {
  const end = bytes.length
  const at = (i: number) => bytes.readUInt8(i)
  let i = start + 1
  while (i < end && at(i) !== quote && at(i) !== backslash && at(i) >= space) i++
  if (i >= end) return { error: endOfString, columns: end - start }
  if (at(i) === quote) return { next: i + 1, columns: i + 1 - start }
  // A backslash or a control character: the rest is walked one byte at a time, as the reader does.
  let columns = i - start
  let escaped = false
  for (; i < end; i++) {
    const b = at(i)
    if (b === quote && !escaped) return { next: i + 1, columns: columns + 1 }
    if (b === backslash) {
      escaped = !escaped
    } else if (escaped) {
      if (!escapable.has(b)) return { error: `'${printable(b)}' is an invalid escapable character within a JSON string. The string should be correctly escaped.`, columns }
      if (b === u) {
        // Four hex digits: a bad one is named where it stands; the position passes only the first three.
        columns++
        for (let k = 1; k <= 4; k++) {
          if (i + k >= end) return { error: endOfString, columns }
          const h = at(i + k)
          if (!isHex(h)) return { error: `'${printable(h)}' is not a hex digit following '\\u' within a JSON string. The string should be correctly escaped.`, columns }
          if (k < 4) columns++
        }
        i += 4
      }
      escaped = false
    } else if (b < space) {
      return { error: `'${printable(b)}' is invalid within a JSON string. The string should be correctly escaped.`, columns }
    }
    columns++
  }
  return { error: endOfString, columns }
}

// TryGetNumber, from the first byte at `start`; each error names the byte where the number went
// wrong. Inside an object or array (ConsumeNumber), a number may not end the data.
function scanNumber(bytes: Buffer, start: number, inContainer: boolean): TokenScan {
  const end = bytes.length
  const at = (i: number) => bytes.readUInt8(i)
  let i = start
  const wrong = (error: string): TokenScan => ({ error, columns: i - start })
  const done = (): TokenScan => i >= end && inContainer ? { error: endOfNumber(at(i - 1)), columns: i - start } : { next: i, columns: i - start }
  const delimited = () => i >= end || delimiters.has(at(i))
  const digits = () => {
    while (i < end && isDigit(at(i))) i++
  }
  // Utf8JsonReader words a missing exponent digit as one missing after a sign, sign or not.
  const signed = () => {
    if (i >= end) return wrong(digitAtEnd)
    return isDigit(at(i)) ? undefined : wrong(`'${printable(at(i))}' is invalid within a number, immediately after a sign character ('+' or '-'). Expected a digit ('0'-'9').`)
  }

  if (at(i) === minus) {
    i++
    const error = signed()
    if (error) return error
  }
  const leadingZero = at(i) === zero
  i++
  if (!leadingZero) digits()
  if (delimited()) return done()
  let b = at(i)
  if (b !== dot && !exponents.has(b)) {
    return wrong(leadingZero && isDigit(b) ? `Invalid leading zero before '${printable(b)}'.` : endOfNumber(b))
  }
  if (b === dot) {
    i++
    if (i >= end) return wrong(digitAtEnd)
    if (!isDigit(at(i))) return wrong(`'${printable(at(i))}' is invalid within a number, immediately after a decimal point ('.'). Expected a digit ('0'-'9').`)
    digits()
    if (delimited()) return done()
    b = at(i)
    if (!exponents.has(b)) return wrong(`'${printable(b)}' is an invalid end of a number. Expected 'E' or 'e'.`)
  }
  i++
  if (i < end && (at(i) === plus || at(i) === minus)) i++
  const error = signed()
  if (error) return error
  digits()
  if (delimited()) return done()
  return wrong(endOfNumber(at(i)))
}

// ConsumeLiteral: a misspelt literal is quoted with everything after it, to the end of the data.
function scanLiteral(bytes: Buffer, start: number, word: string): TokenScan {
  for (let i = 1; i < word.length; i++) {
    if (start + i >= bytes.length || bytes.readUInt8(start + i) !== word.charCodeAt(i)) {
      return { error: `'${bytes.subarray(start).toString()}' is an invalid JSON literal. Expected the literal '${word}'.`, columns: i }
    }
  }
  return { next: start + word.length, columns: word.length }
}

/** The string, number or literal that starts at `start`, or undefined when no value starts there. */
export function scanPrimitive(bytes: Buffer, start: number, inContainer: boolean): TokenScan | undefined {
  const b = bytes.readUInt8(start)
  if (b === quote) return scanString(bytes, start)
  if (isDigit(b) || b === minus) return scanNumber(bytes, start, inContainer)
  const word = literals.get(b)
  return word === undefined ? undefined : scanLiteral(bytes, start, word)
}
