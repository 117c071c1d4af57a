/** The coverage report as JUnit XML (CI shows it) and as an HTML page; every value escaped. */
import type { CoverageCase, CoverageReport } from './report.js'

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
/** Escapes text for XML and HTML, in content and in quoted attributes alike. */
export const escapeMarkup = (text: string | number): string => String(text).replace(/[&<>"']/g, c => entities[c] as string)

const whose = (report: CoverageReport) => (report.clientId === null ? 'every client' : `client ${report.clientId}`)

function why(item: CoverageCase): string {
  if ((item.violations ?? 0) > 0) return `behaved otherwise ${item.violations} time(s)`
  if ((item.failed ?? 0) > 0) return `never answered 2xx (${item.failed} delivery(ies) failed)`
  return 'never exercised'
}

/** One testsuite per group, one testcase per case, a failure for each case not covered. */
export function junitReport(report: CoverageReport): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeMarkup(`flinks-mock coverage of ${whose(report)}`)}" tests="${report.cases}" failures="${report.cases - report.covered}">`]
  for (const group of report.groups) {
    lines.push(`  <testsuite name="${escapeMarkup(group.name)}" tests="${group.cases}" failures="${group.cases - group.covered}">`)
    for (const item of group.items) {
      const open = `    <testcase classname="flinks-mock.${escapeMarkup(group.name)}" name="${escapeMarkup(item.id)}"`
      if (item.covered) lines.push(`${open}/>`)
      else lines.push(`${open}>`, `      <failure message="${escapeMarkup(why(item))}">${escapeMarkup(item.description)}</failure>`, '    </testcase>')
    }
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>', '')
  return lines.join('\n')
}

/** A page with a table per group: each case, covered or not, and its count. */
export function htmlReport(report: CoverageReport): string {
  const title = `flinks-mock coverage of ${whose(report)}`
  const sections = report.groups.map(group => [
    `<section><h2>${escapeMarkup(group.name)} <small>${group.covered} / ${group.cases}</small></h2>`,
    '<table><thead><tr><th scope="col">Case</th><th scope="col">Covered</th><th scope="col">Count</th><th scope="col">Description</th></tr></thead><tbody>',
    ...group.items.map(item => `<tr class="${item.covered ? 'covered' : 'missing'}"><td><code>${escapeMarkup(item.id)}</code></td><td>${item.covered ? 'yes' : `no: ${escapeMarkup(why(item))}`}</td><td>${item.count}</td><td>${escapeMarkup(item.description)}</td></tr>`),
    '</tbody></table></section>'
  ].join('\n'))
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeMarkup(title)}</title>`,
    '<style>body{font:15px/1.4 system-ui,sans-serif;margin:1rem;max-width:70rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}tr.missing td:nth-child(2){color:#a00}tr.covered td:nth-child(2){color:#060}</style>',
    '</head><body>',
    `<h1>${escapeMarkup(title)}</h1>`,
    `<p>${report.covered} of ${report.cases} cases covered since the last reset.</p>`,
    ...sections,
    '</body></html>',
    ''
  ].join('\n')
}
