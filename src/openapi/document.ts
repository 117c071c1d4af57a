import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import type { Ajv, AnySchemaObject, ValidateFunction } from 'ajv'
// The shipped documents are read from the build's JSON: only another document loads yaml.
import { ajvFormats, ajvPackage, yaml } from '../on-first-use.js'

/** The HTTP methods an OpenAPI path item can hold. */
export const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

/** The parts of an OpenAPI 3.0 document the mock reads. */
export interface OpenApiDocument {
  openapi: string
  info: { title: string, version: string }
  paths: Record<string, Record<string, OperationObject | unknown>>
  components?: { schemas?: Record<string, AnySchemaObject>, [key: string]: unknown }
  [key: string]: unknown
}

interface OperationObject {
  operationId?: string
  parameters?: Array<ParameterObject | { $ref: string }>
  requestBody?: { content?: Record<string, { schema?: AnySchemaObject }>, required?: boolean, $ref?: string }
  responses?: Record<string, unknown>
}

interface ParameterObject { name: string, in: string, required?: boolean, schema?: AnySchemaObject }

/** One operation of a loaded document, with everything the request path needs compiled. */
export interface Operation {
  operationId: string
  /** Upper-case HTTP method. */
  method: string
  /** The path as the document writes it: `/api/v2/sessions/{sessionId}/details`. */
  path: string
  /** The same path in Fastify's syntax: `/api/v2/sessions/:sessionId/details`. */
  url: string
  /** Media types the request body may have (empty when the operation takes no body). */
  requestMediaTypes: string[]
  /** The body schema, resolved, for binding; undefined when there is no body. */
  bodySchema?: AnySchemaObject
  /** The compiled validator of the body. */
  validateBody?: ValidateFunction
  /** Whether the document marks the request body required. */
  bodyRequired: boolean
  /** Compiled validators of the path parameters, by name. */
  validatePathParams: Map<string, ValidateFunction>
  /** Compiled validators of the query parameters, by name, with the type to read the text as. */
  validateQueryParams: Map<string, { type: string | undefined, validate: ValidateFunction }>
}

/** A loaded OpenAPI document: its operations, compiled once, and the schema names used in messages. */
export interface ApiDocument {
  file: string
  document: OpenApiDocument
  operations: Map<string, Operation>
  /** The name of a component schema object (`PaymentType`), for messages. */
  schemaName(schema: object): string | undefined
  /** Follows `$ref`s until a schema object that is not a reference. */
  resolve(schema: AnySchemaObject): AnySchemaObject
  /** The compiled validator of `#/components/schemas/<name>`. */
  componentValidator(name: string): ValidateFunction
  /** A validator of the schema at a place in the document (`paths`, `/api/...`, `get`, ...), compiled on first use. */
  validatorAt(...segments: string[]): ValidateFunction
}

/** Thrown when a document cannot be loaded; the message names the file and the place. */
export class DocumentError extends Error {
  override name = 'DocumentError'
}

// OpenAPI 3.0 words that are not JSON Schema keywords; anything else unknown stops start-up.
const openApiKeywords = ['openapi', 'info', 'servers', 'paths', 'components', 'security', 'tags', 'externalDocs', 'example', 'xml', 'discriminator']

const isHexDigit = (code: number): boolean => (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x66)

/**
 * ajv-formats' `uuid`, /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i, as a loop:
 * every session path checks its id, and the regular expression took 0.23 µs of a details read
 * (issue 11). The tests hold the two to the same answers.
 */
export function isUuid(text: string): boolean {
  let start = 0
  if (text.length === 45) {
    if (text.slice(0, 9).toLowerCase() !== 'urn:uuid:') return false
    start = 9
  } else if (text.length !== 36) return false
  for (let i = 0; i < 36; i++) {
    const code = text.charCodeAt(start + i)
    if (i === 8 || i === 13 || i === 18 || i === 23 ? code !== 0x2d : !isHexDigit(code)) return false
  }
  return true
}

/** A ajv instance configured for OpenAPI 3.0 schemas: strict, all errors, formats, `nullable`. */
export function createAjv(): Ajv {
  const ajv = new (ajvPackage().Ajv)({ strict: true, allErrors: true, verbose: true, validateFormats: true })
  ajvFormats().default(ajv)
  ajv.addFormat('uuid', isUuid)
  // C# decimal: 28-29 significant digits, at most 79228162514264337593543950335 in magnitude.
  ajv.addFormat('decimal', { type: 'number', validate: (n: number) => Number.isFinite(n) && Math.abs(n) <= 7.922816251426434e28 })
  for (const keyword of openApiKeywords) ajv.addKeyword({ keyword })
  return ajv
}

