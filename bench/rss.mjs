// The process's memory at the session cap (issue 11): the binary with --max-sessions 1000000
// (BENCH_RSS_CAP) receives authorize + create pairs over HTTP (autocannon, 50 connections) until it
// has created BENCH_RSS_SESSIONS (1,200,000: past the cap, so the oldest go), and its RSS is read
// from /proc after every 200,000, with the creates a second of that stretch. The target: under
// 1.2 GB at the cap, flat past it, and the millionth create as fast as the first ones.
// Linux only (/proc). Run it with `npm run bench:rss`; it takes a few minutes.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { createWithToken, keepToken } from './requests.mjs'

const cap = Number(process.env.BENCH_RSS_CAP ?? 1000000)
const total = Number(process.env.BENCH_RSS_SESSIONS ?? 1200000)
const stretch = 200000
const maxRssMb = 1200
const bin = fileURLToPath(new URL('../bin/flinks-mock.js', import.meta.url))

const port = await new Promise(resolve => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address()
    server.close(() => resolve(port))
  })
})
const child = spawn(process.execPath, [bin, '--port', String(port), '--log-level', 'warn', '--max-sessions', String(cap)], { stdio: 'inherit' })
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024
for (;;) {
  if (child.exitCode !== null) throw new Error(`the mock exited with ${child.exitCode}`)
  if (await fetch(`http://127.0.0.1:${port}/healthz`).then(r => r.ok, () => false)) break
  await sleep(20)
}

// The pairs of bench/run.mjs: each create with the token its authorize returned.
const requests = [keepToken, createWithToken]

const rows = []
for (let created = 0; created < total;) {
  const started = performance.now()
  const result = await autocannon({ url: `http://127.0.0.1:${port}`, connections: 50, amount: stretch * 2, requests })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} answers were not 2xx, ${result.errors} errors`)
  created += stretch
  rows.push({ sessions: created, rssMb: rssMb(), createsPerSecond: stretch / ((performance.now() - started) / 1000) })
  console.log(`${created.toLocaleString('en-US')} sessions: RSS ${Math.round(rows.at(-1).rssMb)} MB, ${Math.round(rows.at(-1).createsPerSecond).toLocaleString('en-US')} creates/s`)
}
child.kill('SIGTERM')
const atCap = rows.filter(row => row.sessions >= cap)
const worst = Math.max(...atCap.map(row => row.rssMb))
console.log(`largest RSS at or past the cap of ${cap.toLocaleString('en-US')}: ${Math.round(worst)} MB (target under ${maxRssMb} MB)`)
if (process.argv.includes('--check') && worst >= maxRssMb) process.exitCode = 1
