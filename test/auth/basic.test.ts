import t from 'tap'
import { verifyBasic } from '../../src/auth/basic.js'
import { createClientRegistry, verifiedCacheSize } from '../../src/auth/clients.js'
import type { ClientConfig } from '../../src/config.js'

const client = (id: string, secret: string): ClientConfig => ({ id, secret, products: ['e-Transfer'], defaultSettlementAccount: null, webhook: null, maximumEftAmount: 99999.99, ownClock: false })
const acme = client('acme', 's3cret')
// Credentials longer than the decoder's scratch space (1 KB), and some that are not ASCII.
const long = client('long-' + 'x'.repeat(1500), 'y'.repeat(1500))
const accented = client('caf\u00e9', 'cr\u00e8me')
const registry = createClientRegistry([acme, long, accented])
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`, 'utf8').toString('base64')}`

t.test('Basic credentials give their client, short or long, ASCII or not, the same again', async t => {
  for (let i = 0; i < 2; i++) {
    t.equal(verifyBasic(registry, basic('acme', 's3cret')), acme)
    t.equal(verifyBasic(registry, basic(long.id, long.secret)), long)
    t.equal(verifyBasic(registry, basic('caf\u00e9', 'cr\u00e8me')), accented)
  }
  // A long header right after a short one, and the other way round, decodes each one alone.
  t.equal(verifyBasic(registry, basic(long.id, 'z')), undefined)
  t.equal(verifyBasic(registry, basic('acme', 'wrong')), undefined)
})

t.test('a Basic header without a colon or without base64 is malformed', async t => {
  t.equal(verifyBasic(registry, `Basic ${Buffer.from('acme').toString('base64')}`), 'malformed')
  t.equal(verifyBasic(registry, `Basic ${Buffer.from('x'.repeat(2000)).toString('base64')}`), 'malformed')
  t.equal(verifyBasic(registry, 'Bearer abc'), 'malformed')
})

t.test('a header read once is known again for its registry only; a wrong secret is always read; the known headers are bounded', async t => {
  const own = createClientRegistry([acme])
  const header = basic('acme', 's3cret')
  t.equal(verifyBasic(own, header), acme)
  t.equal(verifyBasic(own, header), acme, 'known again')
  // Another registry (a reload) with another secret for the same id does not take the header.
  t.equal(verifyBasic(createClientRegistry([client('acme', 'changed')]), header), undefined)
  t.equal(verifyBasic(own, basic('acme', 'wrong')), undefined)
  t.equal(verifyBasic(own, basic('acme', 'wrong')), undefined, 'a refused header is refused again')
  // More accepted spellings (the whitespace after the scheme) than are kept: each still gives its client.
  const base64 = header.slice('Basic '.length)
  const spellings = Array.from({ length: verifiedCacheSize + 10 }, (_, n) => `Basic${' '.repeat(n + 1)}${base64}`)
  for (let round = 0; round < 2; round++) t.ok(spellings.every(spelling => verifyBasic(own, spelling) === acme))
})
