/** Fastify's log lines of each request, built only when the logger writes them. */
import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify'

// Levels at which a logger leaves out what is logged at info.
const aboveInfo = new Set(['warn', 'error', 'fatal', 'silent'])
const showsInfo = (log: FastifyBaseLogger) => !aboveInfo.has(log.level)

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
