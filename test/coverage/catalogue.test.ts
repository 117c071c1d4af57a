import t from 'tap'
import { buildCatalogue, documentedStatuses } from '../../src/coverage/catalogue.js'
import { createCoverageLog, maxKeysPerClient } from '../../src/coverage/log.js'
import { buildReport } from '../../src/coverage/report.js'
import { checkCoverage } from '../../src/coverage/rules.js'
import type { ApiDocument } from '../../src/openapi/document.js'

const documentOf = (document: object) => ({ document }) as unknown as ApiDocument

t.test('documented statuses are the 3-digit response keys of each operation, in order; `default` and unnamed operations are not cases', async t => {
  const api = documentOf({
    paths: {
      '/a': { get: { operationId: 'A', responses: { default: {}, 404: {}, 200: {}, '2XX': {} } }, post: { operationId: 'B' }, put: {} }
    }
  })
  t.strictSame([...documentedStatuses(api)], [['A', [200, 404]], ['B', []]])
})

t.test('a hosted page document without PageAction or PageView has no page-action or page-outcome cases', async t => {
  const catalogue = buildCatalogue(documentOf({ paths: {} }), documentOf({ paths: {} }), [])
  t.strictSame(catalogue.find(g => g.name === 'page-actions')?.cases, [])
  t.strictSame(catalogue.find(g => g.name === 'page-outcomes')?.cases, [])
  t.strictSame(catalogue.find(g => g.name === 'operations')?.cases, [])
})

t.test('page outcomes are the values of PageView\'s outcome enum, null left out', async t => {
  const hostedPage = documentOf({ components: { schemas: { PageView: { properties: { outcome: { enum: ['won', null, 'lost'] } } } } } })
  const catalogue = buildCatalogue(documentOf({ paths: {} }), hostedPage, [])
  t.strictSame(catalogue.find(g => g.name === 'page-outcomes')?.cases.map(c => c.id), ['page-outcome:won', 'page-outcome:lost'])
})

t.test('a client keeps at most maxKeysPerClient counters; the ones it has still count', async t => {
  const log = createCoverageLog()
  for (let i = 0; i < maxKeysPerClient; i++) log.record('a', `key:${i}`)
  log.record('a', 'key:over')
  log.recordResponse('a', 'Op', 200)
  log.record('a', 'key:0')
  const [record] = log.snapshot('a')
  t.equal(record?.counts.size, maxKeysPerClient)
  t.equal(record?.counts.get('key:0'), 2)
  t.equal(record?.operations.size, 0)

  const ops = createCoverageLog()
  ops.recordResponse('a', 'Op', 200)
  for (let i = 1; i < maxKeysPerClient - 2; i++) ops.record('a', `key:${i}`)
  ops.recordResponse('a', 'Op', 201)
  ops.recordResponse('a', 'Op', 202)
  ops.recordResponse('a', 'Op', 200)
  t.strictSame([...(ops.snapshot('a')[0]?.operations.get('Op') ?? [])], [[200, 2], [201, 1]])
  t.strictSame(ops.snapshot('nobody'), [])
  ops.clear('a')
  t.strictSame(ops.snapshot(), [])
})

t.test('`all` requires every case; rules are matched once each', async t => {
  const report = buildReport([{ name: 'scenarios', cases: [{ id: 'scenario:A', description: 'A.' }, { id: 'scenario:B', description: 'B.' }] }], [], null)
  t.strictSame(checkCoverage(report, ['all', 'scenario:*']).missing.map(c => c.id), ['scenario:A', 'scenario:B'])
})
