// Run after `npm run build` (its postbuild script): checks what ships (the OpenAPI documents, the
// scenario files) as start-up would and writes it, read and validated, under dist/, and writes the
// configuration's validator as code, so that start-up need do neither (src/openapi/shipped.ts,
// src/scenarios/loader.ts, src/config.ts). A bad file fails the build with its message.
import { writeFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import standaloneCode from 'ajv/dist/standalone/index.js'
import { configAjvOptions, configSchema, configValidatorDigest, configValidatorFile } from '../dist/config.js'
import { prebuildDocuments } from '../dist/openapi/shipped.js'
import { prebuildScenarios } from '../dist/scenarios/loader.js'
import { adminDocumentFile, flinksDocumentFile, hostedPageDocumentFile } from '../dist/state.js'

try {
  prebuildDocuments([flinksDocumentFile, adminDocumentFile, hostedPageDocumentFile])
  prebuildScenarios()
} catch (error) {
  process.stderr.write(`prebuild: ${error.message}\n`)
  process.exit(1)
}

const ajv = new Ajv({ ...configAjvOptions, code: { source: true, esm: true } })
// ajv's ESM code still loads its runtime helpers (ucs2length, equal) with require: it gets one.
const code = standaloneCode.default(ajv, ajv.compile(configSchema))
// Generated code: the tests cover the schema through src/config.ts, not ajv's branches.
writeFileSync(configValidatorFile, [
  '// Written by scripts/prebuild.mjs: the configuration\'s validator (src/config.ts), as ajv compiles it.',
  '/* c8 ignore start */',
  "import { createRequire } from 'node:module'",
  'const require = createRequire(import.meta.url)',
  `export const digest = ${JSON.stringify(configValidatorDigest)}`,
  code,
  '/* c8 ignore stop */',
  ''
].join('\n'))
