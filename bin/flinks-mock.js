#!/usr/bin/env node
// Starts flinks-mock, building the TypeScript sources first when dist/ is missing (a fresh clone).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const cli = new URL('../dist/cli.js', import.meta.url)
if (!existsSync(cli)) {
  const root = fileURLToPath(new URL('..', import.meta.url))
  let tsc
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  } catch {
    console.error('flinks-mock: dist/ is missing and TypeScript is not installed: run `npm ci` first')
    process.exit(1)
  }
  const built = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' })
  if (built.status !== 0) process.exit(built.status ?? 1)
}
const { main } = await import(cli.href)
await main()
