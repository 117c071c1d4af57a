// The hosted payment page of flinks-mock: plain JavaScript, no build step, no framework.
// It reads its session from /app/api/sessions/{id}, walks the payor through the flow, sends each
// step to the mock, and tells the page that framed or opened it by window.postMessage, as the
// Flinks hosted app does. Event payload: { step, sessionId, referenceId } (a guess: Flinks does
// not document it; Connect's events use `step`).

const root = document.getElementById('app')
const announcer = document.getElementById('announcer')
const sessionId = root.dataset.sessionId

// FlinksPay's list for e-Transfer, the GEFT widget's list for EFT and GEFT sessions: a step
// outside the session's list is not emitted.
const productEvents = {
  'e-Transfer': new Set(['APP_MOUNTED', 'CONFIRMATION', 'APP_INITIATED', 'INSTITUTION_SELECTION', 'INSTITUTION_SELECTED', 'SUCCESS', 'CLOSE_ATTEMPT', 'CANCEL_CONFIRMATION', 'CLOSE', 'BACK']),
  EFT: new Set(['APP_MOUNTED', 'CONSENT_DISABLED', 'INSTITUTION_SELECTED', 'SUBMIT_CREDENTIAL', 'SUBMIT_MFA', 'ACCOUNT_SELECTED', 'GUARANTEE_OFFERED', 'COMPONENT_PAD_DOWNLOADED', 'SUCCESS', 'GUARANTEE_FAILED', 'COMPONENT_PAD_WARNING_SCREEN_EXIT', 'COMPONENT_OTHER_FUNDING_OPTIONS_SELECTED', 'COMPONENT_NBO_RETURN_TO_CLIENT_SELECTED'])
}

