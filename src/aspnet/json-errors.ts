/**
 * Error messages for request bodies, worded as System.Text.Json words them inside ASP.NET Core's
 * ValidationProblemDetails: the key is the JSON path (`$.amount`), the message ends with
 * `Path: $.amount | LineNumber: 0 | BytePositionInLine: 15.` Only the error path pays for this:
 * a body that is not JSON is walked as Utf8JsonReader walks it (json-reader-errors.ts); one that
 * does not fit its schema is re-read with jsonc-parser to find lines and byte offsets.
 */
import type { AnySchemaObject, ErrorObject } from 'ajv'
import type { Segment } from 'jsonc-parser'
// Loaded by the first body that does not fit its schema, not at start-up.
import { jsonc } from '../on-first-use.js'
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

/** Where a value sits in the body (its offset as the error reports it), and its path as the body spells it. */
interface Located {
  offset: number
  path: Segment[]
}

// A path folded for case-insensitive lookup, as one string: each segment after a NUL, names in lower
// case (System.Text.Json matches members case-insensitively in ASP.NET Core's web defaults).
const foldedKey = (path: readonly Segment[]): string => {
  let key = ''
  for (const segment of path) key += `\u0000${typeof segment === 'number' ? segment : segment.toLowerCase()}`
  return key
}

/** What the errors ask of the body: values to locate, and objects whose keys to locate (unknown members). */
interface Wanted {
  values: Set<string>
  objects: Set<string>
  /** The paths above a wanted value or object: the only ones walked into. */
  above: Set<string>
}

/**
 * Locates the wanted values and object keys in one streaming read of the body (jsonc-parser's
 * visit), walking into the objects and arrays on the way to them only: no tree of the whole body
 * is built (it was most of a 400's garbage, issue 11). A member given twice (in any case) counts
 * as its last occurrence, as System.Text.Json's case-insensitive lookup finds it.
 */
function locate(text: string, wanted: Wanted): { values: Map<string, Located>, keys: Map<string, Map<string, Located>> } {
  const values = new Map<string, Located>()
  const keys = new Map<string, Map<string, Located>>()
  // A member read again replaces what its earlier occurrence held.
  const forget = (key: string) => {
    for (const found of [values, keys]) {
      for (const k of found.keys()) if (k === key || k.startsWith(`${key}\u0000`)) found.delete(k)
    }
  }
  const begin = (offset: number, pathOf: () => Segment[]): boolean => {
    const path = pathOf()
    const key = foldedKey(path)
    if (wanted.values.has(key)) values.set(key, { offset: offset + 1, path })
    return wanted.above.has(key) || wanted.objects.has(key)
  }
  jsonc().visit(text, {
    onObjectBegin: (offset, _length, _line, _character, pathOf) => begin(offset, pathOf),
    onArrayBegin: (offset, _length, _line, _character, pathOf) => begin(offset, pathOf),
    // visit resumes after a skipped object or array only in an end callback: without one, it would
    // skip the rest of the body.
    onObjectEnd: () => {},
    onArrayEnd: () => {},
    onObjectProperty: (name, offset, length, _line, _character, pathOf) => {
      const parent = pathOf()
      const parentKey = foldedKey(parent)
      if (wanted.objects.has(parentKey)) {
        const byName = keys.get(parentKey) ?? new Map<string, Located>()
        byName.set(name, { offset: offset + length, path: parent })
        keys.set(parentKey, byName)
      }
      const key = `${parentKey}\u0000${name.toLowerCase()}`
      if (wanted.above.has(key) || wanted.values.has(key) || wanted.objects.has(key)) forget(key)
    },
    onLiteralValue: (_value, offset, length, _line, _character, pathOf) => {
      const path = pathOf()
      const key = foldedKey(path)
      if (wanted.values.has(key)) values.set(key, { offset: offset + length, path })
    }
  })
  return { values, keys }
}

/**
 * The one error System.Text.Json would report for a body that parsed but does not fit the
 * schema: the first in body order (the deserializer stops at the first), with its path and position.
 */
export function describeSchemaError(text: string, errors: ErrorObject[], name: SchemaNamer): JsonError {
  const targets = errors.map(error => {
    const segments = error.instancePath.split('/').slice(1).map(s => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    return { error, segments, key: foldedKey(segments) }
  })
  const wanted: Wanted = { values: new Set(), objects: new Set(), above: new Set() }
  for (const { error, segments, key } of targets) {
    if (error.keyword === 'additionalProperties') wanted.objects.add(key)
    else wanted.values.add(key)
    for (let i = 0; i < segments.length; i++) wanted.above.add(foldedKey(segments.slice(0, i)))
  }
  const found = locate(text, wanted)
  const located = targets.map(({ error, segments, key: at }) => {
    if (error.keyword === 'additionalProperties') {
      const member = String(error.params.additionalProperty)
      const key = found.keys.get(at)?.get(member)
      const path = jsonPath([...(key?.path ?? segments), member])
      const owner = clrTypeName(error.parentSchema ?? {}, name)
      // Unmapped members are reported without a position (JsonUnmappedMemberHandling.Disallow).
      return { offset: key?.offset ?? 0, path, message: `The JSON property '${member}' could not be mapped to any .NET member contained in type '${owner}'.`, positioned: false }
    }
    const value = found.values.get(at)
    const path = jsonPath(value?.path ?? segments)
    const target = error.keyword === 'type' || error.keyword === 'format' || error.keyword === 'enum' || error.keyword === 'nullable'
      ? clrTypeName(error.parentSchema ?? {}, name)
      : undefined
    const message = target === undefined
      ? `The JSON value is not valid: it ${error.message ?? 'does not match the schema'}.`
      : `The JSON value could not be converted to ${target}.`
    return { offset: value?.offset ?? 0, path, message, positioned: true }
  })
  located.sort((a, b) => a.offset - b.offset)
  const first = located[0] ?? { offset: 0, path: '$', message: 'The JSON value is not valid.', positioned: true }
  return { key: first.path, message: first.positioned ? withPosition(first.message, first.path, text, first.offset) : first.message }
}
