import t from 'tap'
import { createClientRegistry } from '../../src/auth/clients.js'
import type { ClientConfig } from '../../src/config.js'

const acme: ClientConfig = { id: 'acme', secret: 's3cret', products: ['GEFT'], defaultSettlementAccount: null, webhook: null, maximumEftAmount: 99999.99 }
const globex: ClientConfig = { id: 'globex', secret: 'other', products: ['e-Transfer'], defaultSettlementAccount: null, webhook: null, maximumEftAmount: 99999.99 }
const registry = createClientRegistry([acme, globex])

t.test('the right secret gives the client', async t => {
  t.equal(registry.verify('acme', 's3cret'), acme)
  t.equal(registry.verify('globex', 'other'), globex)
})

t.test('a wrong secret gives nothing', async t => {
  t.equal(registry.verify('acme', 'other'), undefined)
  t.equal(registry.verify('acme', 'S3CRET'), undefined)
  t.equal(registry.verify('acme', ''), undefined)
})

t.test('an unknown id gives nothing, whatever the secret', async t => {
  t.equal(registry.verify('nobody', 's3cret'), undefined)
  t.equal(registry.verify('nobody', '\u0000no client\u0000'), undefined)
  t.equal(registry.verify('ACME', 's3cret'), undefined)
})

t.test('get finds a client by its exact id', async t => {
  t.equal(registry.get('globex'), globex)
  t.equal(registry.get('Globex'), undefined)
})