/** An ajv, or the function that makes it when a validator is first compiled (see CompileOptions.onFirstUse). */
export type AjvSource = Ajv | (() => Ajv)

/** One ajv for documents compiled on first use, made (and ajv loaded) when the first validator compiles. */
export function ajvOnFirstUse(): () => Ajv {
  let ajv: Ajv | undefined
  return () => (ajv ??= createAjv())
}

/** Reads an OpenAPI 3.0 document (YAML or JSON) without compiling it; throws a DocumentError naming the file. */
export function readApiDocument(file: string): OpenApiDocument {
  return parseApiDocument(file, readDocumentText(file))
}

/** The text of a document file; throws a DocumentError naming the file and the reason. */
export function readDocumentText(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    throw new DocumentError(`${file}: ${(error as Error).message}`)
  }
}

/** Parses the text of an OpenAPI 3.0 document (YAML or JSON) read from `file`; throws a DocumentError naming the file. */
export function parseApiDocument(file: string, text: string): OpenApiDocument {
  let document: OpenApiDocument
  try {
    document = yaml().parse(text) as OpenApiDocument
  } catch (error) {
    // yaml's first line ends "at line 3, column 10:" before a snippet: no dangling colon here.
    const reason = ((error as Error).message.split('\n')[0] as string).replace(/ at line (\d+), column (\d+):$/, ' (line $1, column $2)')
    throw new DocumentError(`${file}: ${reason}`)
  }
  if (typeof document?.openapi !== 'string' || !document.openapi.startsWith('3.0.')) {
    throw new DocumentError(`${file}: only OpenAPI 3.0 documents are supported (found openapi: ${String(document?.openapi)})`)
  }
  return document
}

/** Loads an OpenAPI 3.0 document (YAML or JSON) and compiles a validator for every operation. */
export function loadApiDocument(file: string, ajv: AjvSource = createAjv()): ApiDocument {
  return compileApiDocument(file, readApiDocument(file), ajv)
}

/** How compileApiDocument compiles. */
export interface CompileOptions {
  /**
   * Compile each validator on its first call instead of now. Only for a document already known to
   * compile (the build compiled the shipped ones: src/openapi/shipped.ts), since an unknown keyword
   * or format in it would otherwise surface at a request instead of at start-up. With an ajv given
   * as a function, that function is called then too: start-up makes no ajv.
   */
  onFirstUse?: boolean
}

// A validator compiled on its first call, which carries the compiled one's errors as ajv's own do.
function compiledOnFirstUse(compile: () => ValidateFunction): ValidateFunction {
  let compiled: ValidateFunction | undefined
  const validate = Object.assign((data: unknown): boolean => {
    compiled ??= compile()
    const valid = compiled(data) as boolean
    validate.errors = compiled.errors
    return valid
  }, { errors: null as ValidateFunction['errors'] })
  return validate as unknown as ValidateFunction
}

