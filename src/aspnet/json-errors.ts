/**
 * Error messages for request bodies, worded as System.Text.Json words them inside ASP.NET Core's
 * ValidationProblemDetails: the key is the JSON path (`$.amount`), the message ends with
 * `Path: $.amount | LineNumber: 0 | BytePositionInLine: 15.` Only the error path pays for this:
 * a body that is not JSON is walked as Utf8JsonReader walks it (json-reader-errors.ts); one that
 * does not fit its schema is re-read with jsonc-parser to find lines and byte offsets.
 */
import type { AnySchemaObject, ErrorObject } from 'ajv'
import { getNodePath, parseTree, type Node, type Segment } from 'jsonc-parser'
import { findReaderError } from './json-reader-errors.js'

/** One ASP.NET Core model-state entry: its key and its message. */
export interface JsonError {
  key: string
  message: string
}

// ReadStack.JsonPath brackets a name holding one of these characters and writes it as is.
const specialCharacters = /[. '/"[\]()\t\n\r\f\b\\\u0085\u2028\u2029]/

/** Renders path segments as System.Text.Json does: `$.payor.firstName`, `$.items[0]`, `$['a b']`. */
export function jsonPath(segments: readonly Segment[]): string {
  let path = '$'
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`
    else path += specialCharacters.test(segment) ? `['${segment}']` : `.${segment}`
  }
  return path
}

function position(text: string, offset: number): { line: number, byte: number } {
  const before = text.slice(0, offset)
  const lineStart = before.lastIndexOf('\n') + 1
  let line = 0
  for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) line++
  return { line, byte: Buffer.byteLength(before.slice(lineStart)) }
}

// JsonSerializer's ReThrowWithPath puts the path before the reader's line and byte position.
function positioned(message: string, path: string, line: number, byte: number): string {
  return `${message} Path: ${path} | LineNumber: ${line} | BytePositionInLine: ${byte}.`
}

function withPosition(message: string, path: string, text: string, offset: number): string {
  const { line, byte } = position(text, offset)
  return positioned(message, path, line, byte)
}

/**
 * The model-state entry System.Text.Json gives a body that is not JSON, or undefined when
 * Utf8JsonReader reads it to the end.
 */
export function describeSyntaxError(text: string): JsonError | undefined {
  const error = findReaderError(text)
  if (error === undefined) return undefined
  const path = jsonPath(error.path)
  return { key: path, message: positioned(error.message, path, error.lineNumber, error.bytePositionInLine) }
}

/** The CLR type System.Text.Json would name when a value does not convert to `schema`. */
export type SchemaNamer = (schema: object) => string | undefined

function clrTypeName(schema: AnySchemaObject, name: SchemaNamer): string {
  const named = name(schema)
  if (named !== undefined) return named
  const valueType = (() => {
    switch (schema.type) {
      case 'number':
        return schema.format === 'double' ? 'System.Double' : schema.format === 'float' ? 'System.Single' : 'System.Decimal'
      case 'integer':
        return schema.format === 'int64' ? 'System.Int64' : 'System.Int32'
      case 'boolean':
        return 'System.Boolean'
      case 'string':
        if (schema.format === 'uuid') return 'System.Guid'
        if (schema.format === 'date-time') return 'System.DateTime'
        return undefined
      default:
        return undefined
    }
  })()
  if (valueType !== undefined) return schema.nullable === true ? `System.Nullable\`1[${valueType}]` : valueType
  if (schema.type === 'string') return schema.format === 'uri' ? 'System.Uri' : 'System.String'
  if (schema.type === 'array') return 'System.Collections.Generic.List`1[System.Object]'
  return 'System.Object'
}

/** Each object's properties by name, exact and case-folded. */
type PropertyIndex = { exact: Map<string, Node>, folded: Map<string, Node> }

// An index of each object's properties, built once per object of one body: a body with thousands of
// unknown properties yields thousands of errors, and a scan per error would make this quadratic.
// One Map per call, not a module-wide WeakMap: a WeakMap keyed by every request's nodes kept them
// alive across young collections, and the 400 path spent 16 % of its CPU collecting (issue 11).
type Indexes = Map<Node, PropertyIndex>

function indexOf(indexes: Indexes, object: Node): PropertyIndex {
  let index = indexes.get(object)
  if (index === undefined) {
    index = { exact: new Map(), folded: new Map() }
    // Later duplicates win, as they do when the body is read.
    // An object node always lists its properties, and each holds its key, then its value.
    for (const property of object.children as Node[]) {
      const name = String((property.children as [Node, Node])[0].value)
      index.exact.set(name, property)
      index.folded.set(name.toLowerCase(), property)
    }
    indexes.set(object, index)
  }
  return index
}

function findNode(indexes: Indexes, tree: Node | undefined, segments: readonly string[]): Node | undefined {
  // Case-insensitive, because in aspnet mode the body may spell `Amount` where the schema says `amount`.
  let node = tree
  for (const segment of segments) {
    if (node?.type === 'object') node = indexOf(indexes, node).folded.get(segment.toLowerCase())?.children?.[1]
    else if (node?.type === 'array') node = node.children?.[Number(segment)]
    else return undefined
  }
  return node
}

function propertyNode(indexes: Indexes, parent: Node | undefined, name: string): Node | undefined {
  return parent?.type === 'object' ? indexOf(indexes, parent).exact.get(name) : undefined
}

/**
 * The one error System.Text.Json would report for a body that parsed but does not fit the
 * schema: the first in body order (the deserializer stops at the first), with its path and position.
 */
export function describeSchemaError(text: string, errors: ErrorObject[], name: SchemaNamer): JsonError {
  const tree = parseTree(text)
  const indexes: Indexes = new Map()
  const located = errors.map(error => {
    const segments = error.instancePath.split('/').slice(1).map(s => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    const node = findNode(indexes, tree, segments)
    if (error.keyword === 'additionalProperties') {
      const property = propertyNode(indexes, node, String(error.params.additionalProperty))
      const key = property?.children?.[0]
      const path = jsonPath([...(property ? getNodePath(property) : segments), String(error.params.additionalProperty)])
      const offset = key ? key.offset + key.length : 0
      const owner = clrTypeName(error.parentSchema ?? {}, name)
      // The serializer throws this one with its own message, so no Path/LineNumber is appended.
      return { offset, path, message: `The JSON property '${String(error.params.additionalProperty)}' could not be mapped to any .NET member contained in type '${owner}'.`, positioned: false }
    }
    const path = jsonPath(node ? getNodePath(node) : segments)
    const offset = node === undefined ? 0 : node.type === 'object' || node.type === 'array' ? node.offset + 1 : node.offset + node.length
    const target = error.keyword === 'type' || error.keyword === 'format' || error.keyword === 'enum' || error.keyword === 'nullable'
      ? clrTypeName(error.parentSchema ?? {}, name)
      : undefined
    const message = target === undefined
      ? `The JSON value is not valid: it ${error.message ?? 'does not match the schema'}.`
      : `The JSON value could not be converted to ${target}.`
    return { offset, path, message, positioned: true }
  })
  located.sort((a, b) => a.offset - b.offset)
  const first = located[0] ?? { offset: 0, path: '$', message: 'The JSON value is not valid.', positioned: true }
  return { key: first.path, message: first.positioned ? withPosition(first.message, first.path, text, first.offset) : first.message }
}
