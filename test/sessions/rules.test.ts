import t from 'tap'
import type { ClientConfig } from '../../src/config.js'
import type { InitiateSessionRequest } from '../../src/sessions/model.js'
import { checkFields, checkProductRules, maximumEftAmount, productOf } from '../../src/sessions/rules.js'

const payor = { firstName: 'John', lastName: 'Smith', email: 'john.smith@example.com' }
const eTransfer = (extra: Partial<InitiateSessionRequest> = {}): InitiateSessionRequest => ({ type: 'e-Transfer', direction: 'DEBIT', amount: 250, payor, ...extra })
const eft = (extra: Partial<InitiateSessionRequest> = {}): InitiateSessionRequest => ({ type: 'EFT', direction: 'DEBIT', amount: 100, payor: { firstName: 'Sara', lastName: 'Ahmad' }, ...extra })
const geft = (extra: Partial<InitiateSessionRequest> = {}): InitiateSessionRequest => eft({ options: { guarantee: { enable: true } }, ...extra })

const settlement = { institutionCode: '999', transitNumber: '00010', accountNumber: '1234567', accountLabel: 'flinks-mock settlement' }
const client: ClientConfig = { id: 'acme', secret: 's', products: ['e-Transfer', 'RegularEft', 'GEFT'], defaultSettlementAccount: settlement, webhook: null, maximumEftAmount: 99999.99, ownClock: false }
const clientWithoutAccount: ClientConfig = { ...client, defaultSettlementAccount: null, webhook: null }

