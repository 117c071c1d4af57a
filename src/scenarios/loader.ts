import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv, type ErrorObject } from 'ajv'
import addFormats from 'ajv-formats'
import { isNode, LineCounter, parseDocument, type Document } from 'yaml'
import { scenarioFileSchema, type Scenario, type ScenarioFile } from './schema.js'

/** The directory of the scenarios that ship with flinks-mock. */
export const defaultScenarioDir = fileURLToPath(new URL('../../scenarios/', import.meta.url))

/** A scenario with the file it came from. */
export interface LoadedScenario extends Scenario {
  source: string
}

/** A bad scenario file; the message gives the file, the line, the path inside it and the fix. */
export class ScenarioError extends Error {
  override name = 'ScenarioError'
}

const ajv = new Ajv({ allErrors: false, strict: true, strictRequired: false })
addFormats.default(ajv, ['regex'])
const validateFile = ajv.compile<ScenarioFile>(scenarioFileSchema)

function where(error: ErrorObject): string {
  const segments = error.instancePath.split('/').slice(1)
  if (error.keyword === 'additionalProperties') segments.push(String(error.params.additionalProperty))
  if (error.keyword === 'required') segments.push(String(error.params.missingProperty))
  return segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : `${i ? '.' : ''}${s}`)).join('') || '(top level)'
}

function reason(error: ErrorObject): string {
  switch (error.keyword) {
    case 'additionalProperties':
      return 'is not a known field: check its spelling against scenarios/schema.json'
    case 'required':
      return 'is required'
    case 'enum':
      return `must be one of: ${(error.params.allowedValues as unknown[]).join(', ')}`
    case 'not':
      return error.schemaPath.includes('/then/')
        ? 'matches a path and has a lifecycle: a path scenario is a fault (error, delayMs, dropConnection); shape sessions by referenceId'
        : 'combines outcomes that exclude each other: a scenario has one of error, dropConnection or lifecycle (delayMs goes with any)'
    case 'oneOf':
      return 'must hold exactly one of referenceId, referenceIdPrefix, referenceIdPattern, path'
    case 'dependencies':
      return 'has a method without a path: method only narrows a path match'
    case 'format':
      return 'is not a valid regular expression'
    default:
      // ajv words every error it reports (its `messages` option is on).
      return error.message as string
  }
}

function lineOf(doc: Document, counter: LineCounter, instancePath: string): string {
  const segments = instancePath.split('/').slice(1).map(s => (/^\d+$/.test(s) ? Number(s) : s))
  for (let n = segments.length; n >= 0; n--) {
    const node = doc.getIn(segments.slice(0, n), true)
    if (isNode(node) && node.range) {
      const { line, col } = counter.linePos(node.range[0])
      return `:${line}:${col}`
    }
  }
  return ''
}

/** Reads and validates one scenario file (YAML or JSON). */
export function readScenarioFile(file: string): LoadedScenario[] {
  // Relative to the working directory when inside it (short messages), absolute otherwise.
  const fromCwd = relative(process.cwd(), file)
  const shown = fromCwd && !fromCwd.startsWith('..') ? fromCwd : file
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    // Every error of node:fs has a code (ENOENT, EISDIR, EACCES, ERR_INVALID_ARG_VALUE...).
    throw new ScenarioError(`${shown}: cannot be read (${(error as NodeJS.ErrnoException).code})`)
  }
  const counter = new LineCounter()
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false })
  const syntax = doc.errors[0]
  if (syntax) {
    const { line, col } = counter.linePos(syntax.pos[0])
    throw new ScenarioError(`${shown}:${line}:${col}: not valid YAML: ${syntax.message.split('\n')[0]}`)
  }
  let value: unknown
  try {
    value = doc.toJS()
  } catch (error) {
    // toJS refuses to resolve an alias more than 100 times (yaml's guard against resource exhaustion).
    throw new ScenarioError(`${shown}: refused by the YAML reader: ${(error as Error).message}`)
  }
  if (!validateFile(value)) {
    // oneOf and not speak for the whole match; the errors of their branches would mislead.
    const errors = validateFile.errors as ErrorObject[]
    const error = (errors.find(e => e.keyword === 'oneOf' || e.keyword === 'not') ?? errors[0]) as ErrorObject
    throw new ScenarioError(`${shown}${lineOf(doc, counter, error.instancePath)}: ${where(error)} ${reason(error)}`)
  }
  const names = new Set<string>()
  return value.scenarios.map((scenario, index) => {
    if (names.has(scenario.name)) {
      throw new ScenarioError(`${shown}${lineOf(doc, counter, `/scenarios/${index}/name`)}: scenarios[${index}].name "${scenario.name}" is used twice in this file; names must be unique`)
    }
    names.add(scenario.name)
    return { ...scenario, source: shown }
  })
}

/** Reads every `.yaml`, `.yml` and `.json` file of the directories, in name order. */
export function readScenarioDirs(dirs: readonly string[]): LoadedScenario[] {
  const scenarios: LoadedScenario[] = []
  for (const dir of dirs) {
    let entries: string[]
    try {
      entries = readdirSync(dir).filter(name => /\.(ya?ml|json)$/i.test(name) && name !== 'schema.json').sort()
    } catch (error) {
      throw new ScenarioError(`${dir}: cannot read the scenario directory (${(error as NodeJS.ErrnoException).code})`)
    }
    for (const name of entries) scenarios.push(...readScenarioFile(join(dir, name)))
  }
  return scenarios
}
