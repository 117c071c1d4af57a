/** Fastify's log lines of each request, built only when the logger writes them. */
import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify'

// Levels at which a logger leaves out what is logged at info.
const aboveInfo = new Set(['warn', 'error', 'fatal', 'silent'])
/** Whether a logger writes what is logged at info. */
export const showsInfo = (log: FastifyBaseLogger): boolean => !aboveInfo.has(log.level)

/**
 * Fastify's lines of each request ('incoming request', 'request completed') are logged at info:
 * at a level above it, the objects they are built from (and the response time) are not built,
 * on every request, only to be thrown away (issue 11). A failed request's line is always built.
 */
export class RequestLogLines extends LogController {
  override incomingRequest(request: FastifyRequest, reply: FastifyReply, metadata?: Record<string, unknown>): void {
    if (showsInfo(request.log)) super.incomingRequest(request, reply, metadata)
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply, metadata?: Record<string, unknown>): void {
    if (error || showsInfo(reply.log)) super.requestCompleted(error, request, reply, metadata)
  }
}

/**
 * Fastify's childLoggerFactory: a request's own logger (a pino child binding its id) is made on
 * every request; at a level above info no request line is written, so the id would tie nothing
 * together, and the app's logger serves (issue 11).
 */
export const requestLogger: NonNullable<FastifyServerOptions['childLoggerFactory']> = (logger, bindings, options) =>
  showsInfo(logger) ? logger.child(bindings, options) : logger