/** Compiles a validator for every operation of a document read from `file` (named in errors). */
export function compileApiDocument(file: string, document: OpenApiDocument, ajv: AjvSource = createAjv(), options: CompileOptions = {}): ApiDocument {
  const id = `flinks-mock:${basename(file)}`
  let withDocument: Ajv | undefined
  const ready = (): Ajv => {
    if (withDocument === undefined) {
      withDocument = typeof ajv === 'function' ? ajv() : ajv
      // A document known to compile needs no check against the meta-schema either.
      withDocument.addSchema({ ...document, $id: id }, undefined, undefined, options.onFirstUse !== true)
    }
    return withDocument
  }
  if (options.onFirstUse !== true) ready()
  const compileNow = (where: string, schema: AnySchemaObject): ValidateFunction => {
    try {
      return ready().compile(schema)
    } catch (error) {
      throw new DocumentError(`${file}: ${where}: ${(error as Error).message}`)
    }
  }
  const compile = options.onFirstUse === true
    ? (where: string, schema: AnySchemaObject) => compiledOnFirstUse(() => compileNow(where, schema))
    : compileNow
  const pointer = (...segments: string[]) => `${id}#/${segments.map(s => s.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`

  const names = new WeakMap<object, string>()
  const components = new Map<string, ValidateFunction>()
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    names.set(schema, name)
    // Compiling every component at start-up makes an unknown keyword or format fail now, not later
    // (or at build time, for a document compiled on first use).
    components.set(name, compile(`components.schemas.${name}`, { $ref: pointer('components', 'schemas', name) }))
  }

  const resolve = (schema: AnySchemaObject): AnySchemaObject => {
    let current = schema
    for (let hops = 0; typeof current.$ref === 'string'; hops++) {
      const ref: string = current.$ref
      if (hops > 32 || !ref.startsWith('#/')) throw new DocumentError(`${file}: cannot resolve $ref ${ref}`)
      let target: unknown = document
      for (const segment of ref.slice(2).split('/')) {
        target = (target as Record<string, unknown> | undefined)?.[segment.replaceAll('~1', '/').replaceAll('~0', '~')]
      }
      if (target === undefined || target === null || typeof target !== 'object') throw new DocumentError(`${file}: $ref ${ref} points nowhere`)
      current = target as AnySchemaObject
    }
    return current
  }

  const operations = new Map<string, Operation>()
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of httpMethods) {
      const op = item[method] as OperationObject | undefined
      if (op === undefined) continue
      const where = `paths.${path}.${method}`
      if (!op.operationId) throw new DocumentError(`${file}: ${where} has no operationId`)
      if (operations.has(op.operationId)) throw new DocumentError(`${file}: ${where}: operationId ${op.operationId} is used twice`)
      // A requestBody may be a $ref to components/requestBodies; its schema is compiled where it stands.
      const bodyRef = op.requestBody?.$ref
      const requestBody = bodyRef === undefined ? op.requestBody : resolve(op.requestBody as AnySchemaObject) as OperationObject['requestBody']
      const bodyPlace = bodyRef === undefined ? ['paths', path, method, 'requestBody'] : bodyRef.slice(2).split('/').map(s => s.replaceAll('~1', '/').replaceAll('~0', '~'))
      const content = requestBody?.content ?? {}
      const mediaTypes = Object.keys(content)
      const firstMediaType = mediaTypes[0]
      const bodySchema = firstMediaType === undefined ? undefined : content[firstMediaType]?.schema
      const validatePathParams = new Map<string, ValidateFunction>()
      const validateQueryParams = new Map<string, { type: string | undefined, validate: ValidateFunction }>()
      // Path-item parameters apply to every operation; the operation's own override them by name and place.
      const own = (op.parameters ?? []).map(p => resolve(p as AnySchemaObject) as unknown as ParameterObject)
      const shared = ((item.parameters ?? []) as AnySchemaObject[]).map(p => resolve(p) as unknown as ParameterObject)
        .filter(p => !own.some(o => o.name === p.name && o.in === p.in))
      for (const [index, resolved] of [...shared, ...own].entries()) {
        if (!resolved.schema) continue
        if (resolved.in === 'path') validatePathParams.set(resolved.name, compile(`${where}.parameters[${index}]`, resolved.schema))
        if (resolved.in === 'query') {
          validateQueryParams.set(resolved.name, { type: resolve(resolved.schema).type as string | undefined, validate: compile(`${where}.parameters[${index}]`, resolved.schema) })
        }
      }
      operations.set(op.operationId, {
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        url: path.replace(/\{([^}]+)\}/g, ':$1'),
        requestMediaTypes: mediaTypes,
        ...(bodySchema === undefined
          ? {}
          : {
              bodySchema: resolve(bodySchema),
              validateBody: compile(`${where}.requestBody`, { $ref: pointer(...bodyPlace, 'content', firstMediaType as string, 'schema') })
            }),
        validatePathParams,
        validateQueryParams,
        bodyRequired: requestBody?.required === true
      })
    }
  }

  const atPlace = new Map<string, ValidateFunction>()
  return {
    file,
    document,
    validatorAt(...segments) {
      const ref = pointer(...segments)
      let validate = atPlace.get(ref)
      if (validate === undefined) {
        validate = compileNow(segments.join('.'), { $ref: ref })
        atPlace.set(ref, validate)
      }
      return validate
    },
    operations,
    schemaName: schema => names.get(schema),
    resolve,
    componentValidator(name) {
      const validate = components.get(name)
      if (validate === undefined) throw new DocumentError(`${file}: no component schema ${name}`)
      return validate
    }
  }
}

/** The operation with this id; a missing one is a bug in the document, so it throws. */
export function getOperation(api: ApiDocument, operationId: string): Operation {
  const operation = api.operations.get(operationId)
  if (operation === undefined) throw new DocumentError(`${api.file}: no operation ${operationId}`)
  return operation
}
