// The package as a partner installs it: packed from a clean copy of the tree (no dist/), installed
// from the tarball into an empty project, then its binary, its import and its types used there.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process'
import { once } from 'node:events'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { startBinary } from './helpers/process.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

// The children are the user's processes: none of tap's coverage or loaders reach them.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(NODE_OPTIONS|NODE_V8_COVERAGE|_?TAP)/.test(name)))

function run(command: string, args: string[], options: SpawnSyncOptions & { cwd: string }): string {
  const result = spawnSync(command, args, { encoding: 'utf8', env, ...options })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${String(result.stderr)}${String(result.stdout)}`)
  return String(result.stdout)
}

const work = mkdtempSync(join(tmpdir(), 'flinks-mock-package-'))
t.teardown(() => rmSync(work, { recursive: true, force: true }))

// A copy of the tree as a fresh clone has it: no dist/, no build output; node_modules shared.
const clone = join(work, 'clone')
// Top-level names only: src/coverage is source, the root's coverage/ is a report.
const left = new Set(['node_modules', 'dist', '.git', '.tap', 'coverage'])
cpSync(root, clone, { recursive: true, filter: source => !left.has(relative(root, source)) && !source.endsWith('.tgz') })
symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'), 'dir')

const packed = JSON.parse(run(npm, ['pack', '--json', '--pack-destination', work], { cwd: clone })) as Array<{ filename: string, files: Array<{ path: string }> }>
const tarball = join(work, packed[0]?.filename ?? '')
const files = (packed[0]?.files ?? []).map(f => f.path)

const project = join(work, 'project')
mkdirSync(project)
writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'partner-app', private: true, type: 'module' }, null, 2)}\n`)
run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--save-dev', tarball], { cwd: project })
const binary = join(project, 'node_modules', '.bin', 'flinks-mock')

t.test('npm pack of a fresh clone builds dist/ (prepare) and carries what the mock runs on, not the tests', async t => {
  for (const path of ['bin/flinks-mock.js', 'dist/cli.js', 'dist/index.js', 'dist/index.d.ts', 'openapi/flinks-pay.yaml', 'openapi/admin.yaml', 'scenarios/schema.json', 'package.json', 'README.md']) {
    t.ok(files.includes(path), path)
  }
  t.strictSame(files.filter(path => /^(test|bench|scripts)\/|\.ts$/.test(path) && !path.endsWith('.d.ts')), [])
})

t.test('npx flinks-mock in the project prints the version', async t => {
  t.equal(run(npm, ['exec', '--no', '--', 'flinks-mock', '--version'], { cwd: project }), `${version}\n`)
})

t.test('the installed binary serves the API, the hosted page and the dashboard, and stops on SIGTERM with exit 0', async t => {
  const { child, port } = await startBinary(t, binary, [], { cwd: project, env })
  const health = await fetch(`http://127.0.0.1:${port}/healthz`)
  t.equal(health.status, 200)
  const script = await fetch(`http://127.0.0.1:${port}/app/app.js`)
  t.equal(script.status, 200)
  t.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8')
  const dashboard = await fetch(`http://127.0.0.1:${port}/__admin/ui/dashboard.js`)
  t.equal(dashboard.status, 200, 'the dashboard\'s files ship too')
  t.equal(dashboard.headers.get('content-type'), 'text/javascript; charset=utf-8')
  child.kill('SIGTERM')
  const [code] = await once(child, 'exit')
  t.equal(code, 0)
})

t.test('import { startFlinksMock } from \'flinks-mock\' works in the project, and its types check strictly', async t => {
  writeFileSync(join(project, 'contract.ts'), [
    "import { startFlinksMock, type FlinksMock } from 'flinks-mock'",
    '',
    "const mock: FlinksMock = await startFlinksMock({ frozenAt: '2026-06-04T14:30:00Z', seed: 'partner' })",
    'const basic = Buffer.from(\'flinks-mock-client:flinks-mock-secret\').toString(\'base64\')',
    "const res = await fetch(`${mock.url}/api/v1/authorize`, { method: 'POST', headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' })",
    'console.log(res.status, new Date(mock.clock.now()).toISOString(), mock.requests().length)',
    'await mock.close()',
    ''
  ].join('\n'))
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', lib: ['ES2023'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'out',
      // Library declarations are checked too: the package's types must stand on its dependencies alone.
      skipLibCheck: false, typeRoots: [join(root, 'node_modules', '@types')], types: ['node']
    },
    files: ['contract.ts']
  }))
  run(process.execPath, [tsc, '-p', project], { cwd: project })
  t.equal(run(process.execPath, [join(project, 'out', 'contract.js')], { cwd: project }), '200 2026-06-04T14:30:00.000Z 1\n')
})
