import t from 'tap'
import type { ErrorObject } from 'ajv'
import { createAjv, getOperation, loadApiDocument } from '../../src/openapi/document.js'
import { describeSchemaError, describeSyntaxError, jsonPath } from '../../src/aspnet/json-errors.js'
import { flinksDocumentFile } from '../../src/state.js'

/** What System.Text.Json reports: the key is the path, the message ends with where it stopped. */
const stj = (path: string, message: string, line: number, byte: number) => ({
  key: path,
  message: `${message} Path: ${path} | LineNumber: ${line} | BytePositionInLine: ${byte}.`
})

const api = loadApiDocument(flinksDocumentFile)
const validateInitiate = getOperation(api, 'InitiateSession').validateBody as NonNullable<ReturnType<typeof getOperation>['validateBody']>

/** The error of a request body to POST /api/v2/sessions that parses but does not fit the document. */
function initiateError(text: string) {
  t.equal(validateInitiate(JSON.parse(text)), false, `${text} should not fit the document`)
  return describeSchemaError(text, validateInitiate.errors ?? [], api.schemaName)
}

t.test('jsonPath', async t => {
  t.test('writes names after a dot and indexes in brackets', async t => {
    t.equal(jsonPath([]), '$')
    t.equal(jsonPath(['payor', 'firstName']), '$.payor.firstName')
    t.equal(jsonPath(['items', 0, 'id']), '$.items[0].id')
  })

  t.test('brackets a name holding a space, a dot, a quote or another special character, and writes it as is', async t => {
    t.equal(jsonPath(['a b']), "$['a b']")
    t.equal(jsonPath(['a.b']), "$['a.b']")
    t.equal(jsonPath(["it's"]), "$['it's']")
    t.equal(jsonPath(['a/b', 'c[0]']), "$['a/b']['c[0]']")
    t.equal(jsonPath(['tab\there']), "$['tab\there']")
  })

  t.test('leaves other names after a dot, digits, dashes, dollars and accents included', async t => {
    t.equal(jsonPath(['1a', 'x-y', '$type', 'prénom']), '$.1a.x-y.$type.prénom')
  })
})