const texts = {
  EN: {
    locale: 'en-CA',
    detailsTitle: 'Review your payment',
    amount: 'Amount',
    amountLabel: 'Amount to pay (CAD)',
    amountHint: (min, max) => (max === null ? `At least ${min}.` : `Between ${min} and ${max}.`),
    amountInvalid: (min, max) => (max === null ? `Enter an amount of at least ${min}, with at most 2 decimals.` : `Enter an amount between ${min} and ${max}, with at most 2 decimals.`),
    to: 'To',
    from: 'From',
    reference: 'Reference',
    continue: 'Continue',
    cancel: 'Cancel',
    back: 'Back',
    institutionsTitle: 'Choose your bank',
    sandboxHint: 'Flinks Capital is the sandbox bank.',
    loginTitle: bank => `Sign in to ${bank}`,
    loginHint: (username, password) => `Sandbox test user: ${username} / ${password}. Other credentials fail the login (EFT0401).`,
    mfaTitle: 'Security questions',
    mfaHint: 'Sandbox answers: Montreal, Canada, Triangle.',
    username: 'Username',
    password: 'Password',
    signIn: 'Sign in',
    accountTitle: 'Choose the account to debit',
    accounts: 'Your accounts',
    reviewTitleETransfer: 'Approve the request for money',
    reviewTextETransfer: (bank, amount, payee) => `${bank} received a request for money of ${amount}${payee ? ` from ${payee}` : ''}.`,
    reviewTitleEft: 'Review the debit',
    reviewTextEft: (amount, account, payee) => `A debit of ${amount} from ${account}${payee ? ` to ${payee}` : ''}. You sign the pre-authorized debit (PAD) agreement next.`,
    approve: 'Approve',
    decline: 'Decline',
    offerTitle: 'A guarantee on a lower amount',
    offerText: (offer, amount) => `Your account cannot cover ${amount}. A guaranteed debit of ${offer} is offered instead.`,
    offerAccept: offer => `Accept ${offer}`,
    offerLeave: 'Return to the merchant',
    consentTitle: 'Connect your bank account',
    consentText: 'Flinks will connect to your bank to confirm your identity and account, and share the result with the merchant.',
    consentAccept: 'I agree',
    padTitle: 'Sign the pre-authorized debit agreement',
    padText: (amount, account, payee) => `You authorize a pre-authorized debit (PAD) of ${amount} from ${account}${payee ? ` to ${payee}` : ''}.`,
    padDownload: 'Download the agreement',
    padSign: 'Sign and pay',
    padOtherFunding: 'Other funding options',
    padExit: 'Exit',
    padWarningTitle: 'Leave without signing?',
    padWarningText: 'Your bank account is verified, but no payment is made until you sign the agreement.',
    padWarningLeave: 'Leave',
    padWarningBack: 'Back to the agreement',
    waitingTitle: 'Waiting for the merchant',
    waitingText: 'The merchant is confirming the guarantee of your payment. This page will update by itself.',
    cancelTitle: 'Cancel this payment?',
    cancelText: 'The payment will not be made. To pay later, you will need a new link.',
    cancelYes: 'Yes, cancel the payment',
    cancelNo: 'No, go back',
    results: {
      success: 'Payment complete',
      declined: 'Payment declined',
      cancelled: 'Payment cancelled',
      guaranteeFailed: 'No guarantee could be offered',
      padLeft: 'Payment not authorized',
      expired: 'This payment request has expired',
      failed: 'The payment did not go through'
    },
    statusLine: (status, details) => `Status: ${status}${details ? ` (${details})` : ''}.`,
    closeHint: 'You can close this window.',
    redirecting: 'Redirecting…',
    working: 'Please wait…',
    error: 'Something went wrong'
  },
  FR: {
    locale: 'fr-CA',
    detailsTitle: 'Vérifiez votre paiement',
    amount: 'Montant',
    amountLabel: 'Montant à payer (CAD)',
    amountHint: (min, max) => (max === null ? `Au moins ${min}.` : `Entre ${min} et ${max}.`),
    amountInvalid: (min, max) => (max === null ? `Entrez un montant d'au moins ${min}, avec au plus 2 décimales.` : `Entrez un montant entre ${min} et ${max}, avec au plus 2 décimales.`),
    to: 'À',
    from: 'De',
    reference: 'Référence',
    continue: 'Continuer',
    cancel: 'Annuler',
    back: 'Retour',
    institutionsTitle: 'Choisissez votre institution financière',
    sandboxHint: 'Flinks Capital est la banque de test (sandbox).',
    loginTitle: bank => `Connexion à ${bank}`,
    loginHint: (username, password) => `Utilisateur de test (sandbox) : ${username} / ${password}. D'autres identifiants font échouer la connexion (EFT0401).`,
    mfaTitle: 'Questions de sécurité',
    mfaHint: 'Réponses (sandbox) : Montreal, Canada, Triangle.',
    username: "Nom d'utilisateur",
    password: 'Mot de passe',
    signIn: 'Se connecter',
    accountTitle: 'Choisissez le compte à débiter',
    accounts: 'Vos comptes',
    reviewTitleETransfer: "Approuvez la demande d'argent",
    reviewTextETransfer: (bank, amount, payee) => `${bank} a reçu une demande d'argent de ${amount}${payee ? ` de la part de ${payee}` : ''}.`,
    reviewTitleEft: 'Vérifiez le prélèvement',
    reviewTextEft: (amount, account, payee) => `Un débit de ${amount} du compte ${account}${payee ? ` vers ${payee}` : ''}. Vous signerez ensuite l'accord de débit préautorisé (DPA).`,
    approve: 'Approuver',
    decline: 'Refuser',
    offerTitle: 'Une garantie sur un montant réduit',
    offerText: (offer, amount) => `Votre compte ne peut pas couvrir ${amount}. Un débit garanti de ${offer} vous est proposé.`,
    offerAccept: offer => `Accepter ${offer}`,
    offerLeave: 'Retourner au marchand',
    consentTitle: 'Connectez votre compte bancaire',
    consentText: 'Flinks se connectera à votre banque pour confirmer votre identité et votre compte, et en communiquera le résultat au marchand.',
    consentAccept: "J'accepte",
    padTitle: "Signez l'accord de débit préautorisé",
    padText: (amount, account, payee) => `Vous autorisez un débit préautorisé (DPA) de ${amount} du compte ${account}${payee ? ` vers ${payee}` : ''}.`,
    padDownload: "Télécharger l'accord",
    padSign: 'Signer et payer',
    padOtherFunding: 'Autres options de paiement',
    padExit: 'Quitter',
    padWarningTitle: 'Quitter sans signer ?',
    padWarningText: "Votre compte bancaire est vérifié, mais aucun paiement n'est effectué tant que vous n'avez pas signé l'accord.",
    padWarningLeave: 'Quitter',
    padWarningBack: "Revenir à l'accord",
    waitingTitle: 'En attente du marchand',
    waitingText: 'Le marchand confirme la garantie de votre paiement. Cette page se mettra à jour d\'elle-même.',
    cancelTitle: 'Annuler ce paiement ?',
    cancelText: 'Le paiement ne sera pas effectué. Pour payer plus tard, il vous faudra un nouveau lien.',
    cancelYes: 'Oui, annuler le paiement',
    cancelNo: 'Non, revenir',
    results: {
      success: 'Paiement terminé',
      declined: 'Paiement refusé',
      cancelled: 'Paiement annulé',
      guaranteeFailed: "Aucune garantie n'a pu être offerte",
      padLeft: 'Paiement non autorisé',
      expired: 'Cette demande de paiement a expiré',
      failed: "Le paiement n'a pas abouti"
    },
    statusLine: (status, details) => `Statut : ${status}${details ? ` (${details})` : ''}.`,
    closeHint: 'Vous pouvez fermer cette fenêtre.',
    redirecting: 'Redirection…',
    working: 'Veuillez patienter…',
    error: 'Une erreur est survenue'
  }
}

