import t from 'tap'
import { holdTickShape } from '../src/tick-shape.js'

t.test('holdTickShape holds one of nextTick\'s queue entries, the same one on every call', async t => {
  const entry = holdTickShape() as Record<string | symbol, unknown>
  t.equal(typeof entry.callback, 'function')
  t.strictSame(Object.getOwnPropertySymbols(entry).map(symbol => symbol.description), ['async_id_symbol', 'trigger_async_id_symbol'])
  t.equal(holdTickShape(), entry)
})
