/**
 * The `aspnet` validation mode: binds a parsed body the way ASP.NET Core's System.Text.Json
 * (JsonSerializerDefaults.Web) most likely binds it on the real service, before the schema checks it:
 * property names and enum values match case-insensitively, numbers may come as strings, enums
 * may come as their index, unknown properties are skipped, and `null` for an object is as good as
 * absent. The binder for a schema is built once at start-up; binding walks the body, not the document.
 */
import type { AnySchemaObject } from 'ajv'

/** Turns a parsed body into the body the schema expects; never throws. */
export type Binder = (value: unknown) => unknown

const numberText = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/

/** Builds the binder of `schema`; `resolve` follows `$ref`s. */
export function createBinder(schema: AnySchemaObject, resolve: (schema: AnySchemaObject) => AnySchemaObject): Binder {
  const built = new Map<AnySchemaObject, Binder>()

  const build = (raw: AnySchemaObject): Binder => {
    const schema = resolve(raw)
    const existing = built.get(schema)
    if (existing) return existing
    let binder: Binder = value => value
    // Registered before the children are built, so a recursive schema finds itself.
    built.set(schema, value => binder(value))

    if (Array.isArray(schema.enum)) {
      const byName = new Map<string, unknown>(schema.enum.map((v: unknown) => [String(v).toLowerCase(), v]))
      const values: unknown[] = schema.enum
      binder = value => {
        if (typeof value === 'string') {
          // A value as the document spells it is the usual case: bound without lower-casing it.
          if (values.includes(value)) return value
          const lower = value.toLowerCase()
          if (byName.has(lower)) return byName.get(lower)
          if (/^\d+$/.test(value) && Number(value) < values.length) return values[Number(value)]
        }
        if (Number.isInteger(value) && (value as number) >= 0 && (value as number) < values.length) return values[value as number]
        return value
      }
    } else if (schema.type === 'number' || schema.type === 'integer') {
      binder = value => (typeof value === 'string' && numberText.test(value) ? Number(value) : value)
    } else if (schema.type === 'object' && schema.properties) {
      // By name as the document spells it, and lower-cased: a body written as documented binds
      // without lower-casing every member name (issue 11: this runs on every create).
      const exact = new Map<string, { name: string, bind: Binder, isObject: boolean }>()
      const properties = new Map<string, { name: string, bind: Binder, isObject: boolean }>()
      for (const [name, child] of Object.entries(schema.properties as Record<string, AnySchemaObject>)) {
        const resolved = resolve(child)
        const property = { name, bind: build(child), isObject: resolved.type === 'object' && resolved.nullable !== true }
        exact.set(name, property)
        properties.set(name.toLowerCase(), property)
      }
      binder = value => {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
        const bound: Record<string, unknown> = {}
        const members = value as Record<string, unknown>
        for (const key of Object.keys(members)) {
          const child = members[key]
          const property = exact.get(key) ?? properties.get(key.toLowerCase())
          if (property === undefined) continue
          if (child === null && property.isObject) continue
          bound[property.name] = property.bind(child)
        }
        return bound
      }
    } else if (schema.type === 'array' && schema.items) {
      const item = build(schema.items as AnySchemaObject)
      binder = value => (Array.isArray(value) ? value.map(item) : value)
    }
    return binder
  }

  return build(schema)
}
