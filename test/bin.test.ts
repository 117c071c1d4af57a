import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'

const bin = fileURLToPath(new URL('../bin/flinks-mock.js', import.meta.url))

/** A package folder holding the binary, and whatever else `files` names, relative to it. */
function packageDir(t: Test, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'flinks-mock-bin-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  mkdirSync(join(dir, 'bin'))
  copyFileSync(bin, join(dir, 'bin', 'flinks-mock.js'))
  // What the binary loads first, whatever the test's dist/ holds.
  mkdirSync(join(dir, 'dist'))
  copyFileSync(fileURLToPath(new URL('../dist/tick-shape.js', import.meta.url)), join(dir, 'dist', 'tick-shape.js'))
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

const run = (dir: string) => spawnSync(process.execPath, [join(dir, 'bin', 'flinks-mock.js'), '--version'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } })
const fakeCli = 'export async function main () { console.log(`main ran with ${process.argv.slice(2).join(" ")}`) }\n'

t.test('in a checkout without dist/, it says how to build in one line and exits 1, compiling nothing', async t => {
  const dir = packageDir(t, { 'tsconfig.build.json': '{}', 'src/cli.ts': '' })
  const result = run(dir)
  t.equal(result.status, 1)
  t.equal(result.stdout, '')
  t.equal(result.stderr, 'flinks-mock: dist/ is not built: run `npm run build` (npm ci builds it too), then start again\n')
})

t.test('in an installed package without dist/, it says to reinstall and exits 1', async t => {
  const dir = packageDir(t, {})
  const result = run(dir)
  t.equal(result.status, 1)
  t.equal(result.stderr, 'flinks-mock: this installation has no dist/: reinstall the package (a git or directory install builds it; `npm pack` carries it)\n')
})

t.test('in a checkout whose sources are newer than dist/, it names the newest source and runs the last build', async t => {
  const dir = packageDir(t, { 'tsconfig.build.json': '{}', 'dist/cli.js': fakeCli, 'src/cli.ts': '', 'src/routes/sessions.ts': '', 'src/hosted-app/app.js': '' })
  const past = new Date('2026-01-01T00:00:00Z')
  utimesSync(join(dir, 'dist', 'cli.js'), past, past)
  utimesSync(join(dir, 'src', 'cli.ts'), past, past)
  const result = run(dir)
  t.equal(result.status, 0)
  t.equal(result.stderr, 'flinks-mock: dist/ is older than src/routes/sessions.ts: run `npm run build` to run your changes; starting the last build\n')
  t.equal(result.stdout, 'main ran with --version\n')
})

t.test('with dist/ up to date, it runs dist/cli.js and says nothing else', async t => {
  const dir = packageDir(t, { 'tsconfig.build.json': '{}', 'src/cli.ts': '', 'dist/cli.js': fakeCli })
  const past = new Date('2026-01-01T00:00:00Z')
  utimesSync(join(dir, 'src', 'cli.ts'), past, past)
  const result = run(dir)
  t.equal(result.status, 0)
  t.equal(result.stderr, '')
  t.equal(result.stdout, 'main ran with --version\n')
})
