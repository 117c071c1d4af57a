/**
 * Webhooks: when a session reaches a final status, POST the documented GEFT event
 * SessionSetupStatusChanged to the client's URL, signed `X-Webhook-Signature: sha256=<HEX>`
 * (HMAC-SHA256 of the raw body, upper-case hex). Its body is the status endpoint's plus `when`
 * ("returns the same fields", GEFT webhook guide). Sent once, no retries (as documented), for
 * Completed, Failed and Canceled/Cancelled; not for Expired; for GEFT sessions only, the one
 * product it is documented for, unless the client's `webhook.products` names others. A receiver
 * that is down or slow never blocks a request or stops the mock: deliveries run beside the requests.
 * Beside it, the guarantee webhook: a GEFT guarantee waiting for the client's confirmation is
 * POSTed (signed the same way) up to 3 times until a 2xx, once the clock reaches its offer; 3
 * failures fail the session (§7.4).
 */
import { createHmac } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { ClientRegistry } from '../auth/clients.js'
import { webhookCovers, type ClientConfig } from '../config.js'
import type { ClockRegistry } from '../clock.js'
import { guaranteeAt, guaranteeDeliveryAttempts, guaranteeUndelivered } from '../sessions/guarantee.js'
import { stateAt, type Product, type Session, type SessionState } from '../sessions/lifecycle.js'
import type { SessionStore } from '../sessions/store.js'
import { guaranteeDetailsOf, statusView } from '../sessions/views.js'
import type { DeliveryLog, WebhookDelivery } from './deliveries.js'
import { createDueQueue, type DueQueue } from './due-queue.js'

/** The statuses the event is sent for (GEFT webhook guide). */
const notified = new Set(['Completed', 'Failed', 'Canceled', 'Cancelled'])

/** The queue size below which dropped sessions are not swept out. */
const minSweepSize = 1024

/**
 * When a session that is not final may next change: its next step, or its expiry when that comes
 * first or when it waits for its user (the timeline is in time order).
 */
function nextChangeMs(session: Session, now: number): number {
  for (const entry of session.timeline) if (entry.atMs > now) return Math.min(entry.atMs, session.expiresAtMs)
  return session.expiresAtMs
}

/** The signature header value for a raw body. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex').toUpperCase()}`
}

/** What the dispatcher works with. */
export interface DispatcherDeps {
  clients: ClientRegistry
  sessions: SessionStore
  /** Each client's clock: a session's due times are read on its client's clock. */
  clocks: ClockRegistry
  deliveries: DeliveryLog
  timeoutMs: number
  log: FastifyBaseLogger
  /** Waits real time (a scenario's slow delivery). */
  sleep: (ms: number) => Promise<void>
  /** With the Redis store: how replicas share the sending (absent in one process). */
  sharing?: WebhookSharing
}

/**
 * How replicas on one store send each webhook once: the replica that wins a delivery's lease sends
 * it, and a session due is read again from the store first (another replica may have changed it).
 */
export interface WebhookSharing {
  /** True for the one replica that is to send this delivery of the client. */
  lease(clientId: string, delivery: string): Promise<boolean>
  /** The session as stored now (kept in this process); undefined when it is gone. */
  refresh(session: Session): Promise<Session | undefined>
  /** Writes a session the dispatcher changed (a guarantee nobody could be told of). */
  save(session: Session): Promise<boolean>
  /** Writes a delivery to the shared log and gives it the log's number as its id, one id on every replica. */
  record(delivery: WebhookDelivery): Promise<void>
}

/** Watches sessions whose client has a webhook, and delivers their final status. */
export interface WebhookDispatcher {
  /** Starts watching a new session (ignored when its client has no webhook, or none for its product). */
  track(session: Session): void
  /** Re-reads a watched session after an action changed it (cancel, confirm, the page, simulate): delivers what is now due and schedules its next step. */
  changed(session: Session): void
  /** Delivers for every watched session now due (the timer and clock changes call it). */
  check(): void
  /** Sends a recorded delivery again (same body, same signature); undefined when unknown. */
  redeliver(id: string, clientId?: string): Promise<WebhookDelivery | undefined>
  /** Forgets watched sessions of a client, or all; cancels the timer. */
  clear(clientId?: string): void
  /** Deliveries still in flight (tests and shutdown wait for them). */
  settled(): Promise<void>
  close(): void
}

