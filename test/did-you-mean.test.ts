import t from 'tap'
import { didYouMean, nearest } from '../src/did-you-mean.js'

t.test('a transposition or a typo of a letter or two finds the name', async t => {
  t.equal(nearest('prot', ['host', 'port', 'seed']), 'port')
  t.equal(nearest('aprove', ['approve', 'cancel', 'fail']), 'approve')
  t.equal(nearest('aspnt', ['strict', 'aspnet']), 'aspnet')
  t.equal(nearest('inf', ['fatal', 'error', 'warn', 'info', 'debug']), 'info')
})

t.test('a name that begins an allowed one, in any case, finds the shortest such name', async t => {
  t.equal(nearest('tokenTTL', ['port', 'tokenTtlSeconds']), 'tokenTtlSeconds')
  t.equal(nearest('sessionTimeout', ['sessionTimeoutSeconds', 'sessionTimeoutSecondsMax']), 'sessionTimeoutSeconds')
  t.equal(nearest('scenario', ['scenarios', 'default-scenarios']), 'scenarios')
})

t.test('nothing close, nothing given or nothing allowed finds nothing', async t => {
  t.equal(nearest('colour', ['port', 'host']), undefined)
  t.equal(nearest('', ['port']), undefined)
  t.equal(nearest('port', []), undefined)
})

t.test('didYouMean words the hint, formatting the name', async t => {
  t.equal(didYouMean('prot', ['port']), ' (did you mean port?)')
  t.equal(didYouMean('prot', ['port'], name => `--${name}`), ' (did you mean --port?)')
  t.equal(didYouMean('colour', ['port']), '')
})
