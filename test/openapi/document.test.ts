import t, { type Test } from 'tap'
import { fileURLToPath } from 'node:url'
import { compileApiDocument, createAjv, DocumentError, getOperation, isUuid, loadApiDocument, readApiDocument, type ApiDocument } from '../../src/openapi/document.js'
import { flinksDocumentFile } from '../../src/state.js'

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/openapi/${name}`, import.meta.url))

/** Loads a fixture that must fail, and returns the error it failed with. */
function loadError(t: Test, name: string): DocumentError {
  try {
    loadApiDocument(fixture(name))
  } catch (error) {
    t.type(error, DocumentError)
    t.equal((error as Error).name, 'DocumentError')
    return error as DocumentError
  }
  throw new Error(`${name} loaded`)
}

t.test('the served document loads, with every operation compiled from it', async t => {
  const api = loadApiDocument(flinksDocumentFile)
  t.equal(api.file, flinksDocumentFile)
  t.equal(api.document.openapi, '3.0.1')
  const summary = [...api.operations.values()].map(op => [op.operationId, op.method, op.url, op.requestMediaTypes, op.validateBody !== undefined, [...op.validatePathParams.keys()]])
  t.strictSame(summary, [
    ['Authorize', 'POST', '/api/v1/authorize', ['application/x-www-form-urlencoded'], true, []],
    ['InitiateSession', 'POST', '/api/v2/sessions', ['application/json', 'text/json', 'application/*+json'], true, []],
    ['GetSessionDetails', 'GET', '/api/v2/sessions/:sessionId/details', [], false, ['sessionId']],
    ['GetSessionStatus', 'GET', '/api/v2/sessions/:sessionId/status', [], false, ['sessionId']],
    ['CancelSession', 'POST', '/api/v2/sessions/:sessionId/cancel', [], false, ['sessionId']],
    ['ConfirmGuarantee', 'POST', '/api/v2/sessions/:sessionId/guarantees/confirm', ['application/json', 'text/json', 'application/*+json'], true, ['sessionId']]
  ])
  const details = getOperation(api, 'GetSessionDetails')
  t.equal(details.path, '/api/v2/sessions/{sessionId}/details')
  const validateId = details.validatePathParams.get('sessionId')
  t.equal(validateId?.('8b4e3c64-4bd8-4a44-8d43-9a3a7f1c2f10'), true)
  t.equal(validateId?.('not-a-guid'), false)
})

t.test('the body schema is resolved and its validator follows the document', async t => {
  const api = loadApiDocument(flinksDocumentFile)
  const initiate = getOperation(api, 'InitiateSession')
  t.equal(initiate.bodySchema, api.document.components?.schemas?.InitiateSessionRequest)
  t.equal(initiate.validateBody?.({ type: 'EFT', amount: 12.5, payor: { firstName: 'A' } }), true)
  t.equal(initiate.validateBody?.({ type: 'Wire' }), false)
})

t.test('a JSON document loads too; path parameters by $ref are compiled and bodies without a schema are not', async t => {
  const api = loadApiDocument(fixture('minimal.json'))
  t.strictSame([...api.operations.keys()], ['GetThing', 'ReplaceThing', 'DeleteThing'])
  const replace = getOperation(api, 'ReplaceThing')
  t.equal(replace.method, 'POST')
  t.equal(replace.url, '/things/:id')
  t.strictSame(replace.requestMediaTypes, ['application/json', 'text/json'])
  t.strictSame(replace.bodySchema, { type: 'object', properties: { name: { type: 'string', nullable: true, example: 'x' } }, additionalProperties: false })
  t.equal(replace.validateBody?.({ name: null }), true)
  t.equal(replace.validateBody?.({ name: 1 }), false)
  t.strictSame([...getOperation(api, 'GetThing').validatePathParams.keys()], ['id'])
  const remove = getOperation(api, 'DeleteThing')
  t.strictSame(remove.requestMediaTypes, ['application/octet-stream'])
  t.equal(remove.bodySchema, undefined)
  t.equal(remove.validateBody, undefined)
  t.equal(remove.validatePathParams.size, 0)
})

t.test('a document without paths loads with no operations', async t => {
  const api = loadApiDocument(fixture('no-paths.yaml'))
  t.equal(api.operations.size, 0)
  t.equal(api.componentValidator('Thing')('x'), true)
})

t.test('schemaName names component schemas only', async t => {
  const api = loadApiDocument(flinksDocumentFile)
  const schemas = api.document.components?.schemas ?? {}
  t.equal(api.schemaName(schemas.PaymentType as object), 'PaymentType')
  t.equal(api.schemaName(schemas.PartyInfoRequest as object), 'PartyInfoRequest')
  t.equal(api.schemaName({ type: 'string' }), undefined)
})

t.test('resolve follows $refs until a schema, and returns other schemas as they are', async t => {
  const api = loadApiDocument(fixture('minimal.json'))
  const thing = api.document.components?.schemas?.Thing
  t.equal(api.resolve({ $ref: '#/components/schemas/Alias' }), thing)
  const inline = { type: 'string' }
  t.equal(api.resolve(inline), inline)
})

t.test('componentValidator gives the compiled validator of a component, and names a missing one', async t => {
  const api = loadApiDocument(fixture('minimal.json'))
  t.equal(api.componentValidator('Thing')({ name: 'x' }), true)
  t.equal(api.componentValidator('Thing')({ other: 1 }), false)
  t.throws(() => api.componentValidator('Nope'), new DocumentError(`${fixture('minimal.json')}: no component schema Nope`))
})

t.test('validatorAt compiles a place on first use and reuses it after', async t => {
  const api: ApiDocument = loadApiDocument(flinksDocumentFile)
  const place = ['paths', '/api/v2/sessions/{sessionId}/status', 'get', 'responses', '200', 'content', 'application/json', 'schema']
  const validate = api.validatorAt(...place)
  t.equal(api.validatorAt(...place), validate)
  t.not(api.validatorAt('components', 'schemas', 'ProblemDetails'), validate)
  t.equal(validate({ sessionId: '8b4e3c64-4bd8-4a44-8d43-9a3a7f1c2f10', referenceId: null, amount: 5, status: 'Completed', statusDetails: 'EFT0301' }), true)
  t.equal(validate({ status: 'Done' }), false)
})

t.test('validatorAt names a place that does not exist', async t => {
  const api = loadApiDocument(fixture('minimal.json'))
  t.throws(() => api.validatorAt('components', 'schemas', 'Nope'),
    new DocumentError(`${fixture('minimal.json')}: components.schemas.Nope: can't resolve reference flinks-mock:minimal.json#/components/schemas/Nope from id #`))
})

