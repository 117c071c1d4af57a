import t from 'tap'
import { createClientRegistry } from '../../src/auth/clients.js'
import type { ClientConfig } from '../../src/config.js'

const acme: ClientConfig = { id: 'acme', secret: 's3cret', products: ['GEFT'], defaultSettlementAccount: null, webhook: null, maximumEftAmount: 99999.99, ownClock: false }
const globex: ClientConfig = { id: 'globex', secret: 'other', products: ['e-Transfer'], defaultSettlementAccount: null, webhook: null, maximumEftAmount: 99999.99, ownClock: false }
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

t.test('accepted credentials are hashed once, the newest 256 remembered; a wrong secret is hashed every time', async t => {
  const crypto = await import('node:crypto')
  let hashed = 0
  const { createClientRegistry: create, verifiedCacheSize } = await t.mockImport<typeof import('../../src/auth/clients.js')>('../../src/auth/clients.js', {
    'node:crypto': { ...crypto, createHash: (...args: Parameters<typeof crypto.createHash>) => { hashed++; return crypto.createHash(...args) } }
  })
  const many = Array.from({ length: verifiedCacheSize + 1 }, (_, i): ClientConfig => ({ ...acme, id: `client-${i}`, secret: `secret-${i}` }))
  const counted = create(many)
  const hashes = (verify: () => unknown) => {
    const before = hashed
    verify()
    return hashed - before
  }
  t.equal(hashes(() => counted.verify('client-0', 'secret-0')), 1)
  t.equal(hashes(() => t.equal(counted.verify('client-0', 'secret-0'), many[0])), 0, 'remembered')
  t.equal(hashes(() => t.equal(counted.verify('client-0', 'wrong'), undefined)), 1)
  t.equal(hashes(() => counted.verify('client-0', 'wrong')), 1, 'a refusal is never remembered')
  for (const client of many.slice(1)) counted.verify(client.id, client.secret)
  t.equal(hashes(() => t.equal(counted.verify('client-0', 'secret-0'), many[0])), 1, 'the oldest was forgotten')
  t.equal(hashes(() => counted.verify(`client-${verifiedCacheSize}`, `secret-${verifiedCacheSize}`)), 0)
  // The id's length is part of the key: the same characters split elsewhere are other credentials.
  t.equal(counted.verify('client-1', 'secret-1'), many[1])
  t.equal(counted.verify('client-1s', 'ecret-1'), undefined)
})
