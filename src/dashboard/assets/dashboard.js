// The dashboard of flinks-mock (/__admin/ui): plain JavaScript, no build step, no framework.
// Each view reads the admin API (openapi/admin.yaml) with the credentials the person gave, kept
// in sessionStorage. Every value reaches the page as text (textContent and createElement, never
// innerHTML): a referenceId or a journaled body is whatever a client sent.

const main = document.getElementById('main')
const announcer = document.getElementById('announcer')
const identity = document.getElementById('identity')
const signInButton = document.getElementById('sign-in')
const signOutButton = document.getElementById('sign-out')
const navLinks = [...document.querySelectorAll('#nav a[data-view]')]

// ---- Credentials and calls --------------------------------------------------------------------

const storageKey = 'flinks-mock-dashboard-credentials'

function readCredentials() {
  try {
    const value = JSON.parse(sessionStorage.getItem(storageKey) ?? 'null')
    return value && (value.kind === 'token' || value.kind === 'client') ? value : null
  } catch {
    return null
  }
}

function authorization(credentials) {
  if (credentials === null) return undefined
  if (credentials.kind === 'token') return `Bearer ${credentials.token}`
  // Basic is base64 of UTF-8 bytes; btoa alone takes Latin-1 only.
  const bytes = new TextEncoder().encode(`${credentials.id}:${credentials.secret}`)
  return `Basic ${btoa(Array.from(bytes, b => String.fromCharCode(b)).join(''))}`
}

/** The admin API refused the credentials (401): back to the form. */
class Unauthorized extends Error {}

/** Any other refusal, with the ProblemDetails the API sent. */
class ApiError extends Error {
  constructor(status, problem) {
    const errors = problem && typeof problem.errors === 'object' && problem.errors !== null
      ? Object.entries(problem.errors).map(([key, list]) => `${key ? `${key}: ` : ''}${[].concat(list).join(' ')}`).join(' ')
      : ''
    super(errors || problem?.detail || problem?.title || `The admin API answered ${status}.`)
    this.status = status
  }
}

async function api(path, { method = 'GET', body } = {}) {
  const headers = { accept: 'application/json' }
  const auth = authorization(readCredentials())
  if (auth !== undefined) headers.authorization = auth
  if (body !== undefined) headers['content-type'] = 'application/json'
  let res
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' })
  } catch (error) {
    throw new Error(`The mock did not answer (${error.message}): is it still running?`)
  }
  const data = (res.headers.get('content-type') ?? '').includes('json') ? await res.json() : null
  if (res.status === 401) throw new Unauthorized(data?.detail ?? 'The admin API refused these credentials.')
  if (!res.ok) throw new ApiError(res.status, data)
  return data
}

const withQuery = (path, params) => {
  const query = new URLSearchParams([...params].filter(([, value]) => value !== '')).toString()
  return query ? `${path}?${query}` : path
}

// ---- Building the page, as text only ------------------------------------------------------------

function h(tag, props = {}, ...children) {
  const element = document.createElement(tag)
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue
    if (key === 'class') element.className = value
    else if (key.startsWith('on')) element.addEventListener(key.slice(2), value)
    else element.setAttribute(key, value === true ? '' : String(value))
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) element.append(child instanceof Node ? child : String(child))
  }
  return element
}

/** An ISO time as `2026-06-04 14:30:00 UTC`: the same on every machine. */
const when = iso => typeof iso === 'string' ? iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC') : '—'
const orDash = value => value === null || value === undefined || value === '' ? '—' : String(value)
const code = text => h('code', {}, text)

const statusClass = status => status === 'Completed' ? 'ok' : ['Failed', 'Cancelled', 'Canceled', 'Expired'].includes(status) ? 'bad' : 'pending'
const statusBadge = (status, details) => h('span', { class: `badge ${statusClass(status)}` }, details ? `${status} · ${details}` : status)

