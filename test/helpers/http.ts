/** fetch for tests over real HTTP: every response is checked against the served documents too. */
import type { Test } from 'tap'
import type { FlinksMock } from '../../src/embed.js'
import { documentFor, responseProblems } from './conformance.js'

/** A response read whole: status, headers, text and JSON. */
export interface Read {
  status: number
  headers: Record<string, string>
  text: string
  json: () => any // eslint-disable-line @typescript-eslint/no-explicit-any -- test convenience over arbitrary bodies
}

/** Returns a fetch bound to the mock that fails the test on a response the documents do not allow. */
export function checkedFetch(t: Test, mock: FlinksMock) {
  return async (path: string, init: RequestInit = {}): Promise<Read> => {
    const res = await fetch(`${mock.url}${path}`, init)
    const text = await res.text()
    const headers = Object.fromEntries(res.headers)
    for (const problem of responseProblems(documentFor(mock.app.mock, path), { method: init.method ?? 'GET', url: path, statusCode: res.status, headers, body: text })) {
      t.fail(`response does not conform to the served document: ${problem}`)
    }
    return { status: res.status, headers, text, json: () => JSON.parse(text) }
  }
}
