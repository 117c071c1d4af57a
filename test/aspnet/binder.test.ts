import t from 'tap'
import type { AnySchemaObject } from 'ajv'
import { createBinder } from '../../src/aspnet/binder.js'
import { getOperation, loadApiDocument } from '../../src/openapi/document.js'
import { flinksDocumentFile } from '../../src/state.js'

const api = loadApiDocument(flinksDocumentFile)
const bindInitiate = createBinder(getOperation(api, 'InitiateSession').bodySchema as AnySchemaObject, api.resolve)

/** A resolver over inline `#/defs/<name>` references. */
const resolverOf = (defs: Record<string, AnySchemaObject>) => (schema: AnySchemaObject): AnySchemaObject =>
  typeof schema.$ref === 'string' ? (defs[schema.$ref.slice('#/defs/'.length)] as AnySchemaObject) : schema

t.test('property names match in any letter case and take the spelling of the schema', async t => {
  t.strictSame(bindInitiate({ ReferenceId: 'R1', AMOUNT: 12.5, Payor: { FIRSTNAME: 'John', lastname: 'Smith' } }),
    { referenceId: 'R1', amount: 12.5, payor: { firstName: 'John', lastName: 'Smith' } })
})

t.test('enum values match in any letter case and take the spelling of the schema', async t => {
  t.strictSame(bindInitiate({ type: 'e-transfer', direction: 'debit', currency: 'cad', options: { notificationPreferences: { language: 'fr' } } }),
    { type: 'e-Transfer', direction: 'DEBIT', currency: 'CAD', options: { notificationPreferences: { language: 'FR' } } })
})

t.test('an enum may come as its index, a number or a numeric string', async t => {
  t.strictSame(bindInitiate({ type: 0, direction: '1' }), { type: 'EFT', direction: 'CREDIT' })
  t.strictSame(bindInitiate({ type: 1, direction: '0' }), { type: 'e-Transfer', direction: 'DEBIT' })
})

t.test('an index outside the enum, a negative or fractional number, or an unknown name is left for the schema to refuse', async t => {
  t.strictSame(bindInitiate({ type: 2, direction: '7' }), { type: 2, direction: '7' })
  t.strictSame(bindInitiate({ type: -1, direction: 0.5 }), { type: -1, direction: 0.5 })
  t.strictSame(bindInitiate({ type: 'Wire', currency: true }), { type: 'Wire', currency: true })
})

t.test('numbers may come as numeric strings', async t => {
  t.strictSame(bindInitiate({ amount: '250.00', options: { limits: { minimumAmount: '-1', maximumAmount: '1e3' } } }),
    { amount: 250, options: { limits: { minimumAmount: -1, maximumAmount: 1000 } } })
})

t.test('a string that is not a JSON number is left for the schema to refuse', async t => {
  t.strictSame(bindInitiate({ amount: 'abc' }), { amount: 'abc' })
  t.strictSame(bindInitiate({ amount: ' 12' }), { amount: ' 12' })
  t.strictSame(bindInitiate({ amount: '0x10' }), { amount: '0x10' })
  t.strictSame(bindInitiate({ amount: '' }), { amount: '' })
  t.strictSame(bindInitiate({ amount: '01' }), { amount: '01' })
})

t.test('unknown properties are dropped, at every depth', async t => {
  t.strictSame(bindInitiate({ referenceId: 'R', extra: 1, payor: { firstName: 'A', nickname: 'B', account: { accountNumber: '1234567', iban: 'x' } } }),
    { referenceId: 'R', payor: { firstName: 'A', account: { accountNumber: '1234567' } } })
})

t.test('__proto__ and constructor keys never reach the output', async t => {
  const body = JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"payor":{"__proto__":{"x":1},"firstName":"A"}}') as unknown
  const bound = bindInitiate(body) as Record<string, unknown>
  t.strictSame(bound, { payor: { firstName: 'A' } })
  t.equal(Object.getPrototypeOf(bound), Object.prototype)
  t.equal(Object.getPrototypeOf(bound.payor), Object.prototype)
  t.equal(({} as Record<string, unknown>).polluted, undefined)
  t.strictSame(Object.keys(bound), ['payor'])
})

t.test('null for a non-nullable object property is treated as absent', async t => {
  t.strictSame(bindInitiate({ payor: null, options: null, payee: null, referenceId: 'R' }), { referenceId: 'R' })
})

t.test('null for a nullable or scalar property is kept', async t => {
  const bind = createBinder({
    type: 'object',
    properties: { note: { type: 'string', nullable: true }, step: { type: 'object', nullable: true, properties: { current: { type: 'string' } } } }
  }, s => s)
  t.strictSame(bind({ note: null, step: null }), { note: null, step: null })
  t.strictSame(bindInitiate({ amount: null, referenceId: null }), { amount: null, referenceId: null })
})

t.test('a value of the wrong shape is passed through untouched', async t => {
  t.equal(bindInitiate(null), null)
  t.equal(bindInitiate('text'), 'text')
  t.strictSame(bindInitiate([1, 2]), [1, 2])
  t.strictSame(bindInitiate({ payor: 'John' }), { payor: 'John' })
})

t.test('arrays bind each item, and leave a non-array alone', async t => {
  const defs = {
    Item: { type: 'object', properties: { kind: { enum: ['Cash', 'Card'] }, cents: { type: 'integer' } } }
  }
  const bind = createBinder({ type: 'object', properties: { items: { type: 'array', items: { $ref: '#/defs/Item' } } } }, resolverOf(defs))
  t.strictSame(bind({ Items: [{ KIND: 'card', cents: '250' }, { kind: 0, extra: true }] }), { items: [{ kind: 'Card', cents: 250 }, { kind: 'Cash' }] })
  t.strictSame(bind({ items: 'none' }), { items: 'none' })
})

t.test('a recursive schema binds at every depth', async t => {
  const defs: Record<string, AnySchemaObject> = {
    Node: { type: 'object', properties: { name: { type: 'string' }, weight: { type: 'number' }, children: { type: 'array', items: { $ref: '#/defs/Node' } }, parent: { $ref: '#/defs/Node' } } }
  }
  const bind = createBinder({ $ref: '#/defs/Node' }, resolverOf(defs))
  t.strictSame(bind({ Name: 'root', children: [{ name: 'a', WEIGHT: '2', children: [{ name: 'b', zap: 1 }] }], parent: { name: 'p', parent: null } }),
    { name: 'root', children: [{ name: 'a', weight: 2, children: [{ name: 'b' }] }], parent: { name: 'p' } })
})

t.test('a schema without properties or items, or of another type, leaves the value as it is', async t => {
  t.strictSame(createBinder({ type: 'object' }, s => s)({ Any: 1 }), { Any: 1 })
  t.strictSame(createBinder({ type: 'array' }, s => s)(['1']), ['1'])
  t.equal(createBinder({ type: 'boolean' }, s => s)('true'), 'true')
})

t.test('when a property is sent twice in different cases, the last one wins', async t => {
  t.strictSame(bindInitiate({ amount: 1, Amount: '2' }), { amount: 2 })
})
