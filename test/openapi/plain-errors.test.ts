import t from 'tap'
import type { ErrorObject } from 'ajv'
import { createAjv } from '../../src/openapi/document.js'
import { describePlainErrors, describePlainSyntaxError } from '../../src/openapi/plain-errors.js'

const validate = createAjv().compile({
  type: 'object',
  additionalProperties: false,
  properties: {
    items: { type: 'array', items: { type: 'object', additionalProperties: false, properties: { 'a/b': { type: 'integer' } } } },
    closed: { type: 'object', additionalProperties: false }
  }
})

function errorsOf(value: unknown): Record<string, string[]> {
  t.notOk(validate(value))
  return describePlainErrors(validate.errors as ErrorObject[])
}

t.test('keys follow the member path: dots for members, brackets for items, names as written', async t => {
  t.strictSame(errorsOf({ items: [{ 'a/b': 'x' }] }), { 'items[0].a/b': ['Must be an integer, got a string.'] })
})

t.test('an unknown member where none are allowed says so', async t => {
  t.strictSame(errorsOf({ closed: { x: 1 } }), { 'closed.x': ['Is not a known member; no members are allowed here.'] })
})

t.test('a member named __proto__ is named like any other, not taken for the prototype', async t => {
  const described = errorsOf(JSON.parse('{"__proto__": {"x": 1}}'))
  t.strictSame(Object.entries(described), [['__proto__', ['Is not a known member; the known ones are items, closed.']]])
  t.equal(JSON.stringify(described), '{"__proto__":["Is not a known member; the known ones are items, closed."]}')
})

t.test('the same message for one key is given once', async t => {
  const error = { keyword: 'type', instancePath: '/items', params: { type: 'array' }, data: 1, schemaPath: '', message: 'must be array' }
  t.strictSame(describePlainErrors([error, error]), { items: ['Must be an array, got a number.'] })
})

t.test('jsonc-parser refuses every text JSON.parse refuses, and says where', async t => {
  for (const text of ['{"a":1', '   ', '{"a":1} x', 'nul', '"\\x"', '1e', '01', '[1,]', '{"a":1,}', '"a\tb"', '\u00a0{}', '{} //', '{"a":"\\u12"}']) {
    t.throws(() => JSON.parse(text), text)
    t.match(describePlainSyntaxError(text), /^The body is not valid JSON: [a-z ]+ at line 1, column \d+\.$/, text)
  }
  t.equal(describePlainSyntaxError('{\n"a" 1}'), 'The body is not valid JSON: colon expected at line 2, column 5.')
})
