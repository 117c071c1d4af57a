import t from 'tap'
import { build, eTransferBody, problemType } from '../helpers/app.js'

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

t.test('aspnet mode checks payor and payee phone as the field limits table says: 15 characters, numbers only', async t => {
  const mock = await build(t, { validationMode: 'aspnet' })
  const withPhones = (payor: unknown, payee: unknown = undefined) => ({
    ...eTransferBody(),
    payor: { ...eTransferBody().payor, ...(payor === undefined ? {} : { Phone: payor }) },
    payee: { ...eTransferBody().payee, ...(payee === undefined ? {} : { phone: payee }) }
  })
  for (const phone of ['5551234567', '123456789012345', null]) t.equal((await mock.createSession(withPhones(phone, phone))).statusCode, 201, String(phone))
  const message = ['The field Phone must be at most 15 digits, numbers only.']
  for (const phone of ['555-123-4567', '1234567890123456', 5551234567]) {
    const res = await mock.createSession(withPhones(phone))
    t.equal(res.statusCode, 400, String(phone))
    t.equal(res.headers['content-type'], problemType)
    t.strictSame(res.json().errors, { 'Payor.Phone': message }, String(phone))
  }
  const both = await mock.createSession({ ...withPhones('+1 555', '(555)'), payor: { ...withPhones('+1 555').payor, firstName: 'x'.repeat(101) } })
  t.strictSame(both.json().errors, {
    'Payor.FirstName': ['The field FirstName must be a string with a maximum length of 100.'],
    'Payor.Phone': message,
    'Payee.Phone': message
  }, 'reported with the other rules, all at once')
})

t.test('strict mode refuses phone, a member the published schema does not list', async t => {
  const mock = await build(t)
  const res = await mock.createSession({ ...eTransferBody(), payor: { ...eTransferBody().payor, phone: '5551234567' } })
  t.equal(res.statusCode, 400)
  t.strictSame(res.json().errors, { '$.payor.phone': ["The JSON property 'phone' could not be mapped to any .NET member contained in type 'PartyInfoRequest'."] })
})