t.test('checkFields', async t => {
  t.test('the documented examples have no errors', async t => {
    t.strictSame(checkFields(eTransfer({ referenceId: 'USER12345', currency: 'CAD', options: { notificationPreferences: { sendInteracLink: true } }, payee: { account: { institutionCode: '999', transitNumber: '30265', accountNumber: '9876541' } } })), {})
    t.strictSame(checkFields(geft({ payor: { firstName: 'John', lastName: 'Doe', email: 'j.doe@gmail.com', address: { addressLine1: '123 Front Avenue', city: 'Toronto', postalCode: 'h2eh2e', province: 'ON', country: 'CA' } } })), {})
  })

  t.test('type, direction and payor are required, with DataAnnotations wording', async t => {
    t.strictSame(checkFields({}), { Type: ['The Type field is required.'], Direction: ['The Direction field is required.'], Payor: ['The Payor field is required.'] })
    t.strictSame(checkFields({ type: null, direction: null, payor: null } as unknown as InitiateSessionRequest), { Type: ['The Type field is required.'], Direction: ['The Direction field is required.'], Payor: ['The Payor field is required.'] })
  })

  t.test('the payor\'s first and last name are required, blank counts as missing', async t => {
    t.strictSame(checkFields(eft({ payor: {} })), { 'Payor.FirstName': ['The FirstName field is required.'], 'Payor.LastName': ['The LastName field is required.'] })
    t.strictSame(checkFields(eft({ payor: { firstName: '  ', lastName: null } })), { 'Payor.FirstName': ['The FirstName field is required.'], 'Payor.LastName': ['The LastName field is required.'] })
  })

  t.test('e-Transfer also requires the payor\'s email; EFT does not', async t => {
    t.strictSame(checkFields(eTransfer({ payor: { firstName: 'John', lastName: 'Smith' } })), { 'Payor.Email': ['The Email field is required.'] })
    t.strictSame(checkFields(eft()), {})
  })

  t.test('names, email and reference are at most 100 characters; the account label too', async t => {
    const long = 'x'.repeat(101)
    t.strictSame(checkFields(eft({ referenceId: 'r'.repeat(100), payor: { firstName: 'f'.repeat(100), lastName: 'l' } })), {})
    t.strictSame(checkFields(eft({ referenceId: long, payor: { firstName: long, lastName: long, middleName: long } })), {
      ReferenceId: ['The field ReferenceId must be a string with a maximum length of 100.'],
      'Payor.FirstName': ['The field FirstName must be a string with a maximum length of 100.'],
      'Payor.LastName': ['The field LastName must be a string with a maximum length of 100.'],
      'Payor.MiddleName': ['The field MiddleName must be a string with a maximum length of 100.']
    })
    t.strictSame(checkFields(eft({ payor: { firstName: 'A', lastName: 'B', email: `${'e'.repeat(95)}@x.com` } })), { 'Payor.Email': ['The field Email must be a string with a maximum length of 100.'] })
    t.strictSame(checkFields(eTransfer({ payee: { account: { institutionCode: '999', transitNumber: '30265', accountNumber: '9876541', accountLabel: long } } })),
      { 'Payee.Account.AccountLabel': ['The field AccountLabel must be a string with a maximum length of 100.'] })
  })

  t.test('an email needs one @, neither first nor last', async t => {
    for (const email of ['a@b', 'x@example.com', 'no dots@allowed']) t.strictSame(checkFields(eTransfer({ payor: { ...payor, email } })), {}, email)
    for (const email of ['plain', '@example.com', 'john@', 'a@b@c']) {
      t.strictSame(checkFields(eTransfer({ payor: { ...payor, email } })), { 'Payor.Email': ['The Email field is not a valid e-mail address.'] }, email)
    }
    t.strictSame(checkFields(eft({ payee: { email: 'payee' } })), { 'Payee.Email': ['The Email field is not a valid e-mail address.'] })
  })

  t.test('account numbers are digits only: institution 3, transit 5, account 7 to 12', async t => {
    t.strictSame(checkFields(eft({ payor: { firstName: 'A', lastName: 'B', account: { institutionCode: '12', transitNumber: '1234a', accountNumber: '123456' } } })), {
      'Payor.Account.InstitutionCode': ['The field InstitutionCode must be 3 digits, numbers only.'],
      'Payor.Account.TransitNumber': ['The field TransitNumber must be 5 digits, numbers only.'],
      'Payor.Account.AccountNumber': ['The field AccountNumber must be 7 to 12 digits, numbers only.']
    })
    t.strictSame(checkFields(eft({ payor: { firstName: 'A', lastName: 'B', account: { accountNumber: '1234567890123' } } })), { 'Payor.Account.AccountNumber': ['The field AccountNumber must be 7 to 12 digits, numbers only.'] })
    t.strictSame(checkFields(eft({ payor: { firstName: 'A', lastName: 'B', account: { accountNumber: '123456789012' } } })), {})
  })

  t.test('a payor account may be partial; a payee account needs all three numbers', async t => {
    t.strictSame(checkFields(eft({ payor: { firstName: 'A', lastName: 'B', account: {} } })), {})
    t.strictSame(checkFields(eTransfer({ payee: { account: {} } })), {
      'Payee.Account.InstitutionCode': ['The InstitutionCode field is required.'],
      'Payee.Account.TransitNumber': ['The TransitNumber field is required.'],
      'Payee.Account.AccountNumber': ['The AccountNumber field is required.']
    })
    t.strictSame(checkFields(eTransfer({ payee: { account: null } } as unknown as InitiateSessionRequest)), {})
  })

  t.test('a postal code is at most 6 letters and digits, a province at most 2 characters', async t => {
    t.strictSame(checkFields(eft({ payor: { firstName: 'A', lastName: 'B', address: { postalCode: 'M5V0T7', province: 'QC' } } })), {})
    t.strictSame(checkFields(eft({ payor: { firstName: 'A', lastName: 'B', address: { postalCode: 'M5V 0T7', province: 'Ont' } } })), {
      'Payor.Address.PostalCode': ['The field PostalCode must be at most 6 characters, with no spaces (e.g. M5V0T7).'],
      'Payor.Address.Province': ['The field Province must be a string with a maximum length of 2.']
    })
    t.strictSame(checkFields(eft({ payor: { firstName: 'A', lastName: 'B', address: { postalCode: '' } } })), { 'Payor.Address.PostalCode': ['The field PostalCode must be at most 6 characters, with no spaces (e.g. M5V0T7).'] })
  })

  t.test('an amount is greater than 0 with at most 2 decimals', async t => {
    for (const amount of [0.29, 250.1, 250, 0.01, 1e6]) t.strictSame(checkFields(eTransfer({ amount })), {}, String(amount))
    t.strictSame(checkFields(eTransfer({ amount: 10.005 })), { Amount: ['The field Amount must have at most 2 decimal places.'] })
    t.strictSame(checkFields(eTransfer({ amount: 0 })), { Amount: ['The field Amount must be greater than 0.'] })
    t.strictSame(checkFields(eTransfer({ amount: -0.001 })), { Amount: ['The field Amount must be greater than 0.', 'The field Amount must have at most 2 decimal places.'] })
    t.strictSame(checkFields(eTransfer({ amount: null })), {})
  })

  t.test(`an EFT amount is at most ${maximumEftAmount}; e-Transfer has no ceiling`, async t => {
    t.strictSame(checkFields(eft({ amount: 99999.99 })), {})
    t.strictSame(checkFields(geft({ amount: 100000 })), { Amount: ['The field Amount must be between 0.01 and 99999.99.'] })
    t.strictSame(checkFields(eTransfer({ amount: 100000 })), {})
  })

  t.test('limits follow the amount rules and the minimum is at most the maximum', async t => {
    t.strictSame(checkFields(eft({ options: { limits: { minimumAmount: 50, maximumAmount: 50 } } })), {})
    t.strictSame(checkFields(eft({ options: { limits: { minimumAmount: 0, maximumAmount: 1.234 } } })), {
      'Options.Limits.MinimumAmount': ['The field MinimumAmount must be greater than 0.'],
      'Options.Limits.MaximumAmount': ['The field MaximumAmount must have at most 2 decimal places.']
    })
    t.strictSame(checkFields(eft({ options: { limits: { minimumAmount: 100, maximumAmount: 50 } } })), { 'Options.Limits': ['The field MinimumAmount must be less than or equal to MaximumAmount.'] })
    t.strictSame(checkFields(eft({ options: { limits: { minimumAmount: 100 } } })), {})
  })
})

