import t from 'tap'
import { spentTokenDescription } from '../../src/auth/token-store.js'
import { problems } from '../../src/problems.js'
import { startRedis } from '../helpers/redis.js'
import { startReplicas, walkThroughBody, type Replica } from '../helpers/replicas.js'

// Issue 12, item 2: two processes on one Redis are one mock to their clients.
const jsonType = 'application/json; charset=utf-8'
const problemType = 'application/problem+json; charset=utf-8'
const traceIdPattern = /^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/

/** Freezes the shared clock through `replica` and gives the frozen instant. */
async function freeze(replica: Replica): Promise<string> {
  const res = await replica.fetch('/__admin/clock/freeze', { method: 'POST' })
  if (res.status !== 200) throw new Error(`freeze answered ${res.status} ${res.text}`)
  return res.json().now
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const act = (replica: Replica, sessionId: string, body: unknown) =>
  replica.fetch(`/app/api/sessions/${sessionId}/actions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

t.test('a session created through A is read through B, byte for byte as A reads it', async t => {
  const redis = await startRedis(t)
  const [a, b] = await startReplicas(t, redis.url) as [Replica, Replica]
  const now = await freeze(a)
  const created = await a.create(walkThroughBody)
  t.equal(created.status, 201)
  const { sessionId } = created.json()
  t.strictSame(created.json(), { sessionId, referenceId: 'USER12345' })

  const details = await b.fetch(`/api/v2/sessions/${sessionId}/details`, { headers: bearer(created.token) })
  t.equal(details.status, 200)
  t.equal(details.headers['content-type'], jsonType)
  t.strictSame(details.json(), {
    sessionId,
    status: 'Initiated',
    step: { current: 'Start', aggregationRequestId: null, padId: null },
    referenceId: 'USER12345',
    amount: 250,
    type: 'e-Transfer',
    direction: 'DEBIT',
    currency: 'CAD',
    options: {
      guarantee: { enable: false },
      notificationPreferences: { language: 'EN', sendInteracLink: true },
      showConsentScreen: false,
      limits: { minimumAmount: null, maximumAmount: null },
      amountModification: false,
      redirectPreferences: { mode: 'JsEvents', urlSuccess: null, urlExit: null }
    },
    payor: { email: 'john.smith@example.com', firstName: 'John', lastName: 'Smith', middleName: null, account: null },
    payee: { account: { institutionCode: '999', transitNumber: '30265', accountNumber: '9876541', accountLabel: null, availableBalance: null } },
    userDetails: { matchingPerformed: false, nameMatch: null },
    schedule: { transactions: [] },
    guaranteeDetails: null,
    createdAt: now
  })
  t.equal((await a.fetch(`/api/v2/sessions/${sessionId}/details`, { headers: bearer(created.token) })).text, details.text, 'A reads the same bytes')

  const status = await b.fetch(`/api/v2/sessions/${sessionId}/status`, { headers: bearer(created.token) })
  t.equal(status.status, 200)
  t.strictSame(status.json(), { sessionId, referenceId: 'USER12345', amount: 250, status: 'Initiated' })

  // The Interac e-mail went out once, from A; B's outbox is the same one.
  const outboxes = await Promise.all([a, b].map(async r => (await r.fetch(`/__admin/outbox?sessionId=${sessionId}`)).json()))
  t.equal(outboxes[0].messages.length, 1)
  t.strictSame(outboxes[1], outboxes[0])
})

t.test('a session created through A is cancelled through B; A then reads it Cancelled and refuses a second cancel', async t => {
  const redis = await startRedis(t)
  const [a, b] = await startReplicas(t, redis.url) as [Replica, Replica]
  const created = await a.create(walkThroughBody)
  const { sessionId } = created.json()
  const cancel = await b.fetch(`/api/v2/sessions/${sessionId}/cancel`, { method: 'POST', headers: bearer(created.token) })
  t.equal(cancel.status, 200)
  t.equal(cancel.headers['content-type'], jsonType)
  t.strictSame(cancel.json(), { sessionId, referenceId: 'USER12345', status: 'Cancelled' })
  const status = await a.fetch(`/api/v2/sessions/${sessionId}/status`, { headers: bearer(created.token) })
  t.strictSame(status.json(), { sessionId, referenceId: 'USER12345', amount: 250, status: 'Cancelled' })
  const again = await a.fetch(`/api/v2/sessions/${sessionId}/cancel`, { method: 'POST', headers: bearer(created.token) })
  t.equal(again.status, 400)
  t.equal(again.headers['content-type'], problemType)
  t.match(again.json(), { ...problems.sessionAlreadyTerminal(sessionId, 'Cancelled').body, traceId: traceIdPattern })
})

t.test('a session created through A is driven through B from the hosted page\'s JSON API, and A sees it Completed', async t => {
  const redis = await startRedis(t)
  const [a, b] = await startReplicas(t, redis.url) as [Replica, Replica]
  const created = await a.create(walkThroughBody)
  const { sessionId } = created.json()

  const page = await b.fetch(`/app/?sessionId=${sessionId}`)
  t.equal(page.status, 200)
  t.equal(page.headers['content-type'], 'text/html; charset=utf-8')
  t.match(page.text, sessionId, 'B serves the flow page of a session it never saw created')
  const view = await b.fetch(`/app/api/sessions/${sessionId}`)
  t.equal(view.status, 200)
  t.match(view.json(), { sessionId, referenceId: 'USER12345', amount: 250, payor: { name: 'John Smith' }, status: 'Initiated', step: 'Start', final: false })

  // The README's payor: Flinks Capital, Greatday / Everyday, the three answers, then Approve.
  const steps: Array<[object, object]> = [
    [{ action: 'open' }, { status: 'Initiated', step: 'Start', final: false }],
    [{ action: 'selectInstitution' }, { status: 'InProgress', step: 'BankConnection', final: false }],
    [{ action: 'login', username: 'Greatday', password: 'Everyday' }, { status: 'InProgress', step: 'BankConnection', bankLogin: { state: 'mfa' }, final: false }],
    [{ action: 'answerMfa', answers: ['Montreal', 'Canada', 'Triangle'] }, { status: 'InProgress', step: 'AccountSelection', bankLogin: { state: 'done', questions: [] }, final: false }],
    [{ action: 'approve' }, { status: 'Completed', step: 'Complete', final: true }]
  ]
  for (const [action, expected] of steps) {
    const res = await act(b, sessionId, action)
    t.equal(res.status, 200, JSON.stringify(action))
    t.equal(res.headers['content-type'], jsonType)
    t.match(res.json(), { sessionId, ...expected }, JSON.stringify(action))
  }

  const details = await a.fetch(`/api/v2/sessions/${sessionId}/details`, { headers: bearer(created.token) })
  t.equal(details.status, 200)
  t.match(details.json(), {
    sessionId,
    status: 'Completed',
    step: { current: 'Complete' },
    payor: { account: { institutionCode: '999', transitNumber: '00001', accountNumber: /^\*{4}\d{4}$/ } },
    userDetails: { matchingPerformed: true, nameMatch: 100 },
    schedule: { transactions: [{ status: 'Accepted' }] }
  })
  const late = await act(a, sessionId, { action: 'cancel' })
  t.equal(late.status, 409, 'A refuses an action on the session B completed')
})

t.test('200 concurrent creates with one token, spread over A and B, give exactly one 201; the others are 401 spent', async t => {
  const redis = await startRedis(t)
  const replicas = await startReplicas(t, redis.url)
  const token = await (replicas[0] as Replica).token()
  const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => (replicas[i % 2] as Replica).create({ ...walkThroughBody, referenceId: `race-${i}` }, token)))

  const statuses = answers.map(res => res.status)
  t.equal(statuses.filter(status => status === 201).length, 1, 'one session')
  t.equal(statuses.filter(status => status === 401).length, 199, 'every other create is refused')
  for (const res of answers.filter(res => res.status === 401)) {
    t.equal(res.headers['www-authenticate'], `Bearer error="invalid_token", error_description="${spentTokenDescription}"`)
    t.equal(res.headers['content-type'], problemType)
    t.match(res.json(), { ...problems.tokenInvalid(spentTokenDescription).body, traceId: traceIdPattern })
  }
  // Both replicas answered some of them, and only one session exists, whichever replica is asked.
  t.ok(answers.some((res, i) => res.status === 401 && i % 2 === 0) && answers.some((res, i) => res.status === 401 && i % 2 === 1))
  const winner = answers.find(res => res.status === 201)?.json().sessionId
  for (const replica of replicas) {
    const listed = await replica.fetch('/__admin/sessions')
    t.strictSame(listed.json().sessions.map((s: { sessionId: string }) => s.sessionId), [winner], replica.name)
  }
})
