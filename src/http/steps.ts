/**
 * The steps every request takes, run from one Fastify hook of each kind (issue 11): each hook
 * Fastify runs costs a turn of its hook runner on every request, and the mock's concerns (the
 * Content-Type set aside, path faults, the closing flag, the journal) each wanted their own.
 * A concern adds its step to an app; the app's one hook runs them in the order they were added.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/** A step on a request's arrival: synchronous, or a promise when it must wait (a fault's delay). */
export type RequestStep = (request: FastifyRequest, reply: FastifyReply) => Promise<void> | undefined

/** A step on an answer about to be sent (its payload as serialized): synchronous. */
export type SendStep = (request: FastifyRequest, reply: FastifyReply, payload: unknown) => void

const requestSteps = new WeakMap<FastifyInstance, RequestStep[]>()

/** An app's steps on its answers: those run before each is sent, and those run once it is written. */
interface SendSteps {
  before: SendStep[]
  after: SendStep[]
}
const sendSteps = new WeakMap<FastifyInstance, SendSteps>()

// Runs the steps from `first` on; a step that must wait continues the rest when it is done (no
// closure is made otherwise: this runs on every request).
function runFrom(steps: RequestStep[], first: number, request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
  for (let i = first; i < steps.length; i++) {
    const waiting = (steps[i] as RequestStep)(request, reply)
    if (waiting !== undefined) return void waiting.then(() => runFrom(steps, i + 1, request, reply, done), done)
  }
  done()
}

// The steps of an app, from `table`; the first time, `make` makes them and `install` adds the hook that runs them.
function stepsOf<S>(table: WeakMap<FastifyInstance, S>, app: FastifyInstance, make: () => S, install: (steps: S) => void): S {
  let steps = table.get(app)
  if (steps === undefined) {
    steps = make()
    table.set(app, steps)
    install(steps)
  }
  return steps
}

/** Runs `step` when a request arrives (onRequest), after the steps added before it. */
export function onEachRequest(app: FastifyInstance, step: RequestStep): void {
  stepsOf(requestSteps, app, () => [], steps => app.addHook('onRequest', (request, reply, done) => runFrom(steps, 0, request, reply, done))).push(step)
}

/**
 * The most answers held for the end of a turn of the event loop: past it they go at once, so that
 * a turn that reads many requests (up to 1,024 sockets a poll) does not hold its first answer for all of them.
 */
export const maxHeldAnswers = 32

type SendDone = (error: Error | null, payload?: unknown) => void

// The answers of this turn of the event loop, waiting to be written, four items each: reply, done,
// payload, the steps to run once it is written.
const held: unknown[] = []
let flushScheduled = false

/**
 * Writes the answers held, in the order they were made, then runs what follows each (the journal),
 * in the same turn: the clients have their answers while it runs. One that fails to be written, or
 * a step that fails (bugs: Fastify catches its own errors), is logged; the answer's connection is
 * ended rather than the process, and the others still go.
 */
function sendHeld(): void {
  flushScheduled = false
  const answers = held.splice(0)
  for (let i = 0; i < answers.length; i += 4) {
    const reply = answers[i] as FastifyReply
    try {
      (answers[i + 1] as SendDone)(null, answers[i + 2])
    } catch (error) {
      reply.log.error({ err: error }, 'the answer could not be written (a bug in flinks-mock)')
      reply.raw.destroy()
    }
  }
  for (let i = 0; i < answers.length; i += 4) {
    const reply = answers[i] as FastifyReply
    const after = answers[i + 3] as SendStep[]
    for (let j = 0; j < after.length; j++) {
      try {
        (after[j] as SendStep)(reply.request, reply, answers[i + 2])
      } catch (error) {
        reply.log.error({ err: error }, 'a step after the answer failed (a bug in flinks-mock)')
      }
    }
  }
}

/**
 * Sends an answer at the end of this turn of the event loop (setImmediate), with the other answers
 * of the turn (issue 11), then runs `after`. Written one by one as each request is handled, every
 * answer to a client waiting in epoll (a load test on the same host) had to wake it: on a 2-core
 * machine the mock's writev took 21 µs an answer against bare Fastify's 12.7. With the answers of a
 * turn written together the client wakes once for them: authorize + create went from 0.61 to 0.72
 * of bare Fastify's requests a second (journal on; 0.68 to 0.76 off), details reads from 0.64 to
 * 0.72 (0.74 to 0.80 off), in one run of alternating 3-second slices. The wait is the rest of the
 * turn: under load, at most `maxHeldAnswers` requests' handling.
 */
function sendAtTurnEnd(reply: FastifyReply, done: SendDone, payload: unknown, after: SendStep[]): void {
  held.push(reply, done, payload, after)
  if (held.length >= 4 * maxHeldAnswers) sendHeld()
  else if (!flushScheduled) {
    flushScheduled = true
    setImmediate(sendHeld)
  }
}

// The steps on an app's answers; the first time, the hook that runs them is installed.
function sendStepsOf(app: FastifyInstance): SendSteps {
  return stepsOf(sendSteps, app, () => ({ before: [], after: [] }), ({ before, after }) => app.addHook('onSend', (request, reply, payload, done) => {
    for (let i = 0; i < before.length; i++) (before[i] as SendStep)(request, reply, payload)
    sendAtTurnEnd(reply, done, payload, after)
  }))
}

/** Runs `step` when an answer is about to be sent (onSend), after the steps added before it; the answer goes at the end of the turn. */
export function onEachSend(app: FastifyInstance, step: SendStep): void {
  sendStepsOf(app).before.push(step)
}

/**
 * Runs `step` once an answer is written (in the turn it was written, after the others of the turn),
 * with what onSend saw: for what only reads the exchange, so that the clients do not wait for it.
 */
export function onEachSent(app: FastifyInstance, step: SendStep): void {
  sendStepsOf(app).after.push(step)
}
