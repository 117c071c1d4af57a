/** A clock per client: /__admin/clocks. Described by openapi/admin.yaml. */
import type { FastifyRequest } from 'fastify'
import { latestClockMs, type Clock } from '../../clock.js'
import { problems, ProblemError } from '../../problems.js'
import { stateAt } from '../../sessions/lifecycle.js'
import type { ClockChange } from '../../store/shared-clocks.js'
import type { MockState } from '../../state.js'
import { scopedClient } from './auth.js'
import { clockView } from './views.js'

type Route = (operationId: string, handler: (request: FastifyRequest) => Promise<unknown> | unknown) => void

/** Moves a clock forward, refused in plain words past the latest time it may show. */
export function advanceClock(clock: Clock, seconds: number): void {
  if (clock.now() + seconds * 1000 > latestClockMs) throw new ProblemError(problems.clockRefused(`The clock cannot go past ${new Date(latestClockMs).toISOString()}.`))
  clock.advance(seconds)
}

/** The clock a client reads, as /__admin/clocks shows it. */
export function clientClockView(state: MockState, clientId: string) {
  return { clientId, own: state.clocks.own(clientId) !== undefined, ...clockView(state.clocks.of(clientId)) }
}

/**
 * Registers the clock-per-client routes. A client's Basic credentials act on its own clock only;
 * the ADMIN_TOKEN (or no token configured) on any client's.
 */
export function clockRoutes(state: MockState, route: Route): void {
  const { clocks } = state
  /** The client named (its own, for client credentials), which must be configured. */
  const clientOf = (request: FastifyRequest, named: string): string => {
    const clientId = scopedClient(request, named) as string
    if (state.clients.get(clientId) === undefined) throw new ProblemError(problems.clientNotFound(clientId))
    return clientId
  }
  const ownClock = (request: FastifyRequest): [string, Clock] => {
    const clientId = clientOf(request, (request.params as { clientId: string }).clientId)
    const clock = clocks.own(clientId)
    if (clock === undefined) throw new ProblemError(problems.noOwnClock(clientId))
    return [clientId, clock]
  }
  // Returns once every webhook due by the clock's new time has been attempted.
  const settled = async (clientId: string) => {
    await state.webhooks.settled()
    return clientClockView(state, clientId)
  }
  // Among replicas (Redis store) a changed clock is written at once, for the next request on any replica to read.
  const save = async (clientId: string, change: ClockChange) => {
    await state.replicas?.clocks.save(clientId, change)
  }
  // Among replicas, a session may be watched by another replica only: before a client's clock moves,
  // this one watches the client's sessions not yet final too, so that the webhooks due by the new
  // time are attempted before it answers (each sent once: the replica that wins its lease sends it).
  const watch = async (clientId: string) => {
    const shared = state.replicas
    if (shared === undefined) return
    const now = clocks.of(clientId).now()
    for (const stored of await shared.sessions.list(clientId)) {
      const { session } = shared.sessions.keep(stored)
      if (!stateAt(session, now).final) state.webhooks.track(session)
    }
  }

  route('AdminListClocks', request => ({
    shared: clockView(clocks.shared),
    clocks: clocks.list().filter(({ clientId }) => request.adminScope === undefined || clientId === request.adminScope).map(({ clientId }) => clientClockView(state, clientId))
  }))
  route('AdminCreateClock', async request => {
    const clientId = clientOf(request, (request.body as { clientId: string }).clientId)
    if (clocks.own(clientId) === undefined) {
      clocks.create(clientId)
      await save(clientId, 'given')
    }
    return clientClockView(state, clientId)
  })
  route('AdminGetClientClock', request => clientClockView(state, clientOf(request, (request.params as { clientId: string }).clientId)))
  route('AdminAdvanceClientClock', async request => {
    const [clientId, clock] = ownClock(request)
    await watch(clientId)
    advanceClock(clock, (request.body as { seconds: number }).seconds)
    await save(clientId, 'changed')
    return settled(clientId)
  })
  route('AdminFreezeClientClock', async request => {
    const [clientId, clock] = ownClock(request)
    clock.freeze()
    await save(clientId, 'changed')
    return clientClockView(state, clientId)
  })
  route('AdminUnfreezeClientClock', async request => {
    const [clientId, clock] = ownClock(request)
    clock.unfreeze()
    await save(clientId, 'changed')
    return clientClockView(state, clientId)
  })
  route('AdminDeleteClock', async request => {
    const clientId = clientOf(request, (request.params as { clientId: string }).clientId)
    if (clocks.own(clientId) !== undefined) {
      await watch(clientId)
      clocks.drop(clientId)
      await save(clientId, 'changed')
    }
    return settled(clientId)
  })
}
