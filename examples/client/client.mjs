#!/usr/bin/env node
// An example flinks-mock client with no dependencies (Node.js 20+ for fetch): authorize, create an
// e-Transfer session, approve it as the payor would (the admin API's simulate call, the same code as
// the hosted page), poll its status until it is final, print the details. Exits 0 when the session
// ends Completed, 1 otherwise.
//
// Environment: FLINKS_BASE_URL (default http://localhost:8080), FLINKS_CLIENT_ID, FLINKS_CLIENT_SECRET,
// FLINKS_REFERENCE_ID (picks the scenario; default compose-happy-1), FLINKS_TIMEOUT_SECONDS (default 30),
// FLINKS_ADMIN_TOKEN (when the mock has an ADMIN_TOKEN).
import { setTimeout as sleep } from 'node:timers/promises'

const env = process.env
const baseUrl = (env.FLINKS_BASE_URL ?? 'http://localhost:8080').replace(/\/+$/, '')
const clientId = env.FLINKS_CLIENT_ID ?? 'flinks-mock-client'
const clientSecret = env.FLINKS_CLIENT_SECRET ?? 'flinks-mock-secret'
const referenceId = env.FLINKS_REFERENCE_ID ?? 'compose-happy-1'
const timeoutSeconds = Number(env.FLINKS_TIMEOUT_SECONDS ?? 30)
const pollIntervalMs = 500
// The statuses a session does not leave (Flinks Pay session statuses).
const finalStatuses = new Set(['Completed', 'Failed', 'Cancelled', 'Canceled', 'Expired'])

/** Sends one request and returns the parsed JSON body; any status but `expected` throws with the body. */
async function call(method, path, { authorization, json, form, expected = 200 } = {}) {
  const headers = { accept: 'application/json' }
  let body
  if (authorization) headers.authorization = authorization
  if (json) [headers['content-type'], body] = ['application/json', JSON.stringify(json)]
  if (form) [headers['content-type'], body] = ['application/x-www-form-urlencoded', new URLSearchParams(form).toString()]
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body })
  const text = await res.text()
  if (res.status !== expected) throw new Error(`${method} ${path} answered ${res.status}, expected ${expected}: ${text}`)
  return JSON.parse(text)
}

/** POST /api/v1/authorize: the `Authorization` header of one access token (a token initiates one session only). */
async function authorize() {
  const authorization = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`
  const { access_token: token } = await call('POST', '/api/v1/authorize', { authorization, form: { grant_type: 'client_credentials' } })
  return `Bearer ${token}`
}

/** POST /api/v2/sessions: an e-Transfer request for money of 250.00 CAD. */
async function createSession(authorization) {
  const json = {
    referenceId,
    type: 'e-Transfer',
    direction: 'DEBIT',
    currency: 'CAD',
    amount: 250.0,
    payor: { firstName: 'John', lastName: 'Smith', email: 'john.smith@example.com' }
  }
  return call('POST', '/api/v2/sessions', { authorization, json, expected: 201 })
}

/** POST /__admin/sessions/{id}/simulate: the payor approves (the client's Basic credentials scope the admin API). */
async function approve(sessionId) {
  const authorization = env.FLINKS_ADMIN_TOKEN
    ? `Bearer ${env.FLINKS_ADMIN_TOKEN}`
    : `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`
  const { state } = await call('POST', `/__admin/sessions/${sessionId}/simulate`, { authorization, json: { action: 'approve' } })
  console.log(`approved: ${state.status}`)
}

/** GET /api/v2/sessions/{id}/status until the status is final, or the timeout passes. */
async function waitForFinalStatus(authorization, sessionId) {
  const deadline = Date.now() + timeoutSeconds * 1000
  let last
  while (Date.now() < deadline) {
    const { status } = await call('GET', `/api/v2/sessions/${sessionId}/status`, { authorization })
    if (status !== last) console.log(`status: ${status}`)
    last = status
    if (finalStatuses.has(status)) return status
    await sleep(pollIntervalMs)
  }
  throw new Error(`session ${sessionId} is still ${last} after ${timeoutSeconds} s`)
}

/** GET /api/v2/sessions/{id}/details */
async function getDetails(authorization, sessionId) {
  return call('GET', `/api/v2/sessions/${sessionId}/details`, { authorization })
}

async function main() {
  console.log(`flinks-mock at ${baseUrl}, referenceId ${referenceId}`)
  const authorization = await authorize()
  const { sessionId } = await createSession(authorization)
  console.log(`session: ${sessionId}`)
  await approve(sessionId)
  const status = await waitForFinalStatus(authorization, sessionId)
  console.log(JSON.stringify(await getDetails(authorization, sessionId), null, 2))
  return status === 'Completed' ? 0 : 1
}

main().then(code => { process.exitCode = code }, error => {
  console.error(`client: ${error.message}`)
  process.exitCode = 1
})
