/** Replicas of the mock: binaries on one shared store (issue 12), and fetch bound to each. */
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { setTimeout as wait } from 'node:timers/promises'
import type { Test } from 'tap'
import { loadShippedDocuments } from '../../src/state.js'
import { documentFor, responseProblems } from './conformance.js'
import type { Read } from './http.js'
import { eTransferBody } from './app.js'
import { startBinary, type RunningBinary } from './process.js'

/** The mock's binary, as `npx flinks-mock` and the image run it. */
export const bin = fileURLToPath(new URL('../../bin/flinks-mock.js', import.meta.url))

/** The default client's Basic credentials and the token request of the walk-through. */
export const basic = `Basic ${Buffer.from('flinks-mock-client:flinks-mock-secret').toString('base64')}`
export const authorizeRequest: RequestInit = { method: 'POST', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' }

/** The request of the README walk-through (the Initiate Session page's e-Transfer example). */
export const walkThroughBody = eTransferBody()

/** ASP.NET Core's 503 ProblemDetails type (RFC 9110 section 15.6.4). */
export const serviceUnavailableType = 'https://tools.ietf.org/html/rfc9110#section-15.6.4'

// The health answers are asserted whole by the tests; they are outside the served documents.
const healthPath = /^\/healthz(\/|$)/

/** One mock process on the shared store. */
export interface Replica {
  /** `A`, `B`, ...: named in assertion messages. */
  name: string
  /** `http://127.0.0.1:<port>`. */
  url: string
  binary: RunningBinary
  /** fetch against this replica; every answer is checked against the served documents. */
  fetch(path: string, init?: RequestInit): Promise<Read>
  /** A fresh access token of the default client, from this replica. */
  token(): Promise<string>
  /** Creates a session through this replica with a fresh token (from this replica too). */
  create(body: unknown, token?: string): Promise<Read & { token: string }>
  /** SIGTERM (as a rolling restart sends it), then resolves with the exit code. */
  stop(): Promise<number | null>
}

/** What a replica starts with beside `--store`. */
export interface ReplicaOptions {
  args?: string[]
  env?: Record<string, string>
}

/** Starts the binary with `--store <store>` and `args`, in an environment holding PATH and `env` only. */
export async function startReplica(t: Test, name: string, store: string, { args = [], env = {} }: ReplicaOptions = {}): Promise<Replica> {
  const binary = await startBinary(t, process.execPath, [bin, '--store', store, ...args], { env: { PATH: process.env.PATH ?? '', ...env } })
  const url = `http://127.0.0.1:${binary.port}`
  const documents = loadShippedDocuments()
  const replica: Replica = {
    name,
    url,
    binary,
    async fetch(path, init = {}) {
      const res = await fetch(`${url}${path}`, init)
      const text = await res.text()
      const headers = Object.fromEntries(res.headers)
      if (!healthPath.test(path)) {
        for (const problem of responseProblems(documentFor(documents, path), { method: init.method ?? 'GET', url: path, statusCode: res.status, headers, body: text })) {
          t.fail(`${name}: response does not conform to the served document: ${problem}`)
        }
      }
      return { status: res.status, headers, text, json: () => JSON.parse(text) }
    },
    async token() {
      const res = await replica.fetch('/api/v1/authorize', authorizeRequest)
      if (res.status !== 200) throw new Error(`${name}: authorize answered ${res.status} ${res.text}`)
      return res.json().access_token
    },
    async create(body, token) {
      const bearer = token ?? await replica.token()
      const res = await replica.fetch('/api/v2/sessions', { method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
      return Object.assign(res, { token: bearer })
    },
    async stop() {
      const { child } = binary
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        await once(child, 'exit')
      }
      return child.exitCode
    }
  }
  return replica
}

/** Starts `count` replicas (A, B, ...) on one store, with the same arguments and environment. */
export async function startReplicas(t: Test, store: string, options: ReplicaOptions = {}, count = 2): Promise<Replica[]> {
  const names = Array.from({ length: count }, (_, i) => String.fromCharCode(65 + i))
  return Promise.all(names.map(name => startReplica(t, name, store, options)))
}

/** How often `until` asks again. */
const pollMs = 20

/**
 * Asks `check` until it gives something other than undefined, and resolves with it; rejects
 * naming `what` once `timeoutMs` has passed (no sleeps in the tests: a deadline instead).
 */
export async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`)
    await wait(pollMs)
  }
}

/** Gives the replicas in turn, one a call: a client alternating between them request by request. */
export function alternate(replicas: Replica[]): () => Replica {
  let next = 0
  return () => replicas[next++ % replicas.length] as Replica
}
