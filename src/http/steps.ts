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
const sendSteps = new WeakMap<FastifyInstance, SendStep[]>()

// Runs the steps from `first` on; a step that must wait continues the rest when it is done (no
// closure is made otherwise: this runs on every request).
function runFrom(steps: RequestStep[], first: number, request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
  for (let i = first; i < steps.length; i++) {
    const waiting = (steps[i] as RequestStep)(request, reply)
    if (waiting !== undefined) return void waiting.then(() => runFrom(steps, i + 1, request, reply, done), done)
  }
  done()
}

// The steps of an app, from `table`; the first time, the hook that runs them is installed.
function stepsOf<S>(table: WeakMap<FastifyInstance, S[]>, app: FastifyInstance, install: (steps: S[]) => void): S[] {
  let steps = table.get(app)
  if (steps === undefined) {
    steps = []
    table.set(app, steps)
    install(steps)
  }
  return steps
}

/** Runs `step` when a request arrives (onRequest), after the steps added before it. */
export function onEachRequest(app: FastifyInstance, step: RequestStep): void {
  stepsOf(requestSteps, app, steps => app.addHook('onRequest', (request, reply, done) => runFrom(steps, 0, request, reply, done))).push(step)
}

/** Runs `step` when an answer is about to be sent (onSend), after the steps added before it. */
export function onEachSend(app: FastifyInstance, step: SendStep): void {
  stepsOf(sendSteps, app, steps => app.addHook('onSend', (request, reply, payload, done) => {
    for (let i = 0; i < steps.length; i++) (steps[i] as SendStep)(request, reply, payload)
    done(null, payload)
  })).push(step)
}
