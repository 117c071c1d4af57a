import t from 'tap'
import { refusedBodyKeptChars } from '../../src/openapi/route.js'
import { build, eTransferBody } from '../helpers/app.js'

// A route remembers the error of the last body it refused (route.ts): sent again, the same body
// must get the same error, and any other body its own.
t.test('a refused body sent again gets the same error; another body gets its own', async t => {
  const mock = await build(t)
  const wrongType = JSON.stringify({ ...eTransferBody(), type: 'Wire' })
  const wrongAmount = JSON.stringify({ ...eTransferBody(), amount: 'lots' })
  const send = async (payload: string) => {
    const res = await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${await mock.token()}`, 'content-type': 'application/json' }, payload })
    t.equal(res.statusCode, 400)
    return res.json() as { errors: Record<string, string[]>, traceId: string }
  }
  const typeError = { '$.type': [`The JSON value could not be converted to PaymentType. Path: $.type | LineNumber: 0 | BytePositionInLine: ${wrongType.indexOf('"Wire"') + 6}.`] }
  const amountError = { '$.amount': [`The JSON value could not be converted to System.Nullable\`1[System.Decimal]. Path: $.amount | LineNumber: 0 | BytePositionInLine: ${wrongAmount.indexOf('"lots"') + 6}.`] }
  const first = await send(wrongType)
  const again = await send(wrongType)
  t.strictSame(first.errors, typeError)
  t.strictSame(again.errors, typeError)
  t.not(again.traceId, first.traceId, 'each answer has its own trace id')
  t.strictSame((await send(wrongAmount)).errors, amountError)
  t.strictSame((await send(wrongType)).errors, typeError)
  t.strictSame((await send(wrongAmount)).errors, amountError)
})

t.test('a refused body longer than the route remembers is described each time it comes', async t => {
  const mock = await build(t)
  // Whitespace pads the body; the error is the type's.
  const long = ' '.repeat(refusedBodyKeptChars) + JSON.stringify({ ...eTransferBody(), type: 'Wire' })
  const typeError = { '$.type': [`The JSON value could not be converted to PaymentType. Path: $.type | LineNumber: 0 | BytePositionInLine: ${long.indexOf('"Wire"') + 6}.`] }
  for (let i = 0; i < 2; i++) {
    const res = await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${await mock.token()}`, 'content-type': 'application/json' }, payload: long })
    t.equal(res.statusCode, 400)
    t.strictSame(res.json().errors, typeError)
  }
})