t.test('describeSyntaxError', async t => {
  t.test('a trailing comma in an object is refused at the closing brace, with the object path', async t => {
    t.strictSame(describeSyntaxError('{"amount": 12,}'),
      stj('$', 'The JSON object contains a trailing comma at the end which is not supported in this mode. Change the reader options.', 0, 14))
    t.strictSame(describeSyntaxError('{"payor": {"firstName": "A",}}'),
      stj('$.payor', 'The JSON object contains a trailing comma at the end which is not supported in this mode. Change the reader options.', 0, 28))
  })

  t.test('a trailing comma in an array is refused at the closing bracket, indexed by the elements read', async t => {
    t.strictSame(describeSyntaxError('{"a":[1,2,]}'),
      stj('$.a[2]', 'The JSON array contains a trailing comma at the end which is not supported in this mode. Change the reader options.', 0, 10))
    t.strictSame(describeSyntaxError('{"a":[{"b":1},]}'),
      stj('$.a[1]', 'The JSON array contains a trailing comma at the end which is not supported in this mode. Change the reader options.', 0, 14))
  })

  t.test('a missing value in an array is an invalid start of a value', async t => {
    t.strictSame(describeSyntaxError('{"a":[1,,2]}'), stj('$.a[1]', "',' is an invalid start of a value.", 0, 8))
  })

  t.test('a missing colon is reported on the token after the property name, with the path of the object', async t => {
    t.strictSame(describeSyntaxError('{"a" 1}'), stj('$', "'1' is invalid after a property name. Expected a ':'.", 0, 5))
    t.strictSame(describeSyntaxError('{\n  "payor": {\n    "firstName" "A"\n  }\n}'), stj('$.payor', "'\"' is invalid after a property name. Expected a ':'.", 2, 16))
  })

  t.test('a token that cannot start a property name is named', async t => {
    t.strictSame(describeSyntaxError('{"a":1, 5}'), stj('$', "'5' is an invalid start of a property name. Expected a '\"'.", 0, 8))
    t.strictSame(describeSyntaxError('{]'), stj('$', "']' is an invalid start of a property name. Expected a '\"'.", 0, 1))
  })

  t.test('an unquoted property name is an invalid start of a property name', async t => {
    t.strictSame(describeSyntaxError('{a:1}'), stj('$', "'a' is an invalid start of a property name. Expected a '\"'.", 0, 1))
  })

  t.test('a value where a property name is expected after a property value', async t => {
    t.strictSame(describeSyntaxError('{"a":1,"b":}'), stj('$.b', "'}' is an invalid start of a value.", 0, 11))
    t.strictSame(describeSyntaxError('{"type": x}'), stj('$.type', "'x' is an invalid start of a value.", 0, 9))
  })

  t.test('a token after the complete value is invalid after a single JSON value', async t => {
    t.strictSame(describeSyntaxError('{"a":1}{'), stj('$', "'{' is invalid after a single JSON value. Expected end of data.", 0, 7))
    t.strictSame(describeSyntaxError('{"a":1}}'), stj('$', "'}' is invalid after a single JSON value. Expected end of data.", 0, 7))
  })

  t.test('a character that is no token after the complete value is invalid after a single JSON value', async t => {
    t.strictSame(describeSyntaxError('{"a":1} x'), stj('$', "'x' is invalid after a single JSON value. Expected end of data.", 0, 8))
    t.strictSame(describeSyntaxError('{"a":1}\u00a0'), stj('$', "'0xC2' is invalid after a single JSON value. Expected end of data.", 0, 7))
  })

  t.test('a token after a value that is not a comma is invalid after a value, with the path of the object', async t => {
    t.strictSame(describeSyntaxError('{"a":1 "b":2}'), stj('$', "'\"' is invalid after a value. Expected either ',', '}', or ']'.", 0, 7))
    t.strictSame(describeSyntaxError('{"a":[1 x]}'), stj('$.a[1]', "'x' is invalid after a value. Expected either ',', '}', or ']'.", 0, 8))
  })

  t.test('a closing bracket that does not match is invalid without a matching open', async t => {
    t.strictSame(describeSyntaxError('{"a":1]'), stj('$', "']' is invalid without a matching open.", 0, 6))
  })

  t.test('an unterminated string is reported at the end of the data', async t => {
    t.strictSame(describeSyntaxError('{"a":"abc'), stj('$.a', 'Expected end of string, but instead reached end of data.', 0, 9))
  })

  t.test('a line feed inside a string is a character that must be escaped', async t => {
    t.strictSame(describeSyntaxError('{"a":"line\nbreak"}'), stj('$.a', "'0x0A' is invalid within a JSON string. The string should be correctly escaped.", 0, 10))
  })

  t.test('a bad escape names the character after the backslash, where it stands', async t => {
    t.strictSame(describeSyntaxError('{"a":"\\x"}'), stj('$.a', "'x' is an invalid escapable character within a JSON string. The string should be correctly escaped.", 0, 7))
    t.strictSame(describeSyntaxError('{"a":"\\u12G4"}'), stj('$.a', "'G' is not a hex digit following '\\u' within a JSON string. The string should be correctly escaped.", 0, 10))
    t.strictSame(describeSyntaxError('{"a":"b\u0001"}'), stj('$.a', "'0x01' is invalid within a JSON string. The string should be correctly escaped.", 0, 7))
  })

  t.test('a bad number names the byte where the number went wrong', async t => {
    t.strictSame(describeSyntaxError('{"a":1.}'), stj('$.a', "'}' is invalid within a number, immediately after a decimal point ('.'). Expected a digit ('0'-'9').", 0, 7))
    t.strictSame(describeSyntaxError('{"a":1e}'), stj('$.a', "'}' is invalid within a number, immediately after a sign character ('+' or '-'). Expected a digit ('0'-'9').", 0, 7))
    t.strictSame(describeSyntaxError('{"a":-}'), stj('$.a', "'}' is invalid within a number, immediately after a sign character ('+' or '-'). Expected a digit ('0'-'9').", 0, 6))
    t.strictSame(describeSyntaxError('{"a":1x}'), stj('$.a', "'x' is an invalid end of a number. Expected a delimiter.", 0, 6))
    t.strictSame(describeSyntaxError('{"a":1.5.2}'), stj('$.a', "'.' is an invalid end of a number. Expected 'E' or 'e'.", 0, 8))
    t.strictSame(describeSyntaxError('{"a":1'), stj('$.a', "'1' is an invalid end of a number. Expected a delimiter.", 0, 6))
  })

  t.test('a misspelt literal is quoted with the rest of the data', async t => {
    t.strictSame(describeSyntaxError('{"a":tru}'), stj('$.a', "'tru}' is an invalid JSON literal. Expected the literal 'true'.", 0, 8))
  })

  t.test('a body that is JSON has no syntax error', async t => {
    t.equal(describeSyntaxError('{"a":[1,{"b":null}]}'), undefined)
  })

  t.test('an empty or blank body contains no JSON tokens', async t => {
    const message = 'The input does not contain any JSON tokens. Expected the input to start with a valid JSON token, when isFinalBlock is true.'
    t.strictSame(describeSyntaxError(''), stj('$', message, 0, 0))
    t.strictSame(describeSyntaxError('   '), stj('$', message, 0, 3))
    t.strictSame(describeSyntaxError('\n\n'), stj('$', message, 2, 0))
  })

  t.test('an object still open at the end of the data is reported there', async t => {
    t.strictSame(describeSyntaxError('{'), stj('$', 'Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed.', 0, 1))
  })

  t.test('an object left open after a property value has the path of the object', async t => {
    t.strictSame(describeSyntaxError('{"a":"x"'), stj('$', 'Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed.', 0, 8))
    t.strictSame(describeSyntaxError('{"a":1,"b":{}'), stj('$', 'Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed.', 0, 13))
  })

  t.test('an object left open after a colon is reported there, with the property path', async t => {
    t.strictSame(describeSyntaxError('{"a":'), stj('$.a', 'Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed.', 0, 5))
  })

  t.test('line numbers count line feeds and positions count UTF-8 bytes from the last one', async t => {
    t.strictSame(describeSyntaxError('{\n  "a": 1,\n  "b": x\n}'), stj('$.b', "'x' is an invalid start of a value.", 2, 7))
    t.strictSame(describeSyntaxError('{\r\n  "a": x\r\n}'), stj('$.a', "'x' is an invalid start of a value.", 1, 7))
    t.strictSame(describeSyntaxError('{"é":"€", "b": x}'), stj('$.b', "'x' is an invalid start of a value.", 0, 18))
  })

  t.test('a byte outside printable ASCII is named by its hex value, a multi-byte character by its first byte', async t => {
    t.strictSame(describeSyntaxError('{"a":é}'), stj('$.a', "'0xC3' is an invalid start of a value.", 0, 5))
    t.strictSame(describeSyntaxError('{"a":\u007f}'), stj('$.a', "'0x7F' is an invalid start of a value.", 0, 5))
  })

  t.test('paths into nested objects and arrays, with bracketed names', async t => {
    t.strictSame(describeSyntaxError('{"a":{"b":[1, x]}}'), stj('$.a.b[1]', "'x' is an invalid start of a value.", 0, 14))
    t.strictSame(describeSyntaxError('{"a":[{"b":1},{"c":x}]}'), stj('$.a[1].c', "'x' is an invalid start of a value.", 0, 19))
    t.strictSame(describeSyntaxError('{"a b":x}'), stj("$['a b']", "'x' is an invalid start of a value.", 0, 7))
  })
})