/** A table that scrolls sideways inside its own box on a narrow screen. */
function table(label, headers, rows) {
  return h('div', { class: 'table-wrap', role: 'region', 'aria-label': label, tabindex: '0' },
    h('table', {},
      h('thead', {}, h('tr', {}, headers.map(text => h('th', { scope: 'col' }, text)))),
      h('tbody', {}, rows)))
}

const row = (...cells) => h('tr', {}, cells.map(cell => h('td', {}, cell)))
const sessionLink = id => id ? h('a', { href: `#/sessions/${encodeURIComponent(id)}`, class: 'mono' }, id) : '—'
/** A session link in a wide table: the id's first characters, the whole id for screen readers and on hover. */
const shortSessionLink = id => id ? h('a', { href: `#/sessions/${encodeURIComponent(id)}`, class: 'mono', title: id, 'aria-label': `Session ${id}` }, `${id.slice(0, 8)}…`) : '—'
const json = value => h('pre', { class: 'json' }, JSON.stringify(value, null, 2))
/** What an empty list says: nothing yet, or nothing that matches the filters. */
const empty = (params, what) => h('p', { class: 'empty' }, params.toString() ? `No ${what} match these filters.` : `No ${what} yet.`)

function summary(pairs) {
  return h('dl', { class: 'summary' }, pairs.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]))
}

function heading(text, ...extra) {
  return h('div', { class: 'view-head' }, h('h1', { tabindex: '-1' }, text), extra)
}

const refreshButton = () => h('button', { type: 'button', 'data-key': 'refresh', onclick: () => render({ focusKey: 'refresh' }) }, 'Refresh')

