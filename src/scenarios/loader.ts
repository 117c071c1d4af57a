import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ErrorObject, ValidateFunction } from 'ajv'
import type { ParseError } from 'jsonc-parser'
import type { Document, LineCounter } from 'yaml'
import { didYouMean } from '../did-you-mean.js'
import { ajvFormats, ajvPackage, jsonc, yaml } from '../on-first-use.js'
import { accountPatternWords } from '../config-schema.js'
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

// Made and compiled on first use, as yaml and jsonc-parser are loaded: a start-up with the shipped
// files only needs none of them (CheckedScenarios).
let compiledValidator: ValidateFunction<ScenarioFile> | undefined
const validator = () => (compiledValidator ??= scenarioAjv().compile<ScenarioFile>(scenarioFileSchema))

function scenarioAjv() {
  // allErrors: a misspelt field (`flows`) is reported as such, not as the missing one (`flow`).
  // verbose: errors carry their schema, whose properties a "did you mean" chooses from.
  const ajv = new (ajvPackage().Ajv)({ allErrors: true, strict: true, strictRequired: false, verbose: true })
  ajvFormats().default(ajv, ['regex'])
  return ajv
}

/**
 * Scenario files already read and validated, by the digest of what reading one depends on (the
 * schema, whether it is JSON, its text), so that start-up skips YAML and ajv for them. The build
 * writes the shipped files' (prebuildScenarios); any file with the same text and kind reads the same.
 */
export type CheckedScenarios = Record<string, Scenario[]>

/** Where the build writes the shipped scenario files, read and validated: dist/scenarios/, from src/ or dist/ alike. */
export const checkedScenariosFile = fileURLToPath(new URL('../../dist/scenarios/checked.json', import.meta.url))

const schemaDigest = createHash('sha256').update(JSON.stringify(scenarioFileSchema)).digest('hex')
const digestOf = (file: string, text: string) => createHash('sha256').update(`${schemaDigest}\n${isJsonFile(file)}\n${text}`).digest('hex')
const isJsonFile = (file: string) => /\.json$/i.test(file)

/** The checked scenarios the build wrote to `file`; none when it has not (a checkout before `npm run build`). */
export function readCheckedScenarios(file: string = checkedScenariosFile): CheckedScenarios {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CheckedScenarios
  } catch {
    return {}
  }
}

let shippedChecked: CheckedScenarios | undefined

/** Reads and validates the scenario files of `dir` and writes them to `file`, for start-up to skip reading them again. */
export function prebuildScenarios(dir: string = defaultScenarioDir, file: string = checkedScenariosFile): void {
  const checked: CheckedScenarios = {}
  for (const name of scenarioFilesOf(dir)) {
    const path = join(dir, name)
    checked[digestOf(path, readFileSync(path, 'utf8'))] = readScenarioFile(path, {}).map(({ source: _source, ...scenario }) => scenario)
  }
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, JSON.stringify(checked))
}

function where(error: ErrorObject): string {
  const segments = error.instancePath.split('/').slice(1)
  if (error.keyword === 'additionalProperties') segments.push(String(error.params.additionalProperty))
  if (error.keyword === 'required') segments.push(String(error.params.missingProperty))
  return segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : `${i ? '.' : ''}${s}`)).join('') || '(top level)'
}

function reason(error: ErrorObject): string {
  switch (error.keyword) {
    case 'additionalProperties': {
      const known = Object.keys((error.parentSchema as { properties: object }).properties)
      return `is not a known field${didYouMean(String(error.params.additionalProperty), known)}; the known ones are ${known.join(', ')}`
    }
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
    case 'pattern':
      // Every pattern of the schema has its words (a test walks the schema).
      return patternWords[error.params.pattern as string] as string
    default:
      // ajv words every error it reports (its `messages` option is on).
      return error.message as string
  }
}

// Each pattern of the schema, in words: a message shows these, never the regular expression.
const patternWords: Record<string, string> = {
  '^[A-Za-z0-9][A-Za-z0-9._-]*$': 'must start with a letter or digit and hold only letters, digits, ".", "_" and "-"',
  ...accountPatternWords,
  '^/': 'must start with /, e.g. /api/v2/sessions'
}

