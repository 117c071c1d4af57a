import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'
import { startBinary } from '../helpers/process.js'

const run = promisify(execFile)
const bin = fileURLToPath(new URL('../../bin/flinks-mock.js', import.meta.url))
const integration = fileURLToPath(new URL('../../examples/sample-integration/integration.mjs', import.meta.url))

/** Runs a command to its end: exit code and output, whatever the code. */
async function exec(file: string, args: string[], env: NodeJS.ProcessEnv) {
  try {
    const { stdout, stderr } = await run(file, args, { env })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number, stdout: string, stderr: string }
    return { code, stdout, stderr }
  }
}

t.test('the sample integration runs against the binary, and `flinks-mock coverage` names exactly the cases it missed', async t => {
  const env = { PATH: process.env.PATH ?? '', ADMIN_TOKEN: 'sample-admin-token' }
  const { port } = await startBinary(t, process.execPath, [bin], { env })
  const url = `http://127.0.0.1:${port}`
  const ran = await exec(process.execPath, [integration], { PATH: env.PATH, FLINKS_BASE_URL: url, FLINKS_ADMIN_TOKEN: env.ADMIN_TOKEN })
  t.equal(ran.stderr, '')
  t.equal(ran.stdout, 'ET-Completed-1: Completed\nET-Declined-1: Failed\norder-1001 (approved on the hosted page): Completed\nError-429-1: gave up after one retry\n')
  t.equal(ran.code, 0)

  const rules = ['--min', 'final-statuses', '--min', 'scenario:ET-*', '--min', 'behaviours', '--min', 'error-class:rate-limited', '--min', 'operation:InitiateSession:201', '--min', 'page-outcome:success', '--min', 'page-outcome:cancelled']
  const check = await exec(process.execPath, [bin, 'coverage', '--url', url, '--client', 'flinks-mock-client', ...rules], env)
  // The binary warns about a dist/ older than src/ when a test is run alone after an edit; nothing else.
  t.equal(check.stderr.replace(/^flinks-mock: dist\/ is older than .*\n/, ''), '')
  t.equal(check.stdout, [
    'flinks-mock coverage: client flinks-mock-client never exercised 8 required case(s):',
    '  scenario:ET-Expired',
    '  scenario:ET-Cancelled',
    '  scenario:ET-IdentityMismatch',
    '  final-status:Cancelled',
    '  final-status:Expired',
    '  page-outcome:cancelled',
    '  behaviour:new-token-after-401',
    '  behaviour:no-identical-retry-after-400',
    ''
  ].join('\n'))
  t.equal(check.code, 1)

  const handled = await exec(process.execPath, [bin, 'coverage', '--url', url, '--admin-token', env.ADMIN_TOKEN, '--min', 'scenario:ET-Completed', '--min', 'scenario:ET-Declined', '--min', 'behaviour:waits-for-retry-after', '--min', 'final-status:Completed', '--min', 'page-outcome:success'], { PATH: env.PATH })
  t.match(handled.stdout, /^flinks-mock coverage: every client exercised every required case \(\d+ of \d+ cases covered\)\n$/)
  t.equal(handled.code, 0)

  const junit = await fetch(`${url}/__admin/coverage?format=junit`, { headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` } })
  t.equal(junit.headers.get('content-type'), 'application/xml; charset=utf-8')
  t.match(await junit.text(), /<testcase classname="flinks-mock\.final-statuses" name="final-status:Expired">\n {6}<failure message="never exercised">/)
})
