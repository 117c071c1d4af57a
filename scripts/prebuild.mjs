// Run after `npm run build` (its postbuild script): checks what ships (the OpenAPI documents, the scenario files)
// as start-up would and writes it, read and validated, under dist/, so that start-up need not read
// it again (src/openapi/shipped.ts, src/scenarios/loader.ts). A bad file fails the build with its message.
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
