#!/usr/bin/env node
// A sample partner integration (no dependencies, Node.js 20+ for fetch), run against flinks-mock
// in CI and then checked with `flinks-mock coverage`. It handles some cases and, on purpose, not
// others, so that the check has something to name:
//
// - handled: a completed e-Transfer (ET-Completed), a declined one (ET-Declined), a 429
//   (Error-429) retried once Retry-After has elapsed, with a new token (a token initiates one
//   session only), a payment the payor approves on the hosted page (its end-to-end test acts as
//   the payor through the page's own API, as a browser would);
// - not handled: an expired or cancelled session, the other e-Transfer scenarios, a payor who
//   cancels on the hosted page, a 401 or a 400 (it never meets one, so coverage cannot say how it
//   behaves after them).
//
// Time: the mock's virtual clock stands in for waiting (POST /__admin/clock/advance), so the run
// takes milliseconds. A real integration sleeps instead; the mock's clock follows real time then.
//
// Environment: FLINKS_BASE_URL (default http://localhost:8080), FLINKS_CLIENT_ID, FLINKS_CLIENT_SECRET,
// FLINKS_ADMIN_TOKEN (when the mock has an ADMIN_TOKEN). Exits 0 when every session it handles ends
// as it expects.
// Run by test/examples/sample-integration.test.ts as a child process, which tap's coverage reaches:
// its branches are a partner's code, not the mock's, so they are left out of the mock's coverage.
/* c8 ignore start */
const env = process.env
const baseUrl = (env.FLINKS_BASE_URL ?? 'http://localhost:8080').replace(/\/+$/, '')
const clientId = env.FLINKS_CLIENT_ID ?? 'flinks-mock-client'
const clientSecret = env.FLINKS_CLIENT_SECRET ?? 'flinks-mock-secret'
const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`
const admin = env.FLINKS_ADMIN_TOKEN ? `Bearer ${env.FLINKS_ADMIN_TOKEN}` : basic

async function call(method, path, { authorization, json, form } = {}) {
  const headers = { accept: 'application/json' }
  let body
  if (authorization) headers.authorization = authorization
  if (json) [headers['content-type'], body] = ['application/json', JSON.stringify(json)]
  if (form) [headers['content-type'], body] = ['application/x-www-form-urlencoded', new URLSearchParams(form).toString()]
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: text === '' ? null : JSON.parse(text) }
}

/** A fresh token before each session. */
async function authorize() {
  const res = await call('POST', '/api/v1/authorize', { authorization: basic, form: { grant_type: 'client_credentials' } })
  if (res.status !== 200) throw new Error(`authorize answered ${res.status}`)
  return `Bearer ${res.body.access_token}`
}

/** Moves the mock's clock (the sample's stand-in for waiting). */
async function wait(seconds) {
  // Moving the shared clock needs the ADMIN_TOKEN when the mock has one; without one the admin API is open.
  const res = await call('POST', '/__admin/clock/advance', { authorization: env.FLINKS_ADMIN_TOKEN ? admin : undefined, json: { seconds } })
  if (res.status !== 200) throw new Error(`clock advance answered ${res.status}`)
}

/** Creates an e-Transfer session; on a 429, waits Retry-After and tries again with a new token. */
async function createSession(referenceId) {
  const json = { referenceId, type: 'e-Transfer', direction: 'DEBIT', currency: 'CAD', amount: 250.0, payor: { firstName: 'John', lastName: 'Smith', email: 'john.smith@example.com' } }
  for (let attempt = 1; ; attempt++) {
    const res = await call('POST', '/api/v2/sessions', { authorization: await authorize(), json })
    if (res.status === 201) return res.body.sessionId
    if (res.status === 429 && attempt < 2) {
      await wait(Number(res.headers.get('retry-after') ?? 1))
      continue
    }
    return null
  }
}

/** Acts as the payor on the mock's hosted page: the page's own API, the calls its script makes. */
async function approveOnHostedPage(sessionId) {
  for (const action of ['open', 'selectInstitution', 'approve']) {
    const res = await call('POST', `/app/api/sessions/${sessionId}/actions`, { json: { action } })
    if (res.status !== 200) throw new Error(`the hosted page's ${action} answered ${res.status}`)
  }
}

/** Polls the status until it is final. */
async function finalStatus(sessionId) {
  const authorization = await authorize()
  for (;;) {
    const res = await call('GET', `/api/v2/sessions/${sessionId}/status`, { authorization })
    if (['Completed', 'Failed'].includes(res.body.status)) return res.body.status
    await wait(30)
  }
}

async function main() {
  const results = []
  for (const [referenceId, expected] of [['ET-Completed-1', 'Completed'], ['ET-Declined-1', 'Failed']]) {
    const status = await finalStatus(await createSession(referenceId))
    results.push(status === expected)
    console.log(`${referenceId}: ${status}`)
  }
  // A session no scenario plays waits for its payor, who approves it on the hosted page.
  const paid = await createSession('order-1001')
  await approveOnHostedPage(paid)
  const status = await finalStatus(paid)
  results.push(status === 'Completed')
  console.log(`order-1001 (approved on the hosted page): ${status}`)
  // The 429 scenario answers every attempt so: the retry is what is checked, not a session.
  const busy = await createSession('Error-429-1')
  console.log(`Error-429-1: ${busy === null ? 'gave up after one retry' : busy}`)
  return results.every(Boolean) ? 0 : 1
}

main().then(code => { process.exitCode = code }, error => {
  console.error(`integration: ${error.message}`)
  process.exitCode = 1
})
/* c8 ignore stop */
