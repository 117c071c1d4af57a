import t from 'tap'
import { findReaderError, maxDepth } from '../../src/aspnet/json-reader-errors.js'

/** What Utf8JsonReader throws, with the path JsonSerializer's ReadStack gives it. */
const stop = (message: string, path: Array<string | number>, lineNumber: number, bytePositionInLine: number) => ({ message, path, lineNumber, bytePositionInLine })

const endOfString = 'Expected end of string, but instead reached end of data.'
const digitAtEnd = "Expected a digit ('0'-'9'), but instead reached end of data."
const afterSign = (c: string) => `'${c}' is invalid within a number, immediately after a sign character ('+' or '-'). Expected a digit ('0'-'9').`
const endOfNumber = (c: string) => `'${c}' is an invalid end of a number. Expected a delimiter.`
const propertyOrValueAtEnd = 'Expected start of a property name or value, but instead reached end of data.'

t.test('a body the reader reads to the end has no error', async t => {
  const bodies = [
    '{"a":[0, -0, -1, 1.5, 0.25, 2e10, 3E-2, 4e+1, 0e1, "s\\"\\u00e9\\n\\\\", true, false, null, {}, [], [[1]]], "b": {"c": {}}}',
    '0', '12', '-1.5', '1e5', '"a"', 'true', '  null\t\r\n', '[]', '{}'
  ]
  for (const body of bodies) t.equal(findReaderError(body), undefined, body)
})

t.test('a UTF-8 byte order mark is skipped before the reader sees a byte', async t => {
  t.equal(findReaderError('\uFEFF{"a":1}'), undefined)
  t.strictSame(findReaderError('\uFEFF{"a":x}'), stop("'x' is an invalid start of a value.", ['a'], 0, 5))
  t.strictSame(findReaderError('\uFEFF'), stop('The input does not contain any JSON tokens. Expected the input to start with a valid JSON token, when isFinalBlock is true.', [], 0, 0))
})

t.test('a single value is followed by nothing but white space', async t => {
  t.strictSame(findReaderError('x'), stop("'x' is an invalid start of a value.", [], 0, 0))
  t.strictSame(findReaderError('1 2'), stop("'2' is invalid after a single JSON value. Expected end of data.", [], 0, 2))
  t.strictSame(findReaderError('"a"\tx'), stop("'x' is invalid after a single JSON value. Expected end of data.", [], 0, 4))
})

t.test('a comma must be followed by a property name or a value', async t => {
  t.strictSame(findReaderError('[1,'), stop(propertyOrValueAtEnd, [1], 0, 2), 'reported on the comma when it ends the data')
  t.strictSame(findReaderError('[1, '), stop(propertyOrValueAtEnd, [1], 0, 4), 'reported after the white space that ends the data')
  t.strictSame(findReaderError('{"a":1,'), stop(propertyOrValueAtEnd, [], 0, 6))
})

t.test('a property name must be followed by a colon and a value', async t => {
  t.strictSame(findReaderError('{"a"'), stop('Expected a value, but instead reached end of data.', [], 0, 4))
  t.strictSame(findReaderError('{"a" '), stop('Expected a value, but instead reached end of data.', [], 0, 5))
  t.strictSame(findReaderError('{"a": '), stop('Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed.', ['a'], 0, 6))
})

t.test('a property name is unescaped in the path, and read as strictly as any string', async t => {
  t.strictSame(findReaderError('{"a\\u0020b":x}'), stop("'x' is an invalid start of a value.", ['a b'], 0, 12))
  t.strictSame(findReaderError('{"a\\x":1}'), stop("'x' is an invalid escapable character within a JSON string. The string should be correctly escaped.", [], 0, 4))
})

t.test('a closing bracket or brace must match the open container', async t => {
  t.strictSame(findReaderError('[1}'), stop("'}' is invalid without a matching open.", [1], 0, 2))
  t.strictSame(findReaderError('{"a":[1]]'), stop("']' is invalid without a matching open.", [], 0, 8))
})

t.test('a slash (comments are disallowed) is tried as the token after a value', async t => {
  t.strictSame(findReaderError('/'), stop("'/' is an invalid start of a value.", [], 0, 0))
  t.strictSame(findReaderError('{/'), stop("'/' is invalid after a value. Expected either ',', '}', or ']'.", [], 0, 1))
  t.strictSame(findReaderError('{"a":/'), stop("'/' is invalid after a value. Expected either ',', '}', or ']'.", ['a'], 0, 5))
  t.strictSame(findReaderError('[1,/'), stop("'/' is an invalid start of a value.", [1], 0, 3))
  t.strictSame(findReaderError('[1/'), stop("'/' is invalid after a value. Expected either ',', '}', or ']'.", [1], 0, 2), 'a slash ends a number')
})

