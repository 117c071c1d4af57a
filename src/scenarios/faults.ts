/** Injected faults: latency, an error answer, or a connection closed without an answer. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { annotate } from '../http/journal-hook.js'
import { observeDroppedConnection } from '../coverage/observe.js'
import { isOwnPath } from '../http/own-paths.js'
import { onEachRequest } from '../http/steps.js'
import { problems, ProblemError } from '../problems.js'
import type { LoadedScenario } from './loader.js'
import type { Roll, ScenarioHolder } from './matcher.js'

/**
 * Applies a scenario's fault to a request: waits its delay, then throws its error or drops the
 * connection. Returns without effect (after the delay) when the scenario has neither.
 */
export async function applyFault(scenario: LoadedScenario, request: FastifyRequest, reply: FastifyReply, sleep: (ms: number) => Promise<void>): Promise<void> {
  annotate(request, { scenario: scenario.name })
  if (scenario.delayMs) await sleep(scenario.delayMs)
  if (scenario.error) throw new ProblemError(problems.fromScenario(scenario.error))
  if (scenario.dropConnection) {
    // What a client sees when a load balancer or the service dies mid-request.
    observeDroppedConnection(request)
    reply.hijack()
    request.raw.socket.destroy()
  }
}

/**
 * Registers the hook that applies path scenarios (match.path) to every request of the API. It
 * stays registered, since a reload may add path scenarios, but without any it only reads a flag;
 * and it is synchronous until a fault applies (an async hook costs a promise hop per request); a
 * step of the app's one onRequest hook (http/steps.ts).
 */
export function injectPathFaults(app: FastifyInstance, scenarios: ScenarioHolder, roll: Roll, sleep: (ms: number) => Promise<void>): void {
  onEachRequest(app, (request, reply) => {
    if (!scenarios.current.hasPathFaults) return undefined
    const path = request.url.replace(/\?.*$/s, '')
    const scenario = isOwnPath(path) ? undefined : scenarios.current.faultFor(request.method, path, roll)
    return scenario === undefined ? undefined : applyFault(scenario, request, reply, sleep)
  })
}
