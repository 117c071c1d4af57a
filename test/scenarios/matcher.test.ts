import t from 'tap'
import type { LoadedScenario } from '../../src/scenarios/loader.js'
import { createScenarioSet } from '../../src/scenarios/matcher.js'

const scenario = (name: string, match: LoadedScenario['match'], source = 'a.yaml'): LoadedScenario => ({ name, description: name, match, source })

t.test('an exact referenceId wins over a prefix and a pattern', async t => {
  const set = createScenarioSet([
    scenario('Pattern', { referenceIdPattern: '^order' }),
    scenario('Prefix', { referenceIdPrefix: 'order' }),
    scenario('Exact', { referenceId: 'order-1' })
  ])
  t.equal(set.match('order-1')?.name, 'Exact')
  t.equal(set.match('order-2')?.name, 'Prefix')
})

t.test('the longest prefix wins, whatever the load order', async t => {
  const set = createScenarioSet([scenario('Long', { referenceIdPrefix: 'order-9' }), scenario('Short', { referenceIdPrefix: 'order-' })])
  t.equal(set.match('order-99')?.name, 'Long')
  t.equal(set.match('order-1')?.name, 'Short')
})

t.test('a prefix wins over a pattern', async t => {
  const set = createScenarioSet([scenario('Pattern', { referenceIdPattern: '^o' }), scenario('Prefix', { referenceIdPrefix: 'or' })])
  t.equal(set.match('order')?.name, 'Prefix')
  t.equal(set.match('other')?.name, 'Pattern')
})

t.test('among equals, the later-loaded scenario wins: exact, prefix and pattern', async t => {
  const set = createScenarioSet([
    scenario('Exact1', { referenceId: 'x' }), scenario('Exact2', { referenceId: 'x' }),
    scenario('Prefix1', { referenceIdPrefix: 'ab' }), scenario('Prefix2', { referenceIdPrefix: 'ab' }),
    scenario('Pattern1', { referenceIdPattern: '^z' }), scenario('Pattern2', { referenceIdPattern: 'z$' })
  ])
  t.equal(set.match('x')?.name, 'Exact2')
  t.equal(set.match('abc')?.name, 'Prefix2')
  t.equal(set.match('zz')?.name, 'Pattern2')
  t.equal(set.match('za')?.name, 'Pattern1')
})

t.test('a scenario with the name of an earlier one replaces it, and moves to the end of the load order', async t => {
  const first = scenario('Happy1', { referenceId: 'Happy1' }, 'defaults.yaml')
  const other = scenario('Other', { referenceIdPrefix: 'Ha' })
  const mine = scenario('Happy1', { referenceIdPrefix: 'Happy' }, 'mine.yaml')
  const set = createScenarioSet([first, other, mine])
  t.strictSame(set.all, [other, mine])
  t.equal(set.match('Happy1'), mine)
  t.equal(set.match('Hat'), other)
})

t.test('a pattern is searched, not anchored, unless it says so', async t => {
  const set = createScenarioSet([scenario('Digits', { referenceIdPattern: '[0-9]{3}' })])
  t.equal(set.match('order-123-x')?.name, 'Digits')
  t.equal(set.match('order-12'), undefined)
})

t.test('no referenceId, or one nothing matches, has no scenario', async t => {
  const set = createScenarioSet([scenario('Exact', { referenceId: 'x' })])
  t.equal(set.match(undefined), undefined)
  t.equal(set.match(null), undefined)
  t.equal(set.match('y'), undefined)
  t.equal(createScenarioSet([]).match('x'), undefined)
})