t.test('productOf: e-Transfer by type; EFT is GEFT with a guarantee, regular EFT without', async t => {
  t.equal(productOf(eTransfer()), 'e-Transfer')
  t.equal(productOf(eTransfer({ options: { guarantee: { enable: true } } })), 'e-Transfer')
  t.equal(productOf(geft()), 'GEFT')
  t.equal(productOf(eft()), 'RegularEft')
  t.equal(productOf(eft({ options: { guarantee: { enable: false } } })), 'RegularEft')
})

t.test('checkProductRules', async t => {
  t.test('a payee account is where e-Transfer and GEFT funds go, its label kept', async t => {
    const account = { institutionCode: '999', transitNumber: '30265', accountNumber: '9876541' }
    t.strictSame(checkProductRules(eTransfer({ payee: { account } }), client), { errors: {}, payeeAccount: account })
    t.strictSame(checkProductRules(geft({ payee: { account: { ...account, accountLabel: 'Ops' } } }), client), { errors: {}, payeeAccount: { ...account, accountLabel: 'Ops' } })
  })

  t.test('without a payee account, funds go to the client\'s default settlement account', async t => {
    t.strictSame(checkProductRules(eTransfer(), client), { errors: {}, payeeAccount: settlement })
    t.strictSame(checkProductRules(geft({ payee: { firstName: 'Ops' } }), client), { errors: {}, payeeAccount: settlement })
  })

  t.test('without a payee account or a default one, the request is refused', async t => {
    t.strictSame(checkProductRules(eTransfer(), clientWithoutAccount), {
      errors: { 'Payee.Account': ['No payee account was given and no default settlement account is configured for this client: send payee.account.'] },
      payeeAccount: null
    })
  })

  t.test('regular EFT has no payee: funds settle to the client\'s account', async t => {
    t.strictSame(checkProductRules(eft(), clientWithoutAccount), { errors: {}, payeeAccount: null })
    t.strictSame(checkProductRules(eft({ payee: {} }), client), {
      errors: { Payee: ['Payee is not supported for regular EFT sessions: funds settle to the account configured for your client.'] },
      payeeAccount: null
    })
  })

  t.test('EFT is always a debit', async t => {
    t.strictSame(checkProductRules(geft({ direction: 'CREDIT' }), client).errors, { Direction: ['EFT sessions are always DEBIT.'] })
    t.strictSame(checkProductRules(eTransfer({ direction: 'CREDIT' }), client).errors, {})
  })

  t.test('a guarantee on an e-Transfer session is refused', async t => {
    t.strictSame(checkProductRules(eTransfer({ options: { guarantee: { enable: true } } }), client), {
      errors: { 'Options.Guarantee.Enable': ['Guarantees are offered on EFT sessions only; leave Options.Guarantee out of e-Transfer sessions.'] },
      payeeAccount: settlement
    })
  })
})
