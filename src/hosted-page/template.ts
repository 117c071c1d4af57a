/**
 * The hosted page's files (src/hosted-page/assets/: index.html, app.js, app.css), read once at start-up,
 * and the HTML of one request: the page with its session, or with a notice in its place.
 */
import { readFileSync } from 'node:fs'
import type { Language } from '../sessions/model.js'
import type { Notice } from './notices.js'

/**
 * The page's files; `../../src/hosted-page/assets/` resolves from both src/hosted-page and
 * dist/hosted-page (tsc does not copy them, so the package ships them under src/).
 */
export const pageAssetsDir = new URL('../../src/hosted-page/assets/', import.meta.url)

/** The page's files, as served. */
export interface PageAssets {
  template: string
  script: string
  stylesheet: string
}

const placeholders = ['{{lang}}', '{{title}}', '{{sessionId}}', '{{content}}'] as const

/** Reads the page's files; throws at start-up when one is missing or the template lacks a placeholder. */
export function loadPageAssets(dir: URL = pageAssetsDir): PageAssets {
  const read = (name: string) => readFileSync(new URL(name, dir), 'utf8')
  const template = read('index.html')
  const missing = placeholders.filter(p => !template.includes(p))
  if (missing.length > 0) throw new Error(`${new URL('index.html', dir).pathname} lacks ${missing.join(', ')}`)
  return { template, script: read('app.js'), stylesheet: read('app.css') }
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** `text` safe inside HTML text and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => entities[c] as string)
}

const htmlLang: Record<Language, string> = { EN: 'en-CA', FR: 'fr-CA' }
const loading: Record<Language, string> = { EN: 'Loading your payment…', FR: 'Chargement de votre paiement…' }

function fill(template: string, values: Record<(typeof placeholders)[number], string>): string {
  return template.replace(/\{\{(lang|title|sessionId|content)\}\}/g, match => values[match as keyof typeof values])
}

/** The page that runs the flow of session `sessionId` (app.js reads it from `data-session-id`). */
export function renderFlowPage(assets: PageAssets, sessionId: string, language: Language): string {
  return fill(assets.template, {
    '{{lang}}': htmlLang[language],
    '{{title}}': 'Flinks Pay',
    '{{sessionId}}': escapeHtml(sessionId),
    '{{content}}': `<p class="loading">${loading[language]}</p>`
  })
}

/** The page with a notice instead of the flow; app.js finds no session id and stays idle. */
export function renderNoticePage(assets: PageAssets, notice: Notice, language: Language = 'EN'): string {
  const heading = escapeHtml(notice.heading)
  return fill(assets.template, {
    '{{lang}}': htmlLang[language],
    '{{title}}': `${heading} - Flinks Pay`,
    '{{sessionId}}': '',
    '{{content}}': `<section class="notice" role="alert" aria-labelledby="notice-title"><h1 id="notice-title">${heading}</h1><p>${escapeHtml(notice.message)}</p></section>`
  })
}