const flow = { view: null, t: texts.EN, amount: null, institution: null, initiated: false, busy: false, offered: false }

/** Builds an element: `text` sets its text, `on*` adds listeners, other props become attributes. */
function h(tag, props = {}, ...children) {
  const element = document.createElement(tag)
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue
    if (key === 'text') element.textContent = value
    else if (key.startsWith('on')) element.addEventListener(key.slice(2), value)
    else element.setAttribute(key, value === true ? '' : String(value))
  }
  element.append(...children.flat(Infinity).filter(child => child !== null && child !== undefined && child !== false))
  return element
}

const money = amount => new Intl.NumberFormat(flow.t.locale, { style: 'currency', currency: 'CAD' }).format(amount)
const isEft = () => flow.view.type === 'EFT'
const bankName = () => (flow.institution ? flow.institution.name : flow.view.institutions[0].name)

/** Posts a Flinks event to the embedding page (iframe) and to the opener (popup). */
function emit(step, extra = {}) {
  const { view } = flow
  // RedirectUri sessions leave by navigating instead.
  if (view.redirect.mode !== 'JsEvents' || !productEvents[view.type].has(step)) return
  const data = { step, sessionId: view.sessionId, referenceId: view.referenceId, ...extra }
  if (window.parent !== window) window.parent.postMessage(data, '*')
  if (window.opener && window.opener !== window.parent) window.opener.postMessage(data, '*')
}

function announce(text) {
  announcer.textContent = text
}

