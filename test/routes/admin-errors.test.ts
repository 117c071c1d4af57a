import t, { type Test } from 'tap'
import { build, eTransferBody, problemType, traceIdPattern } from '../helpers/app.js'

// The admin API is ours: its request errors are in our words, not System.Text.Json's.
const json = { 'content-type': 'application/json' }

async function refused(t: Test, url: string, payload: string, headers: Record<string, string> = json) {
  const mock = await build(t)
  const res = await mock.inject({ method: 'POST', url, headers, payload })
  t.equal(res.statusCode, 400)
  t.equal(res.headers['content-type'], problemType)
  const { traceId, ...body } = res.json()
  t.match(traceId, traceIdPattern)
  return body
}

const validation = (errors: Record<string, string[]>) => ({
  type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title: 'One or more validation errors occurred.', status: 400, errors
})

t.test('a member of the wrong type says what it must be and what came', async t => {
  t.strictSame(await refused(t, '/__admin/clock/advance', '{"seconds":"10"}'), validation({ seconds: ['Must be a number, got a string.'] }))
  t.strictSame(await refused(t, '/__admin/clock/advance', '[1]'), validation({ '': ['Must be an object, got an array.'] }))
  t.strictSame(await refused(t, '/__admin/requests/count', '{"status":null}'), validation({ status: ['Must be an integer, got null.'] }))
})

t.test('an unknown member is named with the nearest known one and the known ones', async t => {
  t.strictSame(await refused(t, '/__admin/clock/advance', '{"second":10}'), validation({
    second: ['Is not a known member (did you mean seconds?); the known ones are seconds.'],
    seconds: ['Is required.']
  }))
  t.strictSame(await refused(t, '/__admin/requests/count', '{"colour":"red"}'), validation({
    colour: ['Is not a known member; the known ones are path, method, status, clientId, referenceId, sessionId.']
  }))
})

t.test('a simulate action that is not one names the allowed ones and the nearest', async t => {
  const mock = await build(t)
  const { sessionId } = (await mock.createSession(eTransferBody())).json()
  const res = await mock.inject({ method: 'POST', url: `/__admin/sessions/${sessionId}/simulate`, payload: { action: 'aprove' } })
  t.equal(res.statusCode, 400)
  t.equal(res.headers['content-type'], problemType)
  t.strictSame(res.json().errors, { action: ['Must be one of open, consent, selectInstitution, login, answerMfa, approve, acceptOffer, returnToClient, signPad, leavePad, otherFunding, decline, cancel, failLogin, expire, got "aprove" (did you mean approve?).'] })
  const far = await mock.inject({ method: 'POST', url: `/__admin/sessions/${sessionId}/simulate`, payload: { action: 'explode', amount: 'ten' } })
  t.strictSame(far.json().errors, {
    action: ['Must be one of open, consent, selectInstitution, login, answerMfa, approve, acceptOffer, returnToClient, signPad, leavePad, otherFunding, decline, cancel, failLogin, expire, got "explode".'],
    amount: ['Must be a number, got a string.']
  })
})

t.test('a query value that does not fit says what it must be and what came', async t => {
  const mock = await build(t)
  const res = await mock.inject({ url: '/__admin/requests?status=99' })
  t.equal(res.statusCode, 400)
  t.strictSame(res.json().errors, { status: ['Must be >= 100, got "99".'] })
})

t.test('a body that is not JSON is said to be so, with the line and column', async t => {
  t.strictSame(await refused(t, '/__admin/clock/advance', '{"seconds":\n  10'), validation({ '': ['The body is not valid JSON: close brace expected at line 2, column 5.'] }))
  t.strictSame(await refused(t, '/__admin/clock/advance', '\uFEFF{"seconds" 10}'), validation({ '': ['The body is not valid JSON: colon expected at line 1, column 12.'] }))
  t.strictSame(await refused(t, '/__admin/clock/advance', '  '), validation({ '': ['The body is not valid JSON: value expected at line 1, column 3.'] }))
})

t.test('a missing body and a bare null say a JSON body is required', async t => {
  t.strictSame(await refused(t, '/__admin/clock/advance', 'null'), validation({ '': ['A JSON body is required.'] }))
  t.strictSame(await refused(t, '/__admin/clock/advance', ''), validation({ '': ['A JSON body is required.'] }))
})

t.test('the Flinks endpoints keep ASP.NET Core\'s words', async t => {
  const mock = await build(t)
  const res = await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers: { ...json, authorization: `Bearer ${await mock.token()}` }, payload: '{"amount":' })
  t.equal(res.statusCode, 400)
  t.match(Object.keys(res.json().errors), ['$.amount'])
})
