import t from 'tap'
import { readFileSync } from 'node:fs'
import { defaultScenarioDir } from '../../src/scenarios/loader.js'
import { finalStatuses, scenarioFileSchema, sessionStatuses, sessionSteps, statusDetailsCodes, transactionStatuses } from '../../src/scenarios/schema.js'

t.test('scenarios/schema.json is the schema the loader validates with', async t => {
  t.equal(readFileSync(`${defaultScenarioDir}schema.json`, 'utf8'), `${JSON.stringify(scenarioFileSchema, null, 2)}\n`)
})

t.test('the vocabularies are the served document\'s', async t => {
  t.strictSame(sessionStatuses, ['Initiated', 'InProgress', 'Completed', 'Failed', 'Cancelled', 'Canceled', 'Expired'])
  t.strictSame(statusDetailsCodes, ['EFT0101', 'EFT0301', 'EFT0302', 'EFT0401', 'EFT0402', 'EFT0403', 'EFT0404', 'EFT0501', 'EFT0601'])
  t.strictSame(sessionSteps, ['Start', 'Consent', 'BankSelection', 'BankConnection', 'AccountSelection', 'AmountSelection', 'GuaranteeOffer', 'Review', 'Pad', 'Complete'])
  t.strictSame(transactionStatuses, ['Initiated', 'Processing', 'Accepted', 'Processed', 'Settled', 'Cancelled', 'Expired', 'Declined', 'Failed'])
})

t.test('final statuses are every status but Initiated and InProgress', async t => {
  t.strictSame([...finalStatuses], ['Completed', 'Failed', 'Cancelled', 'Canceled', 'Expired'])
})