t.test('getOperation names the document and a missing operation id', async t => {
  const api = loadApiDocument(flinksDocumentFile)
  t.throws(() => getOperation(api, 'DeleteSession'), new DocumentError(`${flinksDocumentFile}: no operation DeleteSession`))
})

t.test('documents of another version are refused', async t => {
  t.equal(loadError(t, 'openapi-3.1.yaml').message, `${fixture('openapi-3.1.yaml')}: only OpenAPI 3.0 documents are supported (found openapi: 3.1.0)`)
  t.equal(loadError(t, 'swagger-2.yaml').message, `${fixture('swagger-2.yaml')}: only OpenAPI 3.0 documents are supported (found openapi: undefined)`)
  t.equal(loadError(t, 'empty.yaml').message, `${fixture('empty.yaml')}: only OpenAPI 3.0 documents are supported (found openapi: undefined)`)
  t.equal(loadError(t, 'not-an-object.yaml').message, `${fixture('not-an-object.yaml')}: only OpenAPI 3.0 documents are supported (found openapi: undefined)`)
})

t.test('a YAML syntax error names the file, the line and the column', async t => {
  t.equal(loadError(t, 'yaml-syntax.yaml').message, `${fixture('yaml-syntax.yaml')}: Nested mappings are not allowed in compact mappings (line 3, column 10)`)
})

t.test('a file that cannot be read is named with the reason', async t => {
  t.equal(loadError(t, 'missing.yaml').message, `${fixture('missing.yaml')}: ENOENT: no such file or directory, open '${fixture('missing.yaml')}'`)
})

t.test('an operation without operationId is refused, with its path and method', async t => {
  t.equal(loadError(t, 'missing-operation-id.yaml').message, `${fixture('missing-operation-id.yaml')}: paths./things.get has no operationId`)
})

t.test('an operationId used twice is refused at its second use', async t => {
  t.equal(loadError(t, 'duplicate-operation-id.yaml').message, `${fixture('duplicate-operation-id.yaml')}: paths./other-things.get: operationId GetThing is used twice`)
})

t.test('an unknown keyword in a schema stops the load (strict ajv)', async t => {
  t.equal(loadError(t, 'unknown-keyword.yaml').message, `${fixture('unknown-keyword.yaml')}: components.schemas.Thing: strict mode: unknown keyword: "maxLenght"`)
})

t.test('an unknown format in a schema stops the load', async t => {
  t.equal(loadError(t, 'unknown-format.yaml').message,
    `${fixture('unknown-format.yaml')}: components.schemas.Thing: unknown format "snowflake" ignored in schema at path "flinks-mock:unknown-format.yaml#/components/schemas/Thing/properties/id"`)
})