// The error to report: oneOf and not speak for the whole match (the errors of their branches would
// mislead); a field missing where an unknown one sits is reported as the unknown one (a misspelling).
function chooseError(errors: ErrorObject[]): ErrorObject {
  const whole = errors.find(e => e.keyword === 'oneOf' || e.keyword === 'not')
  if (whole) return whole
  const first = errors[0] as ErrorObject
  if (first.keyword !== 'required') return first
  return errors.find(e => e.keyword === 'additionalProperties' && e.instancePath === first.instancePath) ?? first
}

function lineOf(doc: Document, counter: LineCounter, instancePath: string): string {
  const segments = instancePath.split('/').slice(1).map(s => (/^\d+$/.test(s) ? Number(s) : s))
  for (let n = segments.length; n >= 0; n--) {
    const node = doc.getIn(segments.slice(0, n), true)
    if (yaml().isNode(node) && node.range) {
      const { line, col } = counter.linePos(node.range[0])
      return `:${line}:${col}`
    }
  }
  return ''
}

function checkJson(text: string, shown: string): void {
  const errors: ParseError[] = []
  const { parseTree, printParseErrorCode } = jsonc()
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false })
  const error = errors[0]
  if (error === undefined) return
  const lines = text.slice(0, error.offset).split('\n')
  const column = (lines.at(-1) as string).length + 1
  // CommaExpected reads as "comma expected".
  const words = printParseErrorCode(error.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
  throw new ScenarioError(`${shown}:${lines.length}:${column}: not valid JSON: ${words}`)
}

/** Reads and validates one scenario file (YAML or JSON), unless `checked` holds it already. */
export function readScenarioFile(file: string, checked: CheckedScenarios = (shippedChecked ??= readCheckedScenarios())): LoadedScenario[] {
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
  const known = checked[digestOf(file, text)]
  // A copy, as a file read anew would give: a reload must not share objects with the set it replaces.
  if (known !== undefined) return structuredClone(known).map(scenario => ({ ...scenario, source: shown }))
  // A .json file is held to JSON: YAML would accept some mistakes, and call the others YAML errors.
  if (isJsonFile(file)) checkJson(text, shown)
  const { LineCounter, parseDocument } = yaml()
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
  const validateFile = validator()
  if (!validateFile(value)) {
    const error = chooseError(validateFile.errors as ErrorObject[])
    // An unknown field is shown where it is written, not where its object starts.
    const at = error.keyword === 'additionalProperties' ? `${error.instancePath}/${String(error.params.additionalProperty)}` : error.instancePath
    throw new ScenarioError(`${shown}${lineOf(doc, counter, at)}: ${where(error)} ${reason(error)}`)
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

// The scenario files of a directory, in name order.
function scenarioFilesOf(dir: string): string[] {
  try {
    return readdirSync(dir).filter(name => /\.(ya?ml|json)$/i.test(name) && name !== 'schema.json').sort()
  } catch (error) {
    throw new ScenarioError(`${dir}: cannot read the scenario directory (${(error as NodeJS.ErrnoException).code})`)
  }
}

/**
 * Reads every `.yaml`, `.yml` and `.json` file of the directories, in name order. A scenario of
 * yours may replace a shipped one of the same name (README); two of yours with one name are refused.
 */
export function readScenarioDirs(dirs: readonly string[], checked?: CheckedScenarios): LoadedScenario[] {
  const scenarios: LoadedScenario[] = []
  const yours = new Map<string, string>()
  for (const dir of dirs) {
    for (const name of scenarioFilesOf(dir)) {
      const loaded = readScenarioFile(join(dir, name), checked)
      if (resolve(dir) !== resolve(defaultScenarioDir)) {
        for (const scenario of loaded) {
          const earlier = yours.get(scenario.name)
          if (earlier !== undefined) {
            throw new ScenarioError(`${scenario.source}: the scenario name "${scenario.name}" is already used in ${earlier}; names must be unique across your scenario files (a name of yours may only replace a shipped scenario)`)
          }
          yours.set(scenario.name, scenario.source)
        }
      }
      scenarios.push(...loaded)
    }
  }
  return scenarios
}
