// The requests the benchmarks send (bench/run.mjs, bench/rss.mjs), as autocannon takes them.

/** The default client's Basic credentials. */
export const basic = `Basic ${Buffer.from('flinks-mock-client:flinks-mock-secret').toString('base64')}`

/** The walk-through's request (README): what a partner sends. */
export const createBody = JSON.stringify({
  referenceId: 'USER12345',
  type: 'e-Transfer',
  direction: 'DEBIT',
  currency: 'CAD',
  amount: 250.0,
  options: { notificationPreferences: { sendInteracLink: true } },
  payor: { firstName: 'John', lastName: 'Smith', email: 'john.smith@example.com' },
  payee: { account: { institutionCode: '999', transitNumber: '30265', accountNumber: '9876541' } }
})

/** A token request. */
export const authorize = { method: 'POST', path: '/api/v1/authorize', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' }
/** A token request whose token the connection keeps for its next create. */
export const keepToken = { ...authorize, onResponse: (_status, body, context) => { context.token = JSON.parse(body).access_token } }
/** A create with the token the connection's last authorize returned. */
export const createWithToken = { method: 'POST', path: '/api/v2/sessions', headers: { 'content-type': 'application/json' }, body: createBody, setupRequest: (req, context) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${context.token}` } }) }
