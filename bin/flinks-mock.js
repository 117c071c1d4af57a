#!/usr/bin/env node
// Starts flinks-mock. In a checkout (tsconfig.build.json present) it first compiles the
// TypeScript sources when dist/ is missing or older than them, so a fresh clone just runs.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const cli = join(root, 'dist', 'cli.js')

function newestSource(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path))
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

const checkout = existsSync(join(root, 'tsconfig.build.json')) && existsSync(join(root, 'src'))
/* c8 ignore start: compiling runs on a fresh clone (as in CI), not on every test run */
if (checkout && (!existsSync(cli) || newestSource(join(root, 'src')) > statSync(cli).mtimeMs)) {
  let tsc
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  } catch {
    console.error('flinks-mock: the sources need compiling and TypeScript is not installed: run `npm ci` first')
    process.exit(1)
  }
  const built = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' })
  if (built.status !== 0) process.exit(built.status ?? 1)
}
/* c8 ignore stop */
const { main } = await import(new URL(`file://${cli}`).href)
await main()
