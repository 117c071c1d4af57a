/**
 * The documented rules of POST /api/v2/sessions that the published schema does not state
 * (field limits, required fields, digit-only account numbers, ...). Each failure is keyed and
 * worded as ASP.NET Core's DataAnnotations word it: `Payor.FirstName`, "The FirstName field is required."
 */
import type { BankAccount, ClientConfig } from '../config.js'
import type { InitiateSessionRequest, PartyInfoRequest } from './model.js'

type Errors = Record<string, string[]>

function add(errors: Errors, key: string, message: string): void {
  ;(errors[key] ??= []).push(message)
}

// Each check is given where its field is (`Payor.Account`, or '' at the top) and the field's name
// apart: the key (`Payor.Account.TransitNumber`) is written only for a failure, not on every
// create (issue 11).
const keyOf = (at: string, name: string) => (at === '' ? name : `${at}.${name}`)
const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '')

function required(errors: Errors, at: string, name: string, value: unknown): boolean {
  if (!isBlank(value)) return true
  add(errors, keyOf(at, name), `The ${name} field is required.`)
  return false
}

function maxLength(errors: Errors, at: string, name: string, value: string | null | undefined, limit: number): void {
  if (typeof value === 'string' && value.length > limit) add(errors, keyOf(at, name), `The field ${name} must be a string with a maximum length of ${limit}.`)
}

const onlyDigits = /^[0-9]*$/

function digits(errors: Errors, at: string, name: string, value: string | null | undefined, min: number, max: number): void {
  if (typeof value !== 'string') return
  if (value.length < min || value.length > max || !onlyDigits.test(value)) {
    const size = min === max ? `${min} digits` : `${min} to ${max} digits`
    add(errors, keyOf(at, name), `The field ${name} must be ${size}, numbers only.`)
  }
}

// DataAnnotations' EmailAddressAttribute: one '@', not first, not last.
function email(errors: Errors, at: string, value: string | null | undefined): void {
  if (typeof value !== 'string' || value === '') return
  const sign = value.indexOf('@')
  if (sign <= 0 || sign !== value.lastIndexOf('@') || sign === value.length - 1) add(errors, keyOf(at, 'Email'), 'The Email field is not a valid e-mail address.')
}

function hasAtMostTwoDecimals(value: number): boolean {
  // A whole number has none (and toFixed, with the string it makes, was a µs of every create: issue 11).
  return Number.isInteger(value) || Number(value.toFixed(2)) === value
}

function amount(errors: Errors, at: string, name: string, value: number | null | undefined, max?: number): void {
  if (typeof value !== 'number') return
  if (value <= 0) add(errors, keyOf(at, name), `The field ${name} must be greater than 0.`)
  else if (max !== undefined && value > max) add(errors, keyOf(at, name), `The field ${name} must be between 0.01 and ${max}.`)
  if (!hasAtMostTwoDecimals(value)) add(errors, keyOf(at, name), `The field ${name} must have at most 2 decimal places.`)
}

function account(errors: Errors, at: string, value: PartyInfoRequest['account'], all: boolean): void {
  if (value === undefined || value === null) return
  if (all) {
    required(errors, at, 'InstitutionCode', value.institutionCode)
    required(errors, at, 'TransitNumber', value.transitNumber)
    required(errors, at, 'AccountNumber', value.accountNumber)
  }
  digits(errors, at, 'InstitutionCode', value.institutionCode, 3, 3)
  digits(errors, at, 'TransitNumber', value.transitNumber, 5, 5)
  digits(errors, at, 'AccountNumber', value.accountNumber, 7, 12)
  maxLength(errors, at, 'AccountLabel', value.accountLabel, 100)
}

function party(errors: Errors, at: string, value: PartyInfoRequest): void {
  maxLength(errors, at, 'FirstName', value.firstName, 100)
  maxLength(errors, at, 'LastName', value.lastName, 100)
  maxLength(errors, at, 'MiddleName', value.middleName, 100)
  maxLength(errors, at, 'Email', value.email, 100)
  email(errors, at, value.email)
  const address = value.address
  if (address) {
    // GEFT field limits: postal code 6 characters without spaces, province 2 characters.
    if (typeof address.postalCode === 'string' && !/^[A-Za-z0-9]{1,6}$/.test(address.postalCode)) {
      add(errors, `${at}.Address.PostalCode`, 'The field PostalCode must be at most 6 characters, with no spaces (e.g. M5V0T7).')
    }
    maxLength(errors, `${at}.Address`, 'Province', address.province, 2)
  }
}

// A member of a parsed JSON object, its name (given in lower case) in any letter case, as
// System.Text.Json's Web defaults bind; only names of its length are lower-cased (this runs on every create).
function memberOf(value: unknown, lowerName: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined
  const members = value as Record<string, unknown>
  for (const key of Object.keys(members)) {
    if (key.length === lowerName.length && key.toLowerCase() === lowerName) return members[key]
  }
  return undefined
}

