import t from 'tap'
import { build, eTransferBody } from '../helpers/app.js'

// What the published document says as written (strict) and what ASP.NET Core binds (aspnet).
const lenient = {
  ReferenceId: 'MODE-1',
  TYPE: 'e-transfer',
  direction: 'debit',
  currency: 'cad',
  amount: '250.00',
  options: { notificationPreferences: { language: 'fr', sendInteracLink: false } },
  payor: { FirstName: 'John', lastName: 'Smith', email: 'john.smith@example.com', nickname: 'Johnny' },
  payee: null,
  trackingCode: 'abc'
}

t.test('strict mode holds the request to the document: the first JSON error in body order is reported', async t => {
  const mock = await build(t)
  const res = await mock.createSession(lenient)
  t.equal(res.statusCode, 400)
  t.strictSame(res.json().errors, {
    '$.ReferenceId': ["The JSON property 'ReferenceId' could not be mapped to any .NET member contained in type 'InitiateSessionRequest'."]
  })
})

t.test('strict mode: wrong enum case, number as string and unknown nested fields are each a 400', async t => {
  const mock = await build(t)
  const cases: Array<[object, string, string]> = [
    [{ ...eTransferBody(), type: 'e-transfer' }, '$.type', 'The JSON value could not be converted to PaymentType.'],
    [{ ...eTransferBody(), amount: '250.00' }, '$.amount', 'The JSON value could not be converted to System.Nullable`1[System.Decimal].'],
    [{ ...eTransferBody(), payor: { ...eTransferBody().payor, nickname: 'J' } }, '$.payor.nickname', "The JSON property 'nickname' could not be mapped to any .NET member contained in type 'PartyInfoRequest'."],
    [{ ...eTransferBody(), options: { redirectPreferences: { mode: 'JsEvents', urlSuccess: 'not a uri' } } }, '$.options.redirectPreferences.urlSuccess', 'The JSON value could not be converted to System.Uri.'],
    [{ ...eTransferBody(), payor: 'John' }, '$.payor', 'The JSON value could not be converted to PartyInfoRequest.']
  ]
  for (const [body, key, message] of cases) {
    const res = await mock.createSession(body)
    t.equal(res.statusCode, 400, key)
    const errors = res.json().errors as Record<string, string[]>
    t.strictSame(Object.keys(errors), [key])
    // Conversion errors carry the reader's position; the unmapped-member message does not.
    t.match(errors[key]?.[0], message.includes('could not be mapped') ? message : `${message} Path: ${key} | LineNumber: 0 | BytePositionInLine: `)
  }
})

t.test('aspnet mode binds as ASP.NET Core: names and enums in any case, numbers as strings, unknown fields ignored', async t => {
  const mock = await build(t, { validationMode: 'aspnet' })
  const res = await mock.createSession(lenient)
  t.equal(res.statusCode, 201)
  t.equal(res.json().referenceId, 'MODE-1')
  const details = await mock.inject({ url: `/api/v2/sessions/${res.json().sessionId}/details`, headers: { authorization: `Bearer ${res.token}` } })
  t.match(details.json(), {
    type: 'e-Transfer',
    direction: 'DEBIT',
    currency: 'CAD',
    amount: 250,
    options: { notificationPreferences: { language: 'FR', sendInteracLink: false } },
    payor: { firstName: 'John', lastName: 'Smith' }
  })
})

t.test('aspnet mode accepts enums by index, and still refuses what cannot bind', async t => {
  const mock = await build(t, { validationMode: 'aspnet' })
  const byIndex = await mock.createSession({ ...eTransferBody(), type: 1, direction: '0' })
  t.equal(byIndex.statusCode, 201)
  const bad = await mock.createSession({ ...eTransferBody(), Amount: 'lots' })
  t.equal(bad.statusCode, 400)
  t.strictSame(bad.json().errors, { '$.Amount': ['The JSON value could not be converted to System.Nullable`1[System.Decimal]. Path: $.Amount | LineNumber: 0 | BytePositionInLine: 352.'] })
  const rules = await mock.createSession({ ...eTransferBody(), payor: null })
  t.strictSame(rules.json().errors, { Payor: ['The Payor field is required.'] })
})
