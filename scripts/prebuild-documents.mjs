// Run by `npm run build` after tsc: checks the shipped OpenAPI documents and writes them, parsed, to
// dist/openapi/ (src/openapi/shipped.ts says why). A bad document fails the build with its message.
import { prebuildDocuments } from '../dist/openapi/shipped.js'
import { adminDocumentFile, flinksDocumentFile, hostedPageDocumentFile } from '../dist/state.js'

try {
  prebuildDocuments([flinksDocumentFile, adminDocumentFile, hostedPageDocumentFile])
} catch (error) {
  process.stderr.write(`prebuild-documents: ${error.message}\n`)
  process.exit(1)
}