t.test('a $ref that points nowhere stops the load, in a schema, a body or a parameter', async t => {
  t.equal(loadError(t, 'dangling-schema-ref.yaml').message,
    `${fixture('dangling-schema-ref.yaml')}: components.schemas.Thing: can't resolve reference #/components/schemas/Owner from id flinks-mock:dangling-schema-ref.yaml`)
  t.equal(loadError(t, 'dangling-body-ref.yaml').message, `${fixture('dangling-body-ref.yaml')}: $ref #/components/schemas/Missing points nowhere`)
  t.equal(loadError(t, 'dangling-parameter-ref.yaml').message, `${fixture('dangling-parameter-ref.yaml')}: $ref #/components/parameters/Missing points nowhere`)
})

t.test('a $ref to another file, or a cycle of $refs, cannot be resolved', async t => {
  t.equal(loadError(t, 'external-ref.yaml').message, `${fixture('external-ref.yaml')}: cannot resolve $ref common.yaml#/components/parameters/Id`)
  t.equal(loadError(t, 'cyclic-parameter-ref.yaml').message, `${fixture('cyclic-parameter-ref.yaml')}: cannot resolve $ref #/components/parameters/ThingId`)
})

t.test('createAjv knows OpenAPI words, the decimal format and nullable', async t => {
  const ajv = createAjv()
  const validate = ajv.compile({ type: 'number', format: 'decimal', nullable: true, example: 1, xml: {}, externalDocs: {} })
  t.equal(validate(79228162514264337593543950335), true)
  t.equal(validate(null), true)
  t.equal(validate(1e29), false)
})

t.test('a requestBody given by $ref is validated like an inline one', async t => {
  const create = getOperation(loadApiDocument(fixture('request-body-ref.yaml')), 'CreateThing')
  t.strictSame(create.requestMediaTypes, ['application/json'])
  t.equal(create.validateBody?.({ name: 1 }), false)
})

t.test('path parameters declared on the path item are validated too', async t => {
  const get = getOperation(loadApiDocument(fixture('path-level-parameters.yaml')), 'GetThing')
  t.strictSame([...get.validatePathParams.keys()], ['id'])
})

t.test('compiled on first use, validators answer and report errors as compiled ones do', async t => {
  const document = readApiDocument(flinksDocumentFile)
  const now = getOperation(compileApiDocument(flinksDocumentFile, document), 'InitiateSession')
  const later = getOperation(compileApiDocument(flinksDocumentFile, document, createAjv(), { onFirstUse: true }), 'InitiateSession')
  for (const body of [{ type: 'Wire' }, { type: 'EFT', amount: 12.5, payor: { firstName: 'A' } }, { type: 'Wire' }]) {
    t.equal(later.validateBody?.(body), now.validateBody?.(body))
    t.strictSame(later.validateBody?.errors, now.validateBody?.errors)
  }
  const details = getOperation(compileApiDocument(flinksDocumentFile, document, createAjv(), { onFirstUse: true }), 'GetSessionDetails')
  t.equal(details.validatePathParams.get('sessionId')?.('not-a-guid'), false)
})

t.test('isUuid answers as ajv-formats\' uuid expression, and ajv checks the format with it', async t => {
  const formats = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i
  const id = '3f2504e0-4f89-41d3-9a0c-0305e82c3301'
  const cases = [
    id, id.toUpperCase(), `urn:uuid:${id}`, `URN:UUID:${id}`, `Urn:Uuid:${id}`, `urn:uuid-${id}`, `urn:uuid:${id}x`, `x${id}`, `${id} `,
    id.slice(1), id.replace(/-/g, ''), id.replace('-', '_'), '', 'urn:uuid:', '{3f2504e0-4f89-41d3-9a0c-0305e82c3301}'
  ]
  // Every character of the id in turn replaced by the characters around the ranges: / : @ G ` g and a non-ASCII one.
  for (let i = 0; i < id.length; i++) for (const c of ['/', '0', '9', ':', '@', 'A', 'F', 'G', '`', 'a', 'f', 'g', '-', 'é', '\u0130']) cases.push(id.slice(0, i) + c + id.slice(i + 1))
  const disagreements = cases.filter(text => isUuid(text) !== formats.test(text))
  t.strictSame(disagreements, [])
  t.ok(cases.filter(isUuid).length > 100 && cases.filter(text => !isUuid(text)).length > 100, 'both answers are among the cases')
  const validate = createAjv().compile({ type: 'string', format: 'uuid' })
  t.strictSame([validate(id), validate(`urn:uuid:${id}`), validate(id.slice(1))], [true, true, false])
})
