import t from 'tap'
import { createClientLog } from '../src/client-log.js'
import { createDeliveryLog, type WebhookDelivery } from '../src/webhooks/deliveries.js'

t.test('a client log keeps the newest records, lists and clears them by client', async t => {
  const log = createClientLog<{ n: number, clientId: string | null }>(3)
  for (const [n, clientId] of [[1, 'a'], [2, 'b'], [3, null], [4, 'a']] as const) log.record({ n, clientId })
  t.strictSame(log.list().map(r => r.n), [2, 3, 4])
  t.strictSame(log.list('a').map(r => r.n), [4])
  log.list().pop()
  t.equal(log.size, 3, 'a list is a copy')
  log.clear('b')
  t.strictSame(log.list().map(r => r.n), [3, 4])
  log.clear()
  t.equal(log.size, 0)
})

t.test('the delivery log finds a delivery by id within a client, and its size stays live', async t => {
  const log = createDeliveryLog(10)
  const delivery = (id: string, clientId: string) => ({ id, clientId }) as WebhookDelivery
  log.record(delivery('1', 'a'))
  log.record(delivery('2', 'b'))
  t.equal(log.size, 2)
  t.equal(log.get('2')?.clientId, 'b')
  t.equal(log.get('2', 'a'), undefined)
  t.equal(log.get('1', 'a')?.id, '1')
})

t.test('a client log is replaced by the shared one it restores', async t => {
  const log = createClientLog<{ n: number, clientId: string | null }>(3)
  log.record({ n: 1, clientId: 'a' })
  log.restore([{ n: 7, clientId: 'b' }, { n: 8, clientId: 'a' }])
  t.strictSame(log.list().map(r => r.n), [7, 8])
  log.record({ n: 9, clientId: null })
  log.record({ n: 10, clientId: null })
  t.strictSame(log.list().map(r => r.n), [8, 9, 10])
})
