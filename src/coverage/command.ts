/**
 * `flinks-mock coverage`: reads GET /__admin/coverage of a running mock and exits 1 naming the
 * required cases never exercised, 0 when every one was (a partner's CI gates on it).
 */
import { parseArgs } from 'node:util'
import type { CoverageReport } from './report.js'
import { checkCoverage } from './rules.js'

/** The flags of the subcommand (not server settings: test/docs.test.ts reads this list). */
export const coverageFlags = ['url', 'client', 'admin-token', 'min'] as const

/** Exit code for a check that could not run (bad flags, a rule naming no case, the mock unreachable). */
export const exitCoverageUnusable = 2

/** The --help text of the subcommand. */
export function coverageUsage(): string {
  return [
    'Usage: flinks-mock coverage --min RULE [--min RULE ...] [--url URL] [--client ID] [--admin-token TOKEN]',
    '',
    'Exits 1 naming each case the rules require that the client never exercised since its last reset, 0 when it exercised them all.',
    '',
    '  --min RULE           a required case: all, a group (operations, scenarios, final-statuses, status-codes,',
    '                       payment-statuses, page-actions, page-outcomes, error-classes, behaviours, webhooks),',
    '                       a case id (scenario:Happy1, operation:InitiateSession:429), or a case id with *',
    '                       (status-code:EFT04*). Repeatable.',
    '  --url URL            the mock. Default: http://localhost:8080.',
    '  --client ID          whose coverage. Default: every client summed.',
    '  --admin-token TOKEN  the mock\'s ADMIN_TOKEN, when it has one. Default: the ADMIN_TOKEN variable.',
    '  --help'
  ].join('\n')
}

/** What the subcommand writes to; the exit code is its result. */
export interface CoverageIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  fetch: typeof fetch
}

/** Runs the subcommand; resolves with its exit code. */
export async function coverageCommand(argv: string[], env: Record<string, string | undefined>, io: CoverageIo): Promise<number> {
  let values: { url?: string, client?: string, 'admin-token'?: string, min?: string[], help?: boolean }
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { url: { type: 'string' }, client: { type: 'string' }, 'admin-token': { type: 'string' }, min: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } }
    }).values
  } catch (error) {
    io.stderr(`flinks-mock coverage: ${(error as Error).message}\n\n${coverageUsage()}`)
    return exitCoverageUnusable
  }
  if (values.help === true) {
    io.stdout(coverageUsage())
    return 0
  }
  const rules = values.min ?? []
  if (rules.length === 0) {
    io.stderr(`flinks-mock coverage: say which cases are required with --min (--min all for every one)\n\n${coverageUsage()}`)
    return exitCoverageUnusable
  }
  const url = new URL('/__admin/coverage', values.url ?? 'http://localhost:8080')
  if (values.client !== undefined) url.searchParams.set('clientId', values.client)
  const token = values['admin-token'] ?? env.ADMIN_TOKEN
  let report: CoverageReport
  try {
    const res = await io.fetch(url, { headers: { accept: 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) } })
    const body = await res.text()
    if (res.status !== 200) {
      io.stderr(`flinks-mock coverage: ${url.href} answered ${res.status}: ${body}`)
      return exitCoverageUnusable
    }
    report = JSON.parse(body) as CoverageReport
  } catch (error) {
    io.stderr(`flinks-mock coverage: cannot read ${url.href}: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`)
    return exitCoverageUnusable
  }
  const { missing, unknownRules } = checkCoverage(report, rules)
  if (unknownRules.length > 0) {
    io.stderr(`flinks-mock coverage: no case matches ${unknownRules.map(r => `--min ${r}`).join(', ')} (GET /__admin/coverage lists the cases)`)
    return exitCoverageUnusable
  }
  const whose = report.clientId === null ? 'every client' : `client ${report.clientId}`
  if (missing.length === 0) {
    io.stdout(`flinks-mock coverage: ${whose} exercised every required case (${report.covered} of ${report.cases} cases covered)`)
    return 0
  }
  io.stdout([
    `flinks-mock coverage: ${whose} never exercised ${missing.length} required case(s):`,
    ...missing.map(item => `  ${item.id}${(item.violations ?? 0) > 0 ? ` (behaved otherwise ${item.violations} time(s))` : ''}`)
  ].join('\n'))
  return 1
}
