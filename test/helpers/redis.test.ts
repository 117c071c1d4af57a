import { once } from 'node:events'
import { createServer } from 'node:net'
import t from 'tap'
import { answersPing, freePort, startRedis } from './redis.js'

t.test('startRedis answers PING on the port of its URL; stop loses it, restart brings it back on the same port', async t => {
  const redis = await startRedis(t)
  t.equal(redis.url, `redis://127.0.0.1:${redis.port}/0`)
  t.equal(await answersPing(redis.port), true)
  await redis.stop()
  t.equal(await answersPing(redis.port), false, 'a stopped server answers nothing')
  await redis.stop()
  t.equal(await answersPing(redis.port), false, 'stopping twice is harmless')
  await redis.restart()
  t.equal(await answersPing(redis.port), true)
  await redis.restart()
  t.equal(await answersPing(redis.port), true, 'a running server restarts too')
})

t.test('startRedis on a port another server holds rejects with redis-server\'s reason', async t => {
  const port = await freePort()
  // Not a Redis: it closes every connection, so PING never gets +PONG.
  const holder = createServer(socket => socket.destroy()).listen(port, '127.0.0.1')
  await once(holder, 'listening')
  t.teardown(() => holder.close())
  await t.rejects(startRedis(t, { port }), new RegExp(`^redis-server on port ${port} exited with 1 before answering PING: .*Address already in use`, 's'))
})
