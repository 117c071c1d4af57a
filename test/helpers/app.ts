/** A fresh mock per test, with every response it sends checked against the served document. */
import type { Test } from 'tap'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { createClock, type Clock } from '../../src/clock.js'
import { loadConfig, type Config } from '../../src/config.js'
import { buildServer, type BuildOptions, type FlinksMockServer } from '../../src/server.js'
import { documentFor, responseProblems } from './conformance.js'

/** The default client's credentials. */
export const client = { id: 'flinks-mock-client', secret: 'flinks-mock-secret' }
export const basic = (id = client.id, secret = client.secret) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`
export const formType = 'application/x-www-form-urlencoded'
export const problemType = 'application/problem+json; charset=utf-8'
export const jsonType = 'application/json; charset=utf-8'
export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
export const traceIdPattern = /^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/

/** The e-Transfer request of the Initiate Session page. */
export const eTransferBody = () => ({
  referenceId: 'USER12345',
  type: 'e-Transfer',
  direction: 'DEBIT',
  currency: 'CAD',
  amount: 250.0,
  options: { notificationPreferences: { sendInteracLink: true } },
  payor: { firstName: 'John', lastName: 'Smith', email: 'john.smith@example.com' },
  payee: { account: { institutionCode: '999', transitNumber: '30265', accountNumber: '9876541' } }
})

/** A test's mock: the app, its clock, and helpers that speak the API. */
export interface TestMock {
  app: FlinksMockServer
  clock: Clock
  inject(options: InjectOptions): Promise<LightMyRequestResponse>
  /** A fresh access token for a client. */
  token(id?: string, secret?: string): Promise<string>
  /** Creates a session with a fresh token; returns the response. */
  createSession(body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse & { token: string }>
  /** Counts the responses checked against the document. */
  readonly checked: number
  /** The injected latencies the mock waited for (recorded, not slept, in tests). */
  delays: number[]
}

/** Builds a mock for this test (frozen clock, silent logs), closed when the test ends. */
export async function build(t: Test, settings: Partial<Record<keyof Config, unknown>> = {}, options: BuildOptions = {}): Promise<TestMock> {
  const clock = options.clock ?? createClock(() => Date.parse('2026-06-04T14:30:00.000Z'))
  clock.freeze()
  const delays: number[] = []
  const sleep = async (ms: number) => {
    delays.push(ms)
  }
  const app = await buildServer(loadConfig({ overrides: { logLevel: 'silent', ...settings } }), { logger: false, sleep, ...options, clock })
  let checked = 0
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload === 'string' || payload === null || payload === undefined) {
      checked++
      const api = documentFor(app.mock, request.url)
      const problems = responseProblems(api, {
        method: request.method,
        url: request.url,
        statusCode: reply.statusCode,
        headers: reply.getHeaders(),
        body: payload ?? ''
      }, { aspnetErrorBodies: api === app.mock.api && app.mock.config.errorBodies === 'aspnet' })
      for (const problem of problems) t.fail(`response does not conform to the served document: ${problem}`)
    }
    return payload
  })
  t.teardown(() => app.close())
  const mock: TestMock = {
    app,
    clock,
    inject: options => app.inject(options),
    async token(id = client.id, secret = client.secret) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/authorize', headers: { authorization: basic(id, secret), 'content-type': formType }, payload: 'grant_type=client_credentials' })
      if (res.statusCode !== 200) throw new Error(`authorize failed: ${res.statusCode} ${res.body}`)
      return (res.json() as { access_token: string }).access_token
    },
    async createSession(body, headers = {}) {
      const token = await mock.token()
      const res = await app.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${token}`, ...headers }, payload: body as object })
      return Object.assign(res, { token })
    },
    get checked() {
      return checked
    },
    delays
  }
  return mock
}