/** Creates the dispatcher; it re-checks when the clock is moved and when the next step is due. */
export function createWebhookDispatcher(deps: DispatcherDeps): WebhookDispatcher {
  const { clients, sessions, clocks, deliveries, timeoutMs, log, sharing } = deps
  const nowOf = (clientId: string) => clocks.of(clientId).now()
  const inFlight = new Set<Promise<unknown>>()
  let timer: NodeJS.Timeout | undefined
  let next = 1
  let closed = false

  const send = async (delivery: Omit<WebhookDelivery, 'id' | 'at' | 'status' | 'error' | 'durationMs'>): Promise<WebhookDelivery> => {
    const started = performance.now()
    const record: WebhookDelivery = { ...delivery, id: String(next++), at: new Date(nowOf(delivery.clientId)).toISOString(), status: null, error: null, durationMs: 0 }
    try {
      const res = await fetch(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'x-webhook-signature': delivery.signature },
        body: delivery.body,
        signal: AbortSignal.timeout(timeoutMs)
      })
      record.status = res.status
      await res.arrayBuffer()
    } catch (error) {
      record.error = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : String((error as Error & { cause?: Error }).cause?.message ?? (error as Error).message)
      log.warn({ url: delivery.url, sessionId: delivery.sessionId, error: record.error }, 'webhook delivery failed')
    }
    record.durationMs = Math.round(performance.now() - started)
    await keep(record)
    return record
  }

  // Among replicas a delivery is numbered by the shared log before it is kept here, so that the
  // record a redelivery answers with has the id every replica lists it under.
  const keep = async (record: WebhookDelivery): Promise<void> => {
    if (sharing !== undefined) {
      await sharing.record(record).catch((error: Error) => log.warn({ sessionId: record.sessionId, error: error.message }, 'webhook delivery not recorded: the store does not answer'))
    }
    deliveries.record(record)
  }

  const run = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work)
    void work.finally(() => inFlight.delete(work)).catch(() => undefined)
    return work
  }

  const deliver = (session: Session, when: number, status: Record<string, unknown>) => {
    const client = clients.get(session.clientId)
    const webhook = client?.webhook
    if (!webhook) return
    const body = JSON.stringify({ ...status, when: new Date(when).toISOString() })
    const delivery = { clientId: session.clientId, sessionId: session.id, url: webhook.url, event: 'SessionSetupStatusChanged' as const, body, signature: signature(webhook.secret, body) }
    const behaviour = session.scenario?.lifecycle?.webhook ?? {}
    leased(session, `status:${session.id}:${when}`, () => {
      if (behaviour.drop) {
        run(keep({ ...delivery, id: String(next++), at: new Date(nowOf(session.clientId)).toISOString(), status: null, error: 'dropped by the scenario', durationMs: 0 }))
        return
      }
      run((async () => {
        if (behaviour.delayMs) await deps.sleep(behaviour.delayMs)
        await send(delivery)
        if (behaviour.duplicate) await send(delivery)
      })())
    })
  }

  // In one process `work` runs at once; among replicas, on the one that wins the delivery's lease.
  const leased = (session: Session, delivery: string, work: () => void) => {
    if (sharing === undefined) return work()
    run(sharing.lease(session.clientId, delivery).then(won => {
      if (won) work()
    }, (error: Error) => log.warn({ sessionId: session.id, error: error.message }, 'webhook not sent: the store does not answer')))
  }

  // The guarantee webhook's body is not published: the status fields that fit, the guarantee as
  // details shows it, and `when` (flinks-mock's guess, README fidelity notes).
  const deliverGuarantee = (session: Session, state: SessionState, now: number, offeredAtMs: number) => {
    // Only sessions of clients with a webhook are watched (track), and clients are fixed at start.
    const webhook = clients.get(session.clientId)?.webhook as NonNullable<ClientConfig['webhook']>
    const { sessionId, referenceId, amount } = statusView(session, state)
    const body = JSON.stringify({ sessionId, referenceId, amount, guaranteeDetails: guaranteeDetailsOf(session, state, now), when: new Date(offeredAtMs).toISOString() })
    const delivery = { clientId: session.clientId, sessionId: session.id, url: webhook.url, event: 'GuaranteeOffered' as const, body, signature: signature(webhook.secret, body) }
    leased(session, `guarantee:${session.id}:${offeredAtMs}`, () => run((async () => {
      for (let attempt = 0; attempt < guaranteeDeliveryAttempts && session.guarantee === 'awaiting'; attempt++) {
        const { status } = await send(delivery)
        if (status !== null && status >= 200 && status < 300) return
      }
      guaranteeUndelivered(session, nowOf(session.clientId))
      await sharing?.save(session)
      changed(session)
    })()))
  }
  const guaranteesSent = new WeakSet<Session>()

  // Each watched session waits in the queue until its next step (or its expiry): a check reads
  // only the sessions due, so its cost does not grow with the sessions open (issue 11).
  // One queue per client: due times are read on the client's clock, and clients on different
  // clocks are in different frames.
  const queues = new Map<string, DueQueue<Session>>()
  const queueOf = (clientId: string): DueQueue<Session> => {
    let queue = queues.get(clientId)
    if (queue === undefined) queues.set(clientId, queue = createDueQueue<Session>())
    return queue
  }
  const watched = {
    set: (session: Session, dueMs: number) => queueOf(session.clientId).set(session, dueMs),
    delete: (session: Session) => queues.get(session.clientId)?.delete(session),
    has: (session: Session) => queues.get(session.clientId)?.has(session) === true,
    get size() {
      let size = 0
      for (const queue of queues.values()) size += queue.size
      return size
    },
    retain: (keep: (session: Session) => boolean) => {
      for (const queue of queues.values()) queue.retain(keep)
    }
  }
  let timerDueMs = Number.POSITIVE_INFINITY
  // Sessions dropped from the store wait in the queue until they are due; a sweep once the queue
  // has doubled since the last one lets them go sooner, at a cost shared by the tracks between.
  let sweepAt = minSweepSize

  const schedule = () => {
    // The first due step over the clocks that run, in real time (a running clock's offset holds
    // still, so the same step gives the same value and leaves the timer be), and how far off it is.
    let due = Number.POSITIVE_INFINITY
    let inMs = Number.POSITIVE_INFINITY
    if (!closed) {
      for (const [clientId, queue] of queues) {
        const clock = clocks.of(clientId)
        const next = queue.nextDueMs()
        // A running clock's setting holds its offset exactly (no second reading of real time).
        if (clock.frozen || next - clock.setting.offsetMs >= due) continue
        due = next - clock.setting.offsetMs
        inMs = next - clock.now()
      }
    }
    if (due === timerDueMs) return
    clearTimeout(timer)
    timer = undefined
    timerDueMs = due
    if (due === Number.POSITIVE_INFINITY) return
    // Timers hold at most ~24.8 days; a later step gets a timer again when this one fires.
    timer = setTimeout(fire, Math.min(inMs + 1, 2 ** 31 - 1))
    timer.unref()
  }
  const fire = () => {
    timerDueMs = Number.POSITIVE_INFINITY
    check()
  }

  /** Reads one watched session at `now`: delivers what is due, then queues it at its next step or drops it. */
  const review = (session: Session, now: number) => {
    if (sessions.get(session.id) !== session) {
      watched.delete(session)
      return
    }
    const state = stateAt(session, now)
    if (state.final) {
      watched.delete(session)
      if (notified.has(state.status)) deliver(session, state.changedAtMs, statusView(session, state) as unknown as Record<string, unknown>)
      return
    }
    // An autoplayed payor's guarantee is announced when the clock reaches its GuaranteeOffer step.
    const offeredAtMs = session.guaranteeOfferedAtMs
    if (offeredAtMs !== null && guaranteeAt(session, now) === 'awaiting' && !guaranteesSent.has(session)) {
      guaranteesSent.add(session)
      deliverGuarantee(session, state, now, offeredAtMs)
    }
    watched.set(session, nextChangeMs(session, now))
  }

  const changed = (session: Session) => {
    // Among replicas, the one that saw the change watches the session from now on.
    if (!watched.has(session)) {
      if (sharing !== undefined) track(session)
      return
    }
    review(session, nowOf(session.clientId))
    schedule()
  }

  function check(): void {
    const due: Session[] = []
    for (const [clientId, queue] of queues) {
      const now = nowOf(clientId)
      for (const session of queue.dueAt(now)) due.push(session)
    }
    if (sharing === undefined || due.length === 0) {
      for (const session of due) review(session, nowOf(session.clientId))
      schedule()
      return
    }
    // Read again first: another replica may have changed or ended the session since it was watched here.
    for (const session of due) watched.delete(session)
    run(Promise.all(due.map(session => sharing.refresh(session).then(
      fresh => fresh === undefined ? undefined : review(fresh, nowOf(fresh.clientId)),
      // The store does not answer: the session is read again a second later.
      () => watched.set(session, nowOf(session.clientId) + 1000)
    ))).then(schedule))
  }

  function track(session: Session): void {
    if (!webhookCovers(clients.get(session.clientId), session.product)) return
    if (watched.size >= sweepAt) {
      watched.retain(s => sessions.get(s.id) === s)
      sweepAt = Math.max(minSweepSize, 2 * watched.size)
    }
    review(session, nowOf(session.clientId))
    schedule()
  }

  // A moved clock changes how far off every due time is: the timer is set again whatever is due.
  // A client given its own clock, or back on the shared one, is in another frame: each of its
  // sessions is read again.
  clocks.onChange(clientId => {
    timerDueMs = Number.NaN
    const queue = clientId === undefined ? undefined : queues.get(clientId)
    if (queue !== undefined) for (const session of queue.dueAt(Number.POSITIVE_INFINITY)) review(session, nowOf(session.clientId))
    check()
  })

  return {
    track,
    changed,
    check,
    async redeliver(id, clientId) {
      const previous = deliveries.get(id, clientId)
      if (previous === undefined) return undefined
      const { clientId: owner, sessionId, url, event, body, signature: signed } = previous
      return run(send({ clientId: owner, sessionId, url, event, body, signature: signed }))
    },
    clear(clientId) {
      watched.retain(session => clientId !== undefined && session.clientId !== clientId)
      schedule()
    },
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight])
    },
    close() {
      closed = true
      clearTimeout(timer)
    }
  }
}
