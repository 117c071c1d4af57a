#!/usr/bin/env node
// Starts flinks-mock from its compiled JavaScript in dist/. It never compiles: `npm ci` (or any
// install from git or a directory) builds dist/ through the `prepare` script, and a tarball
// carries it. In a checkout, a missing dist/ stops it and a stale one is named, each in one line.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const cli = join(root, 'dist', 'cli.js')
const checkout = existsSync(join(root, 'tsconfig.build.json')) && existsSync(join(root, 'src'))

/** The TypeScript source changed most recently under dir, as { path, mtimeMs }. */
function newestSource(dir, newest = { path: '', mtimeMs: 0 }) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newestSource(path, newest)
    else if (entry.name.endsWith('.ts')) {
      const { mtimeMs } = statSync(path)
      if (mtimeMs > newest.mtimeMs) Object.assign(newest, { path, mtimeMs })
    }
  }
  return newest
}

// Both refusals are tested on copies of this file (test/bin.test.ts): the suite cannot take dist/ away.
/* c8 ignore start */
if (!existsSync(cli)) {
  process.stderr.write(checkout
    ? 'flinks-mock: dist/ is not built: run `npm run build` (npm ci builds it too), then start again\n'
    : 'flinks-mock: this installation has no dist/: reinstall the package (a git or directory install builds it; `npm pack` carries it)\n')
  process.exit(1)
}
if (checkout) {
  const source = newestSource(join(root, 'src'))
  if (source.mtimeMs > statSync(cli).mtimeMs) {
    process.stderr.write(`flinks-mock: dist/ is older than ${relative(root, source.path)}: run \`npm run build\` to run your changes; starting the last build\n`)
  }
}
/* c8 ignore stop */
// Before the mock is loaded (its start-up collects garbage): see src/tick-shape.ts.
const { holdTickShape } = await import(new URL(`file://${join(root, 'dist', 'tick-shape.js')}`).href)
holdTickShape()
const { main } = await import(new URL(`file://${cli}`).href)
await main()
