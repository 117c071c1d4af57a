/** A local webhook receiver on 127.0.0.1 that checks the signature as the Flinks guide says. */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { once } from 'node:events'
import { createServer, type IncomingMessage } from 'node:http'
import type { Test } from 'tap'

/** One POST the receiver got. */
export interface Received { headers: IncomingMessage['headers'], body: string, valid: boolean }

/** A running receiver: its URL, what it got, and a promise of the next delivery. */
export interface WebhookReceiver { url: string, received: Received[], next(): Promise<void> }

/**
 * Starts a receiver answering each delivery with the next of `statuses` (the last one repeats),
 * and 401 to a bad signature as the guide tells receivers to; closed when the test ends.
 */
export async function webhookReceiver(t: Test, secret: string, statuses: number[] = [200]): Promise<WebhookReceiver> {
  const received: Received[] = []
  let arrived = () => {}
  const next = () => new Promise<void>(resolve => { arrived = resolve })
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', chunk => { body += chunk })
    req.on('end', () => {
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`.toLowerCase())
      const given = Buffer.from(String(req.headers['x-webhook-signature'] ?? '').toLowerCase())
      const valid = given.length === expected.length && timingSafeEqual(given, expected)
      received.push({ headers: req.headers, body, valid })
      arrived()
      res.statusCode = valid ? statuses[Math.min(received.length, statuses.length) - 1] as number : 401
      res.end()
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => server.close())
  const address = server.address()
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/flinks`, received, next }
}