t.test('strings', async t => {
  t.strictSame(findReaderError('"abc'), stop(endOfString, [], 0, 4))
  t.strictSame(findReaderError('"a\\'), stop(endOfString, [], 0, 3), 'an escape that ends the data')
  t.strictSame(findReaderError('"\\u12'), stop(endOfString, [], 0, 5), 'a \\u escape cut short by the end of the data')
  t.strictSame(findReaderError('"\\u0041\\u00e9" x'), stop("'x' is invalid after a single JSON value. Expected end of data.", [], 0, 15), 'each escape counts its bytes')
  t.strictSame(findReaderError('"a\\"b" x'), stop("'x' is invalid after a single JSON value. Expected end of data.", [], 0, 7), 'an escaped quote does not end the string')
  t.strictSame(findReaderError('"\\n\u0001"'), stop("'0x01' is invalid within a JSON string. The string should be correctly escaped.", [], 0, 3))
  t.strictSame(findReaderError('"\\\u0001"'), stop("'0x01' is an invalid escapable character within a JSON string. The string should be correctly escaped.", [], 0, 2))
  t.strictSame(findReaderError('["é\\q"]'), stop("'q' is an invalid escapable character within a JSON string. The string should be correctly escaped.", [0], 0, 5), 'positions count bytes')
})

t.test('numbers: each case of TryGetNumber', async t => {
  t.strictSame(findReaderError('-'), stop(digitAtEnd, [], 0, 1))
  t.strictSame(findReaderError('-x'), stop(afterSign('x'), [], 0, 1))
  t.strictSame(findReaderError('01'), stop("Invalid leading zero before '1'.", [], 0, 1))
  t.strictSame(findReaderError('[-00]'), stop("Invalid leading zero before '0'.", [0], 0, 3))
  t.strictSame(findReaderError('0x'), stop(endOfNumber('x'), [], 0, 1))
  t.strictSame(findReaderError('12x'), stop(endOfNumber('x'), [], 0, 2))
  t.strictSame(findReaderError('1.'), stop(digitAtEnd, [], 0, 2))
  t.strictSame(findReaderError('1.x'), stop("'x' is invalid within a number, immediately after a decimal point ('.'). Expected a digit ('0'-'9').", [], 0, 2))
  t.strictSame(findReaderError('1.5x'), stop("'x' is an invalid end of a number. Expected 'E' or 'e'.", [], 0, 3))
  t.strictSame(findReaderError('1e'), stop(digitAtEnd, [], 0, 2))
  t.strictSame(findReaderError('1E+'), stop(digitAtEnd, [], 0, 3))
  t.strictSame(findReaderError('1e-x'), stop(afterSign('x'), [], 0, 3))
  t.strictSame(findReaderError('1.5e5x'), stop(endOfNumber('x'), [], 0, 5))
  t.strictSame(findReaderError('{"a":0'), stop(endOfNumber('0'), ['a'], 0, 6), 'a number cannot end a document that is an object')
  t.strictSame(findReaderError('[1.5'), stop(endOfNumber('5'), [0], 0, 4))
})

t.test('literals: the message quotes the rest of the data', async t => {
  t.strictSame(findReaderError('[t'), stop("'t' is an invalid JSON literal. Expected the literal 'true'.", [0], 0, 2))
  t.strictSame(findReaderError('[fals]'), stop("'fals]' is an invalid JSON literal. Expected the literal 'false'.", [0], 0, 5))
  t.strictSame(findReaderError('[true, nul'), stop("'nul' is an invalid JSON literal. Expected the literal 'null'.", [1], 0, 10))
  t.strictSame(findReaderError('nulé'), stop("'nulé' is an invalid JSON literal. Expected the literal 'null'.", [], 0, 3))
})

t.test(`containers nest ${maxDepth} deep at most`, async t => {
  t.equal(findReaderError('['.repeat(maxDepth) + ']'.repeat(maxDepth)), undefined)
  t.strictSame(findReaderError('['.repeat(maxDepth + 1)),
    stop(`The maximum configured depth of ${maxDepth} has been exceeded. Cannot read next JSON array.`, Array(maxDepth).fill(0), 0, maxDepth))
  t.strictSame(findReaderError('{"a":'.repeat(maxDepth) + '{'),
    stop(`The maximum configured depth of ${maxDepth} has been exceeded. Cannot read next JSON object.`, Array(maxDepth).fill('a'), 0, maxDepth * 5))
})
