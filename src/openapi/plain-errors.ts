/**
 * Error messages for request bodies in our own words, for the mock's own APIs (the admin API):
 * a ValidationProblemDetails `errors` map keyed by the member's path (`seconds`, `payor.email`,
 * `''` for the whole body), each message saying what was expected and what came.
 */
import type { ErrorObject } from 'ajv'
import type { ParseError } from 'jsonc-parser'
import { didYouMean } from '../did-you-mean.js'
// Loaded by the first body that is not JSON, not at start-up.
import { jsonc } from '../on-first-use.js'

// The JSON type of a value, with its article: "a string", "an array", "null".
function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return withArticle(typeof value)
}

function withArticle(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`
}

function keyOf(segments: readonly string[]): string {
  return segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : `${i > 0 ? '.' : ''}${s}`)).join('')
}

function describe(error: ErrorObject): [string, string] {
  const segments = error.instancePath.split('/').slice(1).map(s => s.replaceAll('~1', '/').replaceAll('~0', '~'))
  const got = `, got ${JSON.stringify(error.data)}`
  switch (error.keyword) {
    case 'type':
      return [keyOf(segments), `Must be ${withArticle(String(error.params.type))}, got ${typeOf(error.data)}.`]
    case 'additionalProperties': {
      const name = String(error.params.additionalProperty)
      const known = Object.keys((error.parentSchema as { properties?: object }).properties ?? {})
      const allowed = known.length === 0 ? 'no members are allowed here' : `the known ones are ${known.join(', ')}`
      return [keyOf([...segments, name]), `Is not a known member${didYouMean(name, known)}; ${allowed}.`]
    }
    case 'required':
      return [keyOf([...segments, String(error.params.missingProperty)]), 'Is required.']
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String)
      return [keyOf(segments), `Must be one of ${allowed.join(', ')}${got}${didYouMean(String(error.data), allowed)}.`]
    }
    default:
      // ajv words every error it reports (its `messages` option is on): "must be >= 0".
      return [keyOf(segments), `${(error.message as string).replace(/^./, c => c.toUpperCase())}${got}.`]
  }
}

/** The errors of a body that does not fit its schema, every one, keyed by the member's path. */
export function describePlainErrors(errors: readonly ErrorObject[]): Record<string, string[]> {
  // A Map, not an object: a member named __proto__ is a key like any other.
  const described = new Map<string, string[]>()
  for (const error of errors) {
    const [key, message] = describe(error)
    const messages = described.get(key) ?? []
    if (!messages.includes(message)) messages.push(message)
    described.set(key, messages)
  }
  return Object.fromEntries(described)
}

/** What is wrong with a body JSON.parse refused, with its line and column. */
export function describePlainSyntaxError(text: string): string {
  const errors: ParseError[] = []
  const { parseTree, printParseErrorCode } = jsonc()
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false })
  // jsonc-parser refuses what JSON.parse refuses (test/openapi/plain-errors.test.ts).
  const error = errors[0] as ParseError
  const lines = text.slice(0, error.offset).split('\n')
  // CommaExpected reads as "comma expected".
  const words = printParseErrorCode(error.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
  return `The body is not valid JSON: ${words} at line ${lines.length}, column ${(lines.at(-1) as string).length + 1}.`
}

/** What is wrong with a query or path value, read from its text. */
export function describePlainParamError(raw: string, error: ErrorObject): string {
  const expected = error.keyword === 'type' ? `Must be ${withArticle(String(error.params.type))}` : (error.message as string).replace(/^./, c => c.toUpperCase())
  return `${expected}, got ${JSON.stringify(raw)}.`
}