/** A form of filters that writes them into the address (#/view?name=value), so a view can be linked. */
function filterForm(view, fields, params) {
  const inputs = fields.map(({ name, label, options, type }) => {
    const id = `filter-${name}`
    const value = params.get(name) ?? ''
    const input = options
      ? h('select', { id, name }, options.map(option => h('option', { value: option, selected: option === value }, option || 'Any')))
      : h('input', { id, name, value, type: type ?? 'text', autocomplete: 'off', spellcheck: 'false' })
    return h('div', { class: 'field' }, h('label', { for: id }, label), input)
  })
  const form = h('form', { class: 'filters', 'aria-label': 'Filters' }, inputs,
    h('div', { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Apply'),
      h('button', { type: 'button', onclick: () => { location.hash = `#/${view}` } }, 'Clear')))
  form.addEventListener('submit', event => {
    event.preventDefault()
    const query = new URLSearchParams([...new FormData(form)].filter(([, value]) => value !== '')).toString()
    location.hash = query ? `#/${view}?${query}` : `#/${view}`
  })
  return form
}

// ---- Actions: a button, a call, a message, the view drawn again ------------------------------------

let flash = null

async function act(button, perform) {
  button.disabled = true
  try {
    flash = { text: await perform(), error: false }
  } catch (error) {
    if (error instanceof Unauthorized) return showSignIn(error.message)
    flash = { text: error.message, error: true }
  }
  announcer.textContent = flash.text
  await render({ focusKey: button.dataset.key })
}

function flashMessage() {
  if (flash === null) return null
  // No live role: the announcer has said it already.
  const message = h('p', { class: flash.error ? 'flash error' : 'flash', tabindex: '-1' }, flash.text)
  flash = null
  return message
}

// ---- Views ---------------------------------------------------------------------------------------

const titles = { sessions: 'Sessions', journal: 'Journal', clock: 'Clock', webhooks: 'Webhooks', outbox: 'Outbox', coverage: 'Coverage' }

async function sessionsView({ arg, params }) {
  if (arg) return sessionView(arg)
  const { sessions } = await api(withQuery('/__admin/sessions', params))
  const rows = sessions.slice().reverse().map(s => row(
    when(s.createdAt), sessionLink(s.sessionId), statusBadge(s.state.status, s.state.statusDetails), s.product,
    orDash(s.scenario), orDash(s.details?.referenceId), s.clientId))
  return [
    heading('Sessions', refreshButton()),
    filterForm('sessions', [
      { name: 'status', label: 'Status', options: ['', 'Initiated', 'InProgress', 'Completed', 'Failed', 'Cancelled', 'Canceled', 'Expired'] },
      { name: 'referenceId', label: 'referenceId' },
      { name: 'clientId', label: 'Client' }
    ], params),
    h('p', { class: 'count' }, `${sessions.length} ${sessions.length === 1 ? 'session' : 'sessions'}, newest first`),
    sessions.length === 0 ? empty(params, 'sessions') : table('Sessions', ['Created', 'Session', 'Status', 'Product', 'Scenario', 'referenceId', 'Client'], rows)
  ]
}

const simulations = [['Approve', 'approve'], ['Decline', 'decline'], ['Cancel', 'cancel'], ['Expire', 'expire']]

async function sessionView(id) {
  const session = await api(`/__admin/sessions/${encodeURIComponent(id)}`)
  // The clock the session's client reads (its own, or the shared one): its steps are done by that time.
  const clock = await api(`/__admin/clocks/${encodeURIComponent(session.clientId)}`)
  const { state } = session
  const query = `sessionId=${encodeURIComponent(session.sessionId)}`
  const known = new Set(['at', 'kind', 'status', 'statusDetails', 'step', 'transaction'])
  const timeline = session.timeline.map(entry => {
    const rest = Object.fromEntries(Object.entries(entry).filter(([key]) => !known.has(key)))
    const done = entry.at <= clock.now
    const step = row(when(entry.at), done ? 'done' : 'planned', entry.kind, orDash(entry.status), orDash(entry.statusDetails),
      orDash(entry.step), orDash(entry.transaction), Object.keys(rest).length ? code(JSON.stringify(rest)) : '—')
    if (!done) step.className = 'planned'
    return step
  })
  // The admin API's simulate call: the payor's decisions, for a session not final yet.
  const simulate = state.final
    ? null
    : [h('h2', {}, 'Act as the payor'), h('div', { class: 'actions' }, simulations.map(([label, action]) =>
        h('button', {
          type: 'button',
          'data-key': `simulate-${action}`,
          onclick: event => act(event.currentTarget, async () => {
            const after = await api(`/__admin/sessions/${encodeURIComponent(session.sessionId)}/simulate`, { method: 'POST', body: { action } })
            return `${label}: the session is ${after.state.status}${after.state.statusDetails ? ` · ${after.state.statusDetails}` : ''}.`
          })
        }, label)))]
  return [
    h('p', { class: 'back' }, h('a', { href: '#/sessions' }, '← All sessions')),
    heading('Session', refreshButton()),
    flashMessage(),
    h('p', { class: 'mono id' }, session.sessionId),
    h('h2', {}, 'Now'),
    summary([
      ['Status', statusBadge(state.status, state.statusDetails)],
      ['Step', state.step],
      ['Transaction', orDash(state.transaction)],
      ['Final', state.final ? 'yes' : 'no'],
      ['Product', session.product],
      ['Scenario', orDash(session.scenario)],
      ['referenceId', orDash(session.details?.referenceId)],
      ['Client', session.clientId],
      ['Created', when(session.createdAt)],
      ['Expires', when(session.expiresAt)],
      ['Clock', `${when(clock.now)}, ${clock.own ? `${session.clientId}'s own clock` : 'the shared clock'}`]
    ]),
    h('ul', { class: 'related' },
      h('li', {}, h('a', { href: `#/journal?${query}` }, 'Its requests in the journal')),
      h('li', {}, h('a', { href: `#/webhooks?${query}` }, 'Its webhook deliveries')),
      h('li', {}, h('a', { href: `#/outbox?${query}` }, 'Its e-mails'))),
    simulate,
    h('h2', {}, 'Timeline'),
    table('Timeline', ['At', 'When', 'Kind', 'Status', 'Code', 'Step', 'Transaction', 'More'], timeline),
    h('details', {}, h('summary', {}, 'Details, as GET …/details answers them'), json(session.details))
  ]
}

async function journalView({ params }) {
  const { requests } = await api(withQuery('/__admin/requests', params))
  // One exchange at a time, in a panel under the table: readable on a phone, unlike a row as wide as the table.
  const panel = h('section', { class: 'exchange', 'aria-labelledby': 'exchange-title', hidden: true })
  const toggles = []
  const close = toggle => {
    panel.hidden = true
    panel.replaceChildren()
    for (const other of toggles) other.setAttribute('aria-expanded', 'false')
    toggle?.focus()
  }
  const rows = requests.slice().reverse().map(entry => {
    const toggle = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'exchange', 'aria-label': `Show request ${entry.id}`, 'data-key': `entry-${entry.id}` }, 'Show')
    toggles.push(toggle)
    toggle.addEventListener('click', () => {
      if (toggle.getAttribute('aria-expanded') === 'true') return close(toggle)
      close()
      toggle.setAttribute('aria-expanded', 'true')
      const title = h('h2', { id: 'exchange-title', tabindex: '-1' }, `Request ${entry.id}: ${entry.method} ${entry.path} → ${entry.response.status}`)
      panel.replaceChildren(
        h('div', { class: 'view-head' }, title, h('button', { type: 'button', onclick: () => close(toggle) }, 'Close')),
        summary([['Query', code(JSON.stringify(entry.query))], ['Scenario', orDash(entry.scenario)], ['Response type', orDash(entry.response.contentType)]]),
        h('h3', {}, 'Request headers'), json(entry.headers),
        h('h3', {}, 'Request body'), json(entry.body),
        h('h3', {}, 'Response body'), json(entry.response.body))
      panel.hidden = false
      title.focus()
    })
    const status = entry.response.status
    return row(String(entry.id), when(entry.at), entry.method, h('span', { class: 'mono' }, entry.path),
      h('span', { class: `badge ${status < 400 ? 'ok' : 'bad'}` }, String(status)), orDash(entry.clientId), orDash(entry.referenceId), shortSessionLink(entry.sessionId), toggle)
  })
  panel.id = 'exchange'
  return [
    heading('Journal', refreshButton()),
    filterForm('journal', [
      { name: 'method', label: 'Method', options: ['', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
      { name: 'path', label: 'Path starts with' },
      { name: 'status', label: 'Status', type: 'number' },
      { name: 'clientId', label: 'Client' },
      { name: 'referenceId', label: 'referenceId' },
      { name: 'sessionId', label: 'Session' }
    ], params),
    h('p', { class: 'count' }, `${requests.length} ${requests.length === 1 ? 'request' : 'requests'}, newest first`),
    requests.length === 0 ? empty(params, 'requests') : table('Journal', ['#', 'At', 'Method', 'Path', 'Status', 'Client', 'referenceId', 'Session', 'Exchange'], rows),
    panel
  ]
}

// ---- Clocks: the shared one (GET /__admin/clock) and the clients' own (GET /__admin/clocks) ---------

const advances = [['+1 minute', 60], ['+10 minutes', 600], ['+1 hour', 3600], ['+1 day', 86400]]

/**
 * What one clock reads and the buttons that move it. `clock` is the API's reading; `path` the
 * clock's base path; `name` what messages call it ("The clock", "The clock of team-a"); `key` makes
 * the buttons' data-key unique; `owner` (own clocks only) names the client in the buttons'
 * accessible names, and `index` the seconds field's id.
 */
function clockControls({ clock, path, name, key, owner, index }) {
  // An own clock's buttons say whose clock they move; the shared clock's keep their plain names.
  const named = text => owner === undefined ? undefined : text
  const advance = (button, seconds) => act(button, async () => {
    const after = await api(`${path}/advance`, { method: 'POST', body: { seconds } })
    return `${name} moved ${seconds} seconds forward: it reads ${when(after.now)}.`
  })
  const inputId = index === undefined ? 'advance-seconds' : `advance-seconds-${index}`
  const custom = h('form', { class: 'inline', 'aria-label': named(`Advance ${owner}'s clock by seconds`) ?? 'Advance by seconds' },
    h('label', { for: inputId }, 'Seconds'),
    h('input', { id: inputId, name: 'seconds', type: 'number', min: '0', step: 'any', required: true, inputmode: 'decimal' }),
    h('button', { type: 'submit', 'data-key': `${key}advance-custom`, 'aria-label': named(`Advance ${owner}'s clock`) }, 'Advance'))
  custom.addEventListener('submit', event => {
    event.preventDefault()
    advance(custom.querySelector('button'), Number(custom.elements.seconds.value))
  })
  const [label, action, said] = clock.frozen
    ? ['Unfreeze', 'unfreeze', now => `${name} runs again: it reads ${when(now)}.`]
    : ['Freeze', 'freeze', now => `${name} is frozen at ${when(now)}.`]
  const toggle = h('button', {
    type: 'button',
    class: 'primary',
    'data-key': `${key}freeze`,
    'aria-label': named(`${label} ${owner}'s clock`),
    onclick: event => act(event.currentTarget, async () => said((await api(`${path}/${action}`, { method: 'POST' })).now))
  }, label)
  const offset = clock.offsetSeconds
  return [
    summary([
      ['Reads', h('span', { class: 'mono' }, when(clock.now))],
      ['State', h('span', { class: `badge ${clock.frozen ? 'pending' : 'ok'}` }, clock.frozen ? 'Frozen' : 'Running')],
      ['Ahead of real time', `${offset} ${Math.abs(offset) === 1 ? 'second' : 'seconds'}`]
    ]),
    h('div', { class: 'actions', role: 'group', 'aria-label': named(`Move ${owner}'s clock`) ?? 'Move the clock' }, toggle, advances.map(([text, seconds]) =>
      h('button', { type: 'button', 'data-key': `${key}advance-${seconds}`, 'aria-label': named(`${text}, ${owner}'s clock`), onclick: event => advance(event.currentTarget, seconds) }, text))),
    custom
  ]
}

/** Gives a client its own clock (POST /__admin/clocks): any client with the admin token, its own with a client's credentials. */
function giveOwnClock(button, clientId) {
  return act(button, async () => {
    const clock = await api('/__admin/clocks', { method: 'POST', body: { clientId } })
    return `${clock.clientId} has its own clock: it reads ${when(clock.now)}.`
  })
}

/** A client's own clock: its reading, its controls, and the way back to the shared clock. */
function ownClockCard(clock, index) {
  const path = `/__admin/clocks/${encodeURIComponent(clock.clientId)}`
  const titleId = `own-clock-${index}`
  return h('section', { class: 'clock-card', 'aria-labelledby': titleId, 'data-client': clock.clientId },
    h('h3', { id: titleId }, clock.clientId),
    clockControls({ clock, path, name: `The clock of ${clock.clientId}`, key: `own-${clock.clientId}-`, owner: clock.clientId, index }),
    h('div', { class: 'actions' }, h('button', {
      type: 'button',
      'data-key': `own-${clock.clientId}-drop`,
      'aria-label': `Put ${clock.clientId} back on the shared clock`,
      onclick: event => act(event.currentTarget, async () => {
        const after = await api(path, { method: 'DELETE' })
        return `${clock.clientId} reads the shared clock again: it reads ${when(after.now)}.`
      })
    }, 'Back to the shared clock')))
}

async function clockView() {
  const { shared, clocks } = await api('/__admin/clocks')
  const credentials = readCredentials()
  // A client's credentials act on its own clock only (the API refuses the others): no client to choose.
  const self = credentials?.kind === 'client' ? credentials.id : undefined
  let give = null
  if (self === undefined) {
    const form = h('form', { class: 'inline', 'aria-label': 'Give a client its own clock' },
      h('label', { for: 'own-clock-client' }, 'Client id'),
      h('input', { id: 'own-clock-client', name: 'clientId', required: true, autocomplete: 'off', spellcheck: 'false' }),
      h('button', { type: 'submit', 'data-key': 'own-clock-create' }, 'Give its own clock'))
    form.addEventListener('submit', event => {
      event.preventDefault()
      giveOwnClock(form.querySelector('button'), form.elements.clientId.value)
    })
    give = [h('h3', {}, 'Give a client its own clock'), form]
  } else if (!clocks.some(clock => clock.clientId === self)) {
    give = h('div', { class: 'actions' },
      h('button', { type: 'button', 'data-key': 'own-clock-create', onclick: event => giveOwnClock(event.currentTarget, self) }, `Give ${self} its own clock`))
  }
  const count = clocks.length === 0
    ? (self === undefined ? 'No client has its own clock: every client reads the shared clock.' : `${self} reads the shared clock.`)
    : `${clocks.length} ${clocks.length === 1 ? 'client has its' : 'clients have their'} own clock.`
  return [
    heading('Clock', refreshButton()),
    flashMessage(),
    h('section', { class: 'clock-card', 'aria-labelledby': 'shared-clock' },
      h('h2', { id: 'shared-clock' }, 'Shared clock'),
      clockControls({ clock: shared, path: '/__admin/clock', name: 'The clock', key: '' }),
      h('p', { class: 'hint' }, 'Every client without a clock of its own reads it: moving it needs the admin token when ADMIN_TOKEN is set.')),
    h('h2', {}, 'Own clocks'),
    h('p', { class: 'count' }, count),
    h('p', { class: 'hint' }, "A client's own clock times its tokens, sessions, webhooks and journal; no other client sees it move."),
    clocks.map(ownClockCard),
    give
  ]
}

function outcome(delivery) {
  if (delivery.status === null) return h('span', { class: 'badge bad' }, `Not delivered: ${orDash(delivery.error)}`)
  const ok = delivery.status >= 200 && delivery.status < 300
  return h('span', { class: `badge ${ok ? 'ok' : 'bad'}` }, ok ? `${delivery.status} delivered` : `${delivery.status} refused`)
}

async function webhooksView({ params }) {
  const { deliveries } = await api(withQuery('/__admin/webhooks', params))
  // Outcome and Redeliver first: what a narrow screen shows before it scrolls.
  const rows = deliveries.slice().reverse().map(d => row(
    when(d.at), outcome(d),
    h('button', {
      type: 'button',
      'data-key': `redeliver-${d.id}`,
      'aria-label': `Redeliver ${d.event} of ${when(d.at)} (${d.id})`,
      onclick: event => act(event.currentTarget, async () => {
        const again = await api(`/__admin/webhooks/${encodeURIComponent(d.id)}/redeliver`, { method: 'POST' })
        return `Redelivered ${d.event}: ${again.status === null ? `not delivered (${orDash(again.error)})` : `the receiver answered ${again.status}`}.`
      })
    }, 'Redeliver'),
    d.event, shortSessionLink(d.sessionId), d.clientId, h('span', { class: 'mono' }, d.url), `${d.durationMs} ms`))
  return [
    heading('Webhooks', refreshButton()),
    flashMessage(),
    filterForm('webhooks', [{ name: 'sessionId', label: 'Session' }, { name: 'clientId', label: 'Client' }], params),
    h('p', { class: 'count' }, `${deliveries.length} ${deliveries.length === 1 ? 'delivery' : 'deliveries'}, newest first`),
    deliveries.length === 0 ? empty(params, 'webhook deliveries') : table('Webhook deliveries', ['At', 'Outcome', 'Action', 'Event', 'Session', 'Client', 'URL', 'Took'], rows)
  ]
}

const safeLink = url => /^https?:\/\//i.test(url) ? h('a', { href: url, rel: 'noreferrer', class: 'mono' }, url) : orDash(url)

async function outboxView({ params }) {
  const { messages } = await api(withQuery('/__admin/outbox', params))
  const rows = messages.slice().reverse().map(m => row(when(m.sentAt), orDash(m.to), orDash(m.subject), orDash(m.language), shortSessionLink(m.sessionId), orDash(m.clientId), safeLink(m.link)))
  return [
    heading('Outbox', refreshButton()),
    filterForm('outbox', [{ name: 'sessionId', label: 'Session' }, { name: 'clientId', label: 'Client' }], params),
    h('p', { class: 'count' }, `${messages.length} ${messages.length === 1 ? 'e-mail' : 'e-mails'}, newest first`),
    messages.length === 0 ? empty(params, 'Interac e-mails') : table('Outbox', ['Sent', 'To', 'Subject', 'Language', 'Session', 'Client', 'Link'], rows)
  ]
}

// ---- Coverage: GET /__admin/coverage ---------------------------------------------------------------
// A table per group of cases (operations and their statuses, scenarios, final statuses, status
// codes, payment statuses, page actions, error classes, behaviours, webhooks): whether the client
// met each case, how often, and the violations or failed deliveries where the group counts them.

const metBadge = covered => h('span', { class: `badge ${covered ? 'ok' : 'bad'}` }, covered ? 'yes' : 'no')
const caseNotes = item => [
  item.violations ? `${item.violations} violation${item.violations === 1 ? '' : 's'}` : '',
  item.failed ? `${item.failed} failed` : ''
].filter(Boolean).join(', ') || '—'

async function coverageView() {
  const report = await api('/__admin/coverage')
  return [
    heading('Coverage', refreshButton()),
    h('p', {}, `${report.covered} of ${report.cases} cases met ${report.clientId === null ? 'by all clients together' : `by ${report.clientId}`}, since the last reset.`),
    report.groups.map(group => h('section', {},
      h('h2', {}, `${group.name}: ${group.covered} of ${group.cases}`),
      table(group.name, ['Case', 'Met', 'Times', 'Notes'], group.items.map(item =>
        row(h('span', { title: item.id }, item.description), metBadge(item.covered), String(item.count), caseNotes(item))))))
  ]
}

// ---- Sign-in -------------------------------------------------------------------------------------

function showSignIn(message) {
  renderCount++
  markNav(null)
  signInButton.hidden = true
  signOutButton.hidden = true
  identity.textContent = ''
  const kind = readCredentials()?.kind ?? 'token'
  const radio = (value, label) => h('label', { class: 'choice' },
    h('input', { type: 'radio', name: 'kind', value, checked: kind === value }), ` ${label}`)
  const tokenFields = h('div', { class: 'group', 'data-kind': 'token' },
    h('div', { class: 'field' }, h('label', { for: 'admin-token' }, 'Admin token'), h('input', { id: 'admin-token', name: 'token', type: 'password', autocomplete: 'off' })))
  const clientFields = h('div', { class: 'group', 'data-kind': 'client' },
    h('div', { class: 'field' }, h('label', { for: 'client-id' }, 'Client id'), h('input', { id: 'client-id', name: 'id', autocomplete: 'username' })),
    h('div', { class: 'field' }, h('label', { for: 'client-secret' }, 'Client secret'), h('input', { id: 'client-secret', name: 'secret', type: 'password', autocomplete: 'current-password' })))
  const form = h('form', { class: 'card sign-in', 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title', tabindex: '-1' }, 'Sign in'),
    h('p', {}, 'The admin token (ADMIN_TOKEN) shows everything; a client\'s id and secret show that client\'s sessions, requests, e-mails, webhooks and own clock only.'),
    message ? h('p', { class: 'error', role: 'alert' }, message) : null,
    h('fieldset', {}, h('legend', {}, 'Sign in with'), radio('token', 'the admin token'), radio('client', 'a client\'s credentials')),
    tokenFields, clientFields,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Sign in')))
  const showKind = () => {
    const chosen = form.elements.kind.value
    tokenFields.hidden = chosen !== 'token'
    clientFields.hidden = chosen !== 'client'
  }
  form.addEventListener('change', showKind)
  form.addEventListener('submit', event => {
    event.preventDefault()
    const fields = form.elements
    const credentials = fields.kind.value === 'token'
      ? { kind: 'token', token: fields.token.value }
      : { kind: 'client', id: fields.id.value, secret: fields.secret.value }
    sessionStorage.setItem(storageKey, JSON.stringify(credentials))
    if (!location.hash || location.hash === '#/sign-in') location.hash = '#/sessions'
    render({ focus: true })
  })
  showKind()
  main.replaceChildren(form)
  main.dataset.view = 'sign-in'
  main.dataset.route = ''
  main.setAttribute('aria-busy', 'false')
  document.title = 'Sign in - flinks-mock dashboard'
  form.querySelector('h1').focus()
}

function showIdentity() {
  const credentials = readCredentials()
  identity.textContent = credentials === null ? 'open admin API' : credentials.kind === 'token' ? 'admin token' : `client ${credentials.id}`
  signInButton.hidden = credentials !== null
  signOutButton.hidden = credentials === null
}

signInButton.addEventListener('click', () => showSignIn())
signOutButton.addEventListener('click', () => {
  sessionStorage.removeItem(storageKey)
  render({ focus: true })
})

// ---- Routing: #/view/argument?filters ------------------------------------------------------------

const views = { sessions: sessionsView, journal: journalView, clock: clockView, webhooks: webhooksView, outbox: outboxView, coverage: coverageView }

function parseHash() {
  const [path, query = ''] = location.hash.replace(/^#\/?/, '').split('?')
  const [name, ...rest] = path.split('/')
  const view = Object.hasOwn(views, name) ? name : 'sessions'
  return { view, arg: rest.map(decodeURIComponent).join('/'), params: new URLSearchParams(query) }
}

function markNav(view) {
  for (const link of navLinks) {
    if (link.dataset.view === view) link.setAttribute('aria-current', 'page')
    else link.removeAttribute('aria-current')
  }
}

let renderCount = 0

async function render({ focus = false, focusKey } = {}) {
  const route = parseHash()
  const count = ++renderCount
  markNav(route.view)
  main.setAttribute('aria-busy', 'true')
  let content
  try {
    content = await views[route.view](route)
  } catch (error) {
    if (count !== renderCount) return
    // A first visit has given no credentials yet: the form, without a refusal.
    if (error instanceof Unauthorized) return showSignIn(readCredentials() === null ? undefined : error.message)
    content = [heading(titles[route.view]), h('p', { class: 'error', role: 'alert' }, error.message)]
  }
  if (count !== renderCount) return
  showIdentity()
  main.replaceChildren(...[content].flat(2).filter(Boolean))
  main.dataset.view = route.view
  // What the view was drawn for: tests (and scripts) wait on it rather than on time.
  main.dataset.route = location.hash || '#/sessions'
  main.setAttribute('aria-busy', 'false')
  document.title = `${titles[route.view]} - flinks-mock dashboard`
  const target = focusKey === undefined ? null : main.querySelector(`[data-key="${CSS.escape(focusKey)}"]`) ?? main.querySelector('.flash')
  if (target !== null) target.focus()
  else if (focus) main.querySelector('h1')?.focus()
}

addEventListener('hashchange', () => render({ focus: true }))
render()