/**
 * Documented fields the published schema does not list, checked on the body before `aspnet`
 * binding drops them: `phone`, "15 characters, numbers only" (GEFT field limits table).
 * Strict mode refuses the unlisted member itself.
 */
export function checkUnlistedFields(unbound: unknown): Errors {
  const errors: Errors = {}
  for (const [member, key] of [['payor', 'Payor'], ['payee', 'Payee']] as const) {
    const phone = memberOf(memberOf(unbound, member), 'phone')
    if (phone === undefined || phone === null) continue
    if (typeof phone !== 'string' || !/^[0-9]{0,15}$/.test(phone)) add(errors, `${key}.Phone`, 'The field Phone must be at most 15 digits, numbers only.')
  }
  return errors
}

/** GEFT's documented amount ceiling (its schema says 99,999.99; a guide says $100,000, configurable per client). */
export const maximumEftAmount = 99999.99

/** Field rules: all failures at once, as ModelState collects them; `eftCeiling` is the client's EFT and GEFT maximum. */
export function checkFields(body: InitiateSessionRequest, eftCeiling = maximumEftAmount): Errors {
  const errors: Errors = {}
  required(errors, '', 'Type', body.type)
  required(errors, '', 'Direction', body.direction)
  maxLength(errors, '', 'ReferenceId', body.referenceId, 100)
  amount(errors, '', 'Amount', body.amount, body.type === 'EFT' ? eftCeiling : undefined)

  // "payor - required. At minimum, include firstName, lastName, and email" (e-Transfer);
  // GEFT and EFT require firstName and lastName only.
  if (required(errors, '', 'Payor', body.payor) && body.payor) {
    required(errors, 'Payor', 'FirstName', body.payor.firstName)
    required(errors, 'Payor', 'LastName', body.payor.lastName)
    if (body.type === 'e-Transfer') required(errors, 'Payor', 'Email', body.payor.email)
    party(errors, 'Payor', body.payor)
    account(errors, 'Payor.Account', body.payor.account, false)
  }
  if (body.payee) {
    party(errors, 'Payee', body.payee)
    account(errors, 'Payee.Account', body.payee.account, true)
  }

  const limits = body.options?.limits
  if (limits) {
    amount(errors, 'Options.Limits', 'MinimumAmount', limits.minimumAmount)
    amount(errors, 'Options.Limits', 'MaximumAmount', limits.maximumAmount)
    if (typeof limits.minimumAmount === 'number' && typeof limits.maximumAmount === 'number' && limits.minimumAmount > limits.maximumAmount) {
      add(errors, 'Options.Limits', 'The field MinimumAmount must be less than or equal to MaximumAmount.')
    }
  }
  return errors
}

/** The product a valid request asks for: e-Transfer, regular EFT or guaranteed EFT. */
export function productOf(body: InitiateSessionRequest): ClientConfig['products'][number] {
  if (body.type === 'e-Transfer') return 'e-Transfer'
  return body.options?.guarantee?.enable === true ? 'GEFT' : 'RegularEft'
}

/**
 * Rules that depend on the product and the client: EFT is always a debit and has no payee;
 * e-Transfer and GEFT without a payee account settle to the client's default account, and are
 * refused when the client has none. Returns the destination account (null for regular EFT).
 */
export function checkProductRules(body: InitiateSessionRequest, client: ClientConfig): { errors: Errors, payeeAccount: BankAccount | null } {
  const errors: Errors = {}
  const product = productOf(body)
  if (body.type === 'e-Transfer' && body.options?.guarantee?.enable === true) {
    add(errors, 'Options.Guarantee.Enable', 'Guarantees are offered on EFT sessions only; leave Options.Guarantee out of e-Transfer sessions.')
  }
  if (body.type === 'EFT' && body.direction !== 'DEBIT') {
    add(errors, 'Direction', 'EFT sessions are always DEBIT.')
  }
  if (product === 'RegularEft') {
    if (body.payee) add(errors, 'Payee', 'Payee is not supported for regular EFT sessions: funds settle to the account configured for your client.')
    return { errors, payeeAccount: null }
  }
  const given = body.payee?.account
  if (given?.institutionCode && given.transitNumber && given.accountNumber) {
    const { institutionCode, transitNumber, accountNumber, accountLabel } = given
    // Literals, not a spread: a spread gives the account a shape of its own (kept with each session).
    return { errors, payeeAccount: accountLabel ? { institutionCode, transitNumber, accountNumber, accountLabel } : { institutionCode, transitNumber, accountNumber } }
  }
  if (client.defaultSettlementAccount === null) {
    add(errors, 'Payee.Account', 'No payee account was given and no default settlement account is configured for this client: send payee.account.')
  }
  return { errors, payeeAccount: client.defaultSettlementAccount }
}