t.test('describeSchemaError', async t => {
  t.test('a string for a nullable decimal names System.Nullable`1[System.Decimal], after the token', async t => {
    t.strictSame(initiateError('{"amount":"abc"}'), stj('$.amount', 'The JSON value could not be converted to System.Nullable`1[System.Decimal].', 0, 15))
  })

  t.test('a wrong type names the CLR type of the property', async t => {
    t.strictSame(initiateError('{"payor":{"firstName":5}}'), stj('$.payor.firstName', 'The JSON value could not be converted to System.String.', 0, 23))
    t.strictSame(initiateError('{"options":{"showConsentScreen":"yes"}}'), stj('$.options.showConsentScreen', 'The JSON value could not be converted to System.Nullable`1[System.Boolean].', 0, 37))
    t.strictSame(initiateError('{"options":{"amountModification":null}}'), stj('$.options.amountModification', 'The JSON value could not be converted to System.Boolean.', 0, 37))
  })

  t.test('an object or array where a value is expected is reported just inside it', async t => {
    t.strictSame(initiateError('{"referenceId":{"a":1}}'), stj('$.referenceId', 'The JSON value could not be converted to System.String.', 0, 16))
    t.strictSame(initiateError('{"referenceId":[1]}'), stj('$.referenceId', 'The JSON value could not be converted to System.String.', 0, 16))
  })

  t.test('a value where an object is expected names the model type', async t => {
    t.strictSame(initiateError('{"payor":5}'), stj('$.payor', 'The JSON value could not be converted to PartyInfoRequest.', 0, 10))
  })

  t.test('a value outside an enum, or null for one, names the enum type', async t => {
    t.strictSame(initiateError('{"type":"Wire"}'), stj('$.type', 'The JSON value could not be converted to PaymentType.', 0, 14))
    t.strictSame(initiateError('{"type": null}'), stj('$.type', 'The JSON value could not be converted to PaymentType.', 0, 13))
  })

  t.test('a string that is not a URI for a uri property names System.Uri', async t => {
    t.strictSame(initiateError('{"options":{"redirectPreferences":{"urlSuccess":"not a uri"}}}'),
      stj('$.options.redirectPreferences.urlSuccess', 'The JSON value could not be converted to System.Uri.', 0, 59))
  })

  t.test('a number beyond the range of System.Decimal is not converted', async t => {
    t.strictSame(initiateError('{"options":{"limits":{"minimumAmount":1e300}}}'),
      stj('$.options.limits.minimumAmount', 'The JSON value could not be converted to System.Nullable`1[System.Decimal].', 0, 43))
  })

  t.test('an unknown property names the owning type, without a position, as JsonUnmappedMemberHandling.Disallow words it', async t => {
    t.strictSame(initiateError('{"zzz":1}'), { key: '$.zzz', message: "The JSON property 'zzz' could not be mapped to any .NET member contained in type 'InitiateSessionRequest'." })
    t.strictSame(initiateError('{"payor":{"nickname":"Jo"}}'), { key: '$.payor.nickname', message: "The JSON property 'nickname' could not be mapped to any .NET member contained in type 'PartyInfoRequest'." })
    // A later key that differs only in case hides the object from the case-insensitive lookup: the
    // error's own path still names the property, and it still comes first, as it does in the body.
    t.strictSame(initiateError('{"payor":{"nickname":"Jo"},"Payor":5}'), { key: '$.payor.nickname', message: "The JSON property 'nickname' could not be mapped to any .NET member contained in type 'PartyInfoRequest'." })
  })

  t.test('the first error in body order wins, whatever order the validator found them in', async t => {
    t.strictSame(initiateError('{"amount": true, "type": 5}'), stj('$.amount', 'The JSON value could not be converted to System.Nullable`1[System.Decimal].', 0, 15))
    t.strictSame(initiateError('{"type": 5, "amount": true}'), stj('$.type', 'The JSON value could not be converted to PaymentType.', 0, 10))
    t.strictSame(initiateError('{"extra": 1, "amount": "x"}'), { key: '$.extra', message: "The JSON property 'extra' could not be mapped to any .NET member contained in type 'InitiateSessionRequest'." })
  })

  t.test('positions count lines and UTF-8 bytes, multi-byte characters before the error included', async t => {
    t.strictSame(initiateError('{\n  "referenceId": "x",\n  "amount": "é"\n}'), stj('$.amount', 'The JSON value could not be converted to System.Nullable`1[System.Decimal].', 2, 16))
    t.strictSame(initiateError('{"referenceId":"é€","amount":"1"}'), stj('$.amount', 'The JSON value could not be converted to System.Nullable`1[System.Decimal].', 0, 35))
  })

  t.test('a property spelt in another case is found in the body and keeps its spelling in the path (aspnet mode)', async t => {
    const validate = createAjv().compile({ type: 'object', properties: { amount: { type: 'number' } } })
    const text = '{"Amount":"x"}'
    t.equal(validate({ amount: 'x' }), false)
    t.strictSame(describeSchemaError(text, validate.errors ?? [], () => undefined), stj('$.Amount', 'The JSON value could not be converted to System.Decimal.', 0, 13))
  })

  t.test('arrays: the path indexes the element', async t => {
    const validate = createAjv().compile({ type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } } } } })
    const text = '{"items":[{"id":"8b4e3c64-4bd8-4a44-8d43-9a3a7f1c2f10"},{"id":"nope"}]}'
    t.equal(validate(JSON.parse(text)), false)
    t.strictSame(describeSchemaError(text, validate.errors ?? [], () => undefined), stj('$.items[1].id', 'The JSON value could not be converted to System.Guid.', 0, 68))
  })

  t.test('a member given twice is located at its last occurrence, the one JSON.parse kept', async t => {
    t.strictSame(initiateError('{"type":"EFT","type":"Wire"}'), stj('$.type', 'The JSON value could not be converted to PaymentType.', 0, 27))
    t.strictSame(initiateError('{"payor":{"firstName":5},"payor":{"lastName":6}}'), stj('$.payor.lastName', 'The JSON value could not be converted to System.String.', 0, 46))
  })

  t.test('objects off the error\'s path are skipped, and the read goes on after them', async t => {
    t.strictSame(initiateError('{"options":{"limits":{"minimumAmount":1}},"payee":{"account":{}},"payor":{"firstName":5}}'),
      stj('$.payor.firstName', 'The JSON value could not be converted to System.String.', 0, 87))
  })

  t.test('a property whose name needs brackets is written $[\'a b\']', async t => {
    const validate = createAjv().compile({ type: 'object', properties: { 'a b': { type: 'integer', format: 'int64', nullable: true } } })
    const text = '{"a b":"x"}'
    t.equal(validate(JSON.parse(text)), false)
    t.strictSame(describeSchemaError(text, validate.errors ?? [], () => undefined), stj("$['a b']", 'The JSON value could not be converted to System.Nullable`1[System.Int64].', 0, 10))
  })

  t.test('every type the schema can name', async t => {
    const cases: Array<[object, string]> = [
      [{ type: 'number', format: 'double' }, 'System.Double'],
      [{ type: 'number', format: 'float' }, 'System.Single'],
      [{ type: 'number' }, 'System.Decimal'],
      [{ type: 'integer' }, 'System.Int32'],
      [{ type: 'integer', format: 'int64' }, 'System.Int64'],
      [{ type: 'boolean', nullable: true }, 'System.Nullable`1[System.Boolean]'],
      [{ type: 'string', format: 'uuid' }, 'System.Guid'],
      [{ type: 'string', format: 'date-time' }, 'System.DateTime'],
      [{ type: 'string', format: 'uri' }, 'System.Uri'],
      [{ type: 'string' }, 'System.String'],
      [{ type: 'array', items: {} }, 'System.Collections.Generic.List`1[System.Object]'],
      [{ type: 'object' }, 'System.Object']
    ]
    for (const [schema, clrType] of cases) {
      const validate = createAjv().compile({ type: 'object', properties: { v: schema } })
      const text = '{"v":{"x":1,"y":[true]}}'
      const value = schema === cases[11]?.[0] ? { v: 1 } : JSON.parse(text)
      const body = schema === cases[11]?.[0] ? '{"v":1}' : text
      t.equal(validate(value), false, clrType)
      t.equal(describeSchemaError(body, validate.errors ?? [], () => undefined).message.split(' Path:')[0], `The JSON value could not be converted to ${clrType}.`, clrType)
    }
  })

  t.test('another keyword is reported with the validator\'s own words', async t => {
    const validate = createAjv().compile({ type: 'object', properties: { code: { type: 'string', maxLength: 3 } } })
    const text = '{"code":"ABCD"}'
    t.equal(validate(JSON.parse(text)), false)
    t.strictSame(describeSchemaError(text, validate.errors ?? [], () => undefined), stj('$.code', 'The JSON value is not valid: it must NOT have more than 3 characters.', 0, 14))
  })

  t.test('an error the body does not locate is reported at its start', async t => {
    const error: ErrorObject = { keyword: 'required', instancePath: '/gone', schemaPath: '#/required', params: { missingProperty: 'x' } }
    t.strictSame(describeSchemaError('{}', [error], () => undefined), stj('$.gone', 'The JSON value is not valid: it does not match the schema.', 0, 0))
    t.strictSame(describeSchemaError('{"a":1}', [{ ...error, instancePath: '/a/b' }], () => undefined), stj('$.a.b', 'The JSON value is not valid: it does not match the schema.', 0, 0))
    t.strictSame(describeSchemaError('{}', [{ keyword: 'type', instancePath: '/x', schemaPath: '#/type', params: {} }], () => undefined), stj('$.x', 'The JSON value could not be converted to System.Object.', 0, 0))
    t.strictSame(describeSchemaError('{}', [{ keyword: 'additionalProperties', instancePath: '', schemaPath: '#/additionalProperties', params: { additionalProperty: 'ghost' } }], () => undefined),
      { key: '$.ghost', message: "The JSON property 'ghost' could not be mapped to any .NET member contained in type 'System.Object'." })
    t.strictSame(describeSchemaError('{}', [], () => undefined), stj('$', 'The JSON value is not valid.', 0, 0))
  })
})