async function callApi(method, path = '', body) {
  const response = await fetch(`/app/api/sessions/${encodeURIComponent(sessionId)}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined
  })
  const json = await response.json().catch(() => ({}))
  if (!response.ok) throw Object.assign(new Error(json.detail || json.title || `HTTP ${response.status}`), { status: response.status })
  return json
}
const act = (action, extra = {}) => callApi('POST', '/actions', { action, ...extra })

/** Replaces the screen; focus goes to its heading so that keyboard and screen reader users follow. */
function show(title, ...nodes) {
  const heading = h('h1', { tabindex: '-1', text: title })
  root.replaceChildren(heading, ...nodes, h('p', { id: 'error', class: 'error', role: 'alert' }))
  heading.focus()
}

/** Runs one step that talks to the mock: buttons off meanwhile, failures shown. */
async function run(task) {
  if (flow.busy) return
  flow.busy = true
  root.setAttribute('aria-busy', 'true')
  announce(flow.t.working)
  for (const button of root.querySelectorAll('button')) button.disabled = true
  try {
    await task()
  } catch (error) {
    await fail(error)
  } finally {
    flow.busy = false
    root.removeAttribute('aria-busy')
    for (const button of root.querySelectorAll('button')) button.disabled = false
  }
}

async function fail(error) {
  // 409: the session ended meanwhile (expired, cancelled by the API): show how it ended.
  if (error.status === 409) {
    const view = await callApi('GET').catch(() => null)
    if (view && view.final) return result(view)
  }
  const region = document.getElementById('error')
  const message = `${flow.t.error}: ${error.message}`
  if (region) region.textContent = message
  else show(flow.t.error, h('p', { role: 'alert', text: error.message }))
  announce(message)
}

const buttons = (...list) => h('div', { class: 'actions' }, ...list)
const cancelButton = () => h('button', { type: 'button', onclick: event => confirmCancel(event.currentTarget), text: flow.t.cancel })
const backButton = to => h('button', { type: 'button', onclick: () => { emit('BACK'); to() }, text: flow.t.back })

function summary() {
  const { view, t } = flow
  const rows = []
  if (!view.amountEditable) rows.push([t.amount, money(view.amount)])
  if (view.payee) rows.push([t.to, view.payee.label])
  rows.push([t.from, view.payor.name])
  if (view.referenceId) rows.push([t.reference, view.referenceId])
  return h('dl', { class: 'summary' }, rows.map(([term, value]) => [h('dt', { text: term }), h('dd', { text: value })]))
}

function parseAmount(text) {
  const clean = text.trim().replace(/[\s$]/g, '').replace(',', '.')
  return /^\d+(\.\d{1,2})?$/.test(clean) ? Number(clean) : NaN
}

function details() {
  const { view, t } = flow
  const { minimumAmount: min, maximumAmount: max } = view.limits
  let input = null
  const fields = []
  if (view.amountEditable) {
    const preset = flow.amount ?? view.amount
    const value = preset === null ? '' : preset.toFixed(2).replace('.', t.locale === 'fr-CA' ? ',' : '.')
    input = h('input', { id: 'amount', name: 'amount', type: 'text', inputmode: 'decimal', autocomplete: 'off', required: true, 'aria-describedby': 'amount-hint', value })
    fields.push(h('div', { class: 'field' },
      h('label', { for: 'amount', text: t.amountLabel }), input,
      h('p', { id: 'amount-hint', class: 'hint', text: t.amountHint(money(min), max === null ? null : money(max)) }),
      h('p', { id: 'amount-error', class: 'error', hidden: true })))
  }
  const onsubmit = event => {
    event.preventDefault()
    if (input) {
      const amount = parseAmount(input.value)
      if (!(amount >= min) || (max !== null && amount > max)) {
        const error = document.getElementById('amount-error')
        error.textContent = t.amountInvalid(money(min), max === null ? null : money(max))
        error.hidden = false
        input.setAttribute('aria-invalid', 'true')
        input.setAttribute('aria-describedby', 'amount-hint amount-error')
        input.focus()
        return
      }
      flow.amount = amount
    }
    emit('CONFIRMATION')
    // The request is initiated once, however often the payor comes back to this screen.
    if (!flow.initiated) emit('APP_INITIATED')
    flow.initiated = true
    institutions()
  }
  show(t.detailsTitle, h('form', { novalidate: true, onsubmit }, summary(), fields, buttons(h('button', { type: 'submit', class: 'primary', text: t.continue }), cancelButton())))
}

function institutions() {
  const { view, t } = flow
  const choose = institution => run(async () => {
    flow.view = await act('selectInstitution')
    flow.institution = institution
    emit('INSTITUTION_SELECTED', { institution: institution.id })
    login()
  })
  const list = h('ul', { class: 'institutions' }, view.institutions.map(institution =>
    h('li', {}, h('button', { type: 'button', class: 'institution', onclick: () => choose(institution), text: institution.name }))))
  show(t.institutionsTitle, h('p', { class: 'hint', text: t.sandboxHint }), list, buttons(backButton(details), cancelButton()))
  emit('INSTITUTION_SELECTION')
}

/** After the bank login (and its security questions): the account to debit (EFT), or the request at the bank (e-Transfer). */
function afterLogin(view) {
  if (view.final) return result(view)
  if (view.bankLogin.state === 'mfa') return mfa()
  if (isEft()) account()
  else review()
}

function login() {
  const { view, t } = flow
  const field = (id, label, type) => h('div', { class: 'field' }, h('label', { for: id, text: label }), h('input', { id, name: id, type, autocomplete: 'off', required: true }))
  const onsubmit = event => {
    event.preventDefault()
    const username = document.getElementById('username').value
    const password = document.getElementById('password').value
    run(async () => {
      emit('SUBMIT_CREDENTIAL')
      afterLogin(flow.view = await act('login', { username, password }))
    })
  }
  // Never prefilled: the payor types the sandbox credentials, which the mock checks.
  const { username, password } = view.bankLogin.testUser
  show(t.loginTitle(bankName()), h('form', { onsubmit },
    h('p', { class: 'hint', text: t.loginHint(username, password) }),
    field('username', t.username, 'text'), field('password', t.password, 'password'),
    buttons(h('button', { type: 'submit', class: 'primary', text: t.signIn }), backButton(institutions), cancelButton())))
}

function mfa() {
  const { view, t } = flow
  const onsubmit = event => {
    event.preventDefault()
    const answers = view.bankLogin.questions.map((_, i) => document.getElementById(`answer-${i}`).value)
    run(async () => {
      emit('SUBMIT_MFA')
      afterLogin(flow.view = await act('answerMfa', { answers }))
    })
  }
  show(t.mfaTitle, h('form', { onsubmit },
    h('p', { class: 'hint', text: t.mfaHint }),
    view.bankLogin.questions.map((question, i) => h('div', { class: 'field' },
      h('label', { for: `answer-${i}`, text: question }), h('input', { id: `answer-${i}`, name: `answer-${i}`, autocomplete: 'off', required: true }))),
    buttons(h('button', { type: 'submit', class: 'primary', text: t.continue }), cancelButton())))
}

function account() {
  const { view, t } = flow
  const onsubmit = event => {
    event.preventDefault()
    emit('ACCOUNT_SELECTED')
    review()
  }
  show(t.accountTitle, h('form', { onsubmit },
    h('fieldset', {}, h('legend', { text: t.accounts }),
      h('div', { class: 'choice' }, h('input', { id: 'account-0', name: 'account', type: 'radio', checked: true }), h('label', { for: 'account-0', text: view.payorAccount.label }))),
    buttons(h('button', { type: 'submit', class: 'primary', text: t.continue }), cancelButton())))
}

function review() {
  const { view, t } = flow
  const amount = money(view.amountEditable ? flow.amount : view.amount)
  const payee = view.payee && view.payee.label
  const text = isEft() ? t.reviewTextEft(amount, view.payorAccount.label, payee) : t.reviewTextETransfer(bankName(), amount, payee)
  const approve = () => run(async () => {
    // EFT and GEFT: the PAD is signed on a screen of its own.
    afterApprove(await act('approve', { ...(view.amountEditable ? { amount: flow.amount } : {}), ...(isEft() ? { stopAtPad: true } : {}) }))
  })
  const decline = () => run(async () => result(await act('decline')))
  show(isEft() ? t.reviewTitleEft : t.reviewTitleETransfer, h('p', { text }),
    buttons(h('button', { type: 'button', class: 'primary', onclick: approve, text: t.approve }),
      h('button', { type: 'button', onclick: decline, text: t.decline }),
      backButton(isEft() ? account : institutions), cancelButton()))
}

/** After approving: a Next Best Offer, the merchant's confirmation, the PAD, or the end. */
function afterApprove(view) {
  if (view.offer !== null) return nextBestOffer(view)
  if (view.guaranteeAwaitingConfirmation) return awaitConfirmation(view)
  if (view.step === 'Pad' && !view.final) return pad(view)
  result(view)
}

/** The PAD agreement: download it, sign it, choose other funding, or leave through the warning screen. */
function pad(view) {
  flow.view = view
  const { t } = flow
  // The guarantee comes before the PAD (GEFT widget flow).
  if (view.product === 'GEFT' && !flow.offered) emit('GUARANTEE_OFFERED')
  flow.offered = true
  const text = t.padText(money(view.amount), view.payorAccount.label, view.payee && view.payee.label)
  const download = () => {
    const link = h('a', { href: URL.createObjectURL(new Blob([`${t.padTitle}\n\n${text}\n\nReference: ${view.referenceId ?? view.sessionId}\n`], { type: 'text/plain' })), download: 'pad-agreement.txt' })
    link.click()
    URL.revokeObjectURL(link.href)
    emit('COMPONENT_PAD_DOWNLOADED')
  }
  const sign = () => run(async () => result(await act('signPad')))
  const otherFunding = () => run(async () => {
    emit('COMPONENT_OTHER_FUNDING_OPTIONS_SELECTED')
    result(await act('otherFunding'))
  })
  show(t.padTitle, h('p', { text }),
    buttons(h('button', { type: 'button', class: 'primary', onclick: sign, text: t.padSign }),
      h('button', { type: 'button', onclick: download, text: t.padDownload }),
      h('button', { type: 'button', onclick: otherFunding, text: t.padOtherFunding }),
      h('button', { type: 'button', onclick: padWarning, text: t.padExit })))
}

/** Leaving at the PAD asks first; leaving posts COMPONENT_PAD_WARNING_SCREEN_EXIT. */
function padWarning() {
  const { t } = flow
  const leave = () => run(async () => {
    emit('COMPONENT_PAD_WARNING_SCREEN_EXIT')
    result(await act('leavePad'))
  })
  show(t.padWarningTitle, h('p', { text: t.padWarningText }),
    buttons(h('button', { type: 'button', class: 'danger', onclick: leave, text: t.padWarningLeave }),
      h('button', { type: 'button', onclick: () => pad(flow.view), text: t.padWarningBack })))
}

/** The consent screen (options.showConsentScreen): the payor agrees before choosing a bank. */
function consent() {
  const { t } = flow
  const agree = () => run(async () => {
    flow.view = await act('consent')
    details()
  })
  show(t.consentTitle, h('p', { text: t.consentText }),
    buttons(h('button', { type: 'button', class: 'primary', onclick: agree, text: t.consentAccept }), cancelButton()))
}

/** Next Best Offer: the account cannot cover the amount; a guarantee on a reduced one is offered. */
function nextBestOffer(view) {
  flow.view = view
  const { t } = flow
  emit('GUARANTEE_OFFERED')
  flow.offered = true
  const accept = () => run(async () => afterApprove(await act('acceptOffer')))
  const leave = () => run(async () => {
    emit('COMPONENT_NBO_RETURN_TO_CLIENT_SELECTED')
    result(await act('returnToClient'))
  })
  show(t.offerTitle, h('p', { text: t.offerText(money(view.offer), money(view.amount)) }),
    buttons(h('button', { type: 'button', class: 'primary', onclick: accept, text: t.offerAccept(money(view.offer)) }),
      h('button', { type: 'button', onclick: leave, text: t.offerLeave })))
}

/** The merchant confirms the guarantee (its webhook and confirm call): the page waits, reading the session. */
function awaitConfirmation(view) {
  flow.view = view
  const { t } = flow
  if (!flow.offered) emit('GUARANTEE_OFFERED')
  flow.offered = true
  show(t.waitingTitle, h('p', { class: 'waiting', text: t.waitingText }))
  announce(t.waitingText)
  const poll = async () => {
    try {
      const current = await callApi('GET')
      if (current.guaranteeAwaitingConfirmation) return setTimeout(poll, 500)
      afterApprove(current)
    } catch (error) {
      await fail(error)
    }
  }
  setTimeout(poll, 500)
}

/** Cancel asks first: CLOSE_ATTEMPT and CANCEL_CONFIRMATION, then CLOSE (confirmed) or BACK. */
function confirmCancel(trigger) {
  const { t } = flow
  emit('CLOSE_ATTEMPT')
  let confirmed = false
  const yes = h('button', { type: 'button', class: 'danger', text: t.cancelYes })
  const no = h('button', { type: 'button', autofocus: true, text: t.cancelNo })
  const dialog = h('dialog', { 'aria-labelledby': 'cancel-title', 'aria-describedby': 'cancel-text' },
    h('h2', { id: 'cancel-title', text: t.cancelTitle }), h('p', { id: 'cancel-text', text: t.cancelText }), buttons(yes, no))
  yes.addEventListener('click', () => { confirmed = true; dialog.close() })
  no.addEventListener('click', () => dialog.close())
  // Escape closes the dialog too, as "No".
  dialog.addEventListener('close', () => {
    dialog.remove()
    if (!confirmed) {
      emit('BACK')
      trigger.focus()
      return
    }
    run(async () => {
      const view = await act('cancel')
      emit('CLOSE')
      result(view)
    })
  })
  document.body.append(dialog)
  dialog.showModal()
  emit('CANCEL_CONFIRMATION')
}

/**
 * The end of the flow: the session's final state, its events, and the redirect if any. The mock
 * works the outcome out (the view's `outcome`), the same whichever answer brought the final view.
 */
function result(view) {
  flow.view = view
  const { t } = flow
  const { outcome } = view
  if (outcome === 'success') {
    if (view.product === 'GEFT' && !flow.offered) emit('GUARANTEE_OFFERED')
    emit('SUCCESS')
  }
  if (outcome === 'guaranteeFailed') emit('GUARANTEE_FAILED')
  const redirect = view.redirect
  const target = redirect.mode === 'RedirectUri' ? (outcome === 'success' ? redirect.successUrl : redirect.exitUrl) : null
  const status = t.statusLine(view.status, view.statusDetails)
  show(t.results[outcome], h('p', { class: `outcome ${outcome}`, text: status }), h('p', { text: target ? t.redirecting : t.closeHint }))
  announce(`${t.results[outcome]}. ${status}`)
  if (target) window.location.assign(target)
}

async function start() {
  try {
    const view = await callApi('GET')
    flow.view = view
    flow.t = texts[view.language] || texts.EN
    if (view.final) return result(view)
    flow.view = await act('open')
    emit('APP_MOUNTED')
    if (isEft()) {
      if (flow.view.consentScreen) return consent()
      emit('CONSENT_DISABLED')
    }
    details()
  } catch (error) {
    await fail(error)
  }
}

// A page that carries a notice instead of a session has nothing to run.
if (sessionId) start()
