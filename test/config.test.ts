import t from 'tap'
import { delimiter } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { join, resolve } from 'node:path'
import { ConfigError, configFileSetting, configSchema, configValidatorDigest, configValidatorFile, defaultClient, loadConfig, loadConfigValidator, settings, type Config } from '../src/config.js'

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/config/${name}`, import.meta.url))

/** The ConfigError that loading these sources throws. */
function configError(sources: Parameters<typeof loadConfig>[0]): string {
  try {
    loadConfig(sources)
  } catch (error) {
    if (error instanceof ConfigError) return error.message
    throw error
  }
  throw new Error('the configuration loaded')
}

const defaults: Config = {
  host: 'localhost',
  port: 8080,
  logLevel: 'info',
  bodyLimitBytes: 1048576,
  tokenTtlSeconds: 599,
  store: 'memory',
  validationMode: 'strict',
  errorBodies: 'problem',
  scenarioDirs: [],
  defaultScenarios: true,
  statusRequiresAuth: true,
  refusedCreateSpendsToken: true,
  sessionTimeoutSeconds: 1800,
  maxSessions: 10000,
  maxTokens: 10000,
  clients: [{
    id: 'flinks-mock-client',
    secret: 'flinks-mock-secret',
    products: ['e-Transfer', 'RegularEft', 'GEFT'],
    defaultSettlementAccount: { institutionCode: '999', transitNumber: '00010', accountNumber: '1234567', accountLabel: 'flinks-mock settlement' },
    webhook: null,
    maximumEftAmount: 99999.99,
    ownClock: false
  }],
  journalSize: 1000,
  webhookTimeoutMs: 5000,
  autoplay: false
}

t.test('with no sources, every setting has its default', async t => {
  t.strictSame(loadConfig(), defaults)
  t.strictSame(loadConfig({ argv: [], env: {}, overrides: {} }), defaults)
  t.strictSame(loadConfig().clients[0], defaultClient)
})

t.test('the result is deeply frozen', async t => {
  const config = loadConfig()
  t.ok(Object.isFrozen(config))
  t.ok(Object.isFrozen(config.scenarioDirs))
  t.ok(Object.isFrozen(config.clients))
  t.ok(Object.isFrozen(config.clients[0]))
  t.ok(Object.isFrozen(config.clients[0]?.products))
  t.ok(Object.isFrozen(config.clients[0]?.defaultSettlementAccount))
})

t.test('the objects passed as overrides are neither changed nor frozen', async t => {
  const clients = [{ id: 'acme', secret: 's' }]
  const scenarioDirs = ['a']
  const config = loadConfig({ overrides: { clients, scenarioDirs } })
  t.strictSame(clients, [{ id: 'acme', secret: 's' }])
  t.notOk(Object.isFrozen(clients[0]))
  scenarioDirs.push('b')
  t.strictSame(config.scenarioDirs, ['a'])
  t.strictSame(config.clients, [{ id: 'acme', secret: 's', products: ['e-Transfer', 'RegularEft', 'GEFT'], defaultSettlementAccount: null, webhook: null, maximumEftAmount: 99999.99, ownClock: false }])
})

t.test('a YAML config file sets what it names; the rest keep their defaults', async t => {
  t.strictSame(loadConfig({ argv: ['--config', fixture('settings.yaml')] }), {
    ...defaults,
    port: 9090,
    host: '0.0.0.0',
    logLevel: 'warn',
    tokenTtlSeconds: 299,
    validationMode: 'aspnet',
    scenarioDirs: ['./my-scenarios'],
    defaultScenarios: false,
    sessionTimeoutSeconds: 600,
    clients: [{ id: 'acme', secret: 's3cret', products: ['GEFT'], defaultSettlementAccount: null, webhook: null, maximumEftAmount: 99999.99, ownClock: false }]
  })
})

t.test('a JSON config file is read too, named by FLINKS_MOCK_CONFIG', async t => {
  t.strictSame(loadConfig({ env: { [configFileSetting.env]: fixture('settings.json') } }), { ...defaults, port: 7070, statusRequiresAuth: false, maxTokens: 5 })
})

t.test('--config wins over FLINKS_MOCK_CONFIG', async t => {
  t.equal(loadConfig({ argv: ['--config', fixture('settings.json')], env: { FLINKS_MOCK_CONFIG: fixture('settings.yaml') } }).port, 7070)
})

t.test('precedence: defaults < config file < environment < flags < overrides', async t => {
  const file = ['--config', fixture('settings.yaml')]
  t.equal(loadConfig({ argv: file }).port, 9090)
  t.equal(loadConfig({ argv: file, env: { PORT: '9191' } }).port, 9191)
  t.equal(loadConfig({ argv: [...file, '--port', '9292'], env: { PORT: '9191' } }).port, 9292)
  t.equal(loadConfig({ argv: [...file, '--port', '9292'], env: { PORT: '9191' }, overrides: { port: 9393 } }).port, 9393)
  t.equal(loadConfig({ argv: file, env: { HOST: 'example.test' } }).host, 'example.test')
  t.equal(loadConfig({ argv: file }).host, '0.0.0.0')
})

t.test('an empty environment variable or an undefined override is ignored', async t => {
  t.equal(loadConfig({ env: { PORT: '' } }).port, 8080)
  t.equal(loadConfig({ overrides: { port: undefined } }).port, 8080)
})

t.test('every flag and variable reaches its setting', async t => {
  const config = loadConfig({
    argv: ['--port', '1', '--host', 'h', '--log-level', 'debug', '--token-ttl', '2', '--validation-mode', 'aspnet', '--scenarios', 'a',
      '--no-default-scenarios', '--no-status-requires-auth', '--no-refused-create-spends-token', '--session-timeout', '3', '--body-limit', '4', '--max-sessions', '5', '--max-tokens', '6',
      '--seed', 's1', '--admin-token', 'admin-secret', '--journal-size', '7', '--webhook-timeout', '8', '--public-url', 'https://mock.test',
      '--error-bodies', 'aspnet', '--openapi', 'flinks.yaml', '--autoplay', '--store', 'redis://localhost:6379/1']
  })
  t.strictSame(config, { ...defaults, port: 1, host: 'h', logLevel: 'debug', tokenTtlSeconds: 2, validationMode: 'aspnet', scenarioDirs: ['a'], defaultScenarios: false, statusRequiresAuth: false, refusedCreateSpendsToken: false, sessionTimeoutSeconds: 3, bodyLimitBytes: 4, maxSessions: 5, maxTokens: 6, seed: 's1', adminToken: 'admin-secret', journalSize: 7, webhookTimeoutMs: 8, publicUrl: 'https://mock.test', errorBodies: 'aspnet', openapi: 'flinks.yaml', autoplay: true, store: 'redis://localhost:6379/1' })
  const env = {
    PORT: '11', HOST: 'hh', LOG_LEVEL: 'trace', FLINKS_MOCK_TOKEN_TTL: '12', FLINKS_MOCK_VALIDATION_MODE: 'aspnet', FLINKS_MOCK_SCENARIOS: 'b',
    FLINKS_MOCK_DEFAULT_SCENARIOS: 'no', FLINKS_MOCK_STATUS_REQUIRES_AUTH: '0', FLINKS_MOCK_REFUSED_CREATE_SPENDS_TOKEN: 'false', FLINKS_MOCK_SESSION_TIMEOUT: '13', FLINKS_MOCK_BODY_LIMIT: '14',
    FLINKS_MOCK_MAX_SESSIONS: '15', FLINKS_MOCK_MAX_TOKENS: '16', FLINKS_MOCK_CLIENTS: '[{"id":"c","secret":"d","products":["RegularEft"]}]',
    SEED: 's2', ADMIN_TOKEN: 'admin-secret-2', FLINKS_MOCK_JOURNAL_SIZE: '17', FLINKS_MOCK_WEBHOOK_TIMEOUT: '18', FLINKS_MOCK_PUBLIC_URL: 'http://mock:8080',
    FLINKS_MOCK_ERROR_BODIES: 'aspnet', FLINKS_MOCK_OPENAPI: 'newer.json', FLINKS_MOCK_AUTOPLAY: 'true', FLINKS_MOCK_STORE: 'rediss://user:pw@redis.test:6380'
  }
  t.strictSame(loadConfig({ env }), {
    port: 11, host: 'hh', logLevel: 'trace', tokenTtlSeconds: 12, validationMode: 'aspnet', scenarioDirs: ['b'], defaultScenarios: false, statusRequiresAuth: false, refusedCreateSpendsToken: false,
    sessionTimeoutSeconds: 13, bodyLimitBytes: 14, maxSessions: 15, maxTokens: 16, clients: [{ id: 'c', secret: 'd', products: ['RegularEft'], defaultSettlementAccount: null, webhook: null, maximumEftAmount: 99999.99, ownClock: false }],
    seed: 's2', adminToken: 'admin-secret-2', journalSize: 17, webhookTimeoutMs: 18, publicUrl: 'http://mock:8080', errorBodies: 'aspnet', openapi: 'newer.json', autoplay: true, store: 'rediss://user:pw@redis.test:6380'
  })
  t.strictSame(settings.map(s => s.key).sort(), [...Object.keys(defaults), 'seed', 'adminToken', 'publicUrl', 'openapi'].sort())
})

t.test('boolean variables take true/false, 1/0 and yes/no in any case', async t => {
  for (const text of ['true', 'TRUE', '1', 'yes', 'Yes']) t.equal(loadConfig({ env: { FLINKS_MOCK_STATUS_REQUIRES_AUTH: text } }).statusRequiresAuth, true, text)
  for (const text of ['false', 'False', '0', 'no', 'NO']) t.equal(loadConfig({ env: { FLINKS_MOCK_STATUS_REQUIRES_AUTH: text } }).statusRequiresAuth, false, text)
})

t.test('--no-default-scenarios turns the shipped scenarios off, and the last of the pair wins', async t => {
  t.equal(loadConfig({ argv: ['--no-default-scenarios'] }).defaultScenarios, false)
  t.equal(loadConfig({ argv: ['--default-scenarios'], env: { FLINKS_MOCK_DEFAULT_SCENARIOS: 'false' } }).defaultScenarios, true)
  t.equal(loadConfig({ argv: ['--default-scenarios', '--no-default-scenarios'] }).defaultScenarios, false)
  t.equal(loadConfig({ argv: ['--no-default-scenarios', '--default-scenarios'] }).defaultScenarios, true)
})

t.test(`the scenario list variable is split by '${delimiter}' and the flag repeats`, async t => {
  t.strictSame(loadConfig({ env: { FLINKS_MOCK_SCENARIOS: ['a', 'b', '', 'c'].join(delimiter) } }).scenarioDirs, ['a', 'b', 'c'])
  t.strictSame(loadConfig({ argv: ['--scenarios', 'x', '--scenarios', 'y'] }).scenarioDirs, ['x', 'y'])
})

t.test('an unknown flag or a positional argument is refused, pointing at --help', async t => {
  t.equal(configError({ argv: ['--prot', '1'] }), "Unknown option '--prot' (did you mean --port?) (run with --help to see the flags)")
  t.equal(configError({ argv: ['--scenario', 'x'] }), "Unknown option '--scenario' (did you mean --scenarios?) (run with --help to see the flags)")
  t.equal(configError({ argv: ['--colour'] }), "Unknown option '--colour' (run with --help to see the flags)")
  t.equal(configError({ argv: ['-x'] }), "Unknown option '-x' (run with --help to see the flags)")
  t.equal(configError({ argv: ['serve'] }), "Unexpected argument 'serve'. This command does not take positional arguments (run with --help to see the flags)")
})

t.test('an integer that is not one is refused, naming the setting and its source', async t => {
  t.equal(configError({ argv: ['--port', 'abc'] }), 'port (from --port) must be integer, got "abc"')
  t.equal(configError({ env: { PORT: '80.5' } }), 'port (from environment variable PORT) must be integer, got "80.5"')
  t.equal(configError({ argv: ['--port', '70000'] }), 'port (from --port) must be <= 65535, got 70000')
  t.equal(configError({ overrides: { tokenTtlSeconds: 0 } }), 'tokenTtlSeconds (from the options passed in code) must be >= 1, got 0')
})

t.test('a negative number after a flag is its value, which the schema then judges', async t => {
  t.equal(configError({ argv: ['--token-ttl', '-5'] }), 'tokenTtlSeconds (from --token-ttl) must be >= 1, got -5')
  t.equal(configError({ argv: ['--port=-5'] }), 'port (from --port) must be >= 0, got -5')
  t.equal(configError({ argv: ['--port', '-5'] }), 'port (from --port) must be >= 0, got -5')
  t.equal(configError({ argv: ['--no-default-scenarios', '-5'] }), "Unknown option '-5' (run with --help to see the flags)")
  t.equal(configError({ argv: ['--host', '-x'] }), "Option '--host' argument is ambiguous. (run with --help to see the flags)")
})

t.test('a secret is never quoted in a message', async t => {
  t.equal(configError({ env: { ADMIN_TOKEN: 'short' } }), 'adminToken (from environment variable ADMIN_TOKEN) must NOT have fewer than 8 characters')
  t.equal(configError({ overrides: { clients: [{ id: 'a', secret: '' }] } }), 'clients[0].secret (from the options passed in code) must NOT have fewer than 1 characters')
  t.equal(configError({ overrides: { clients: { id: 'a', secret: 'hush' } as never } }), 'clients (from the options passed in code) must be array')
})

t.test('a value outside an enum lists the allowed values', async t => {
  t.equal(configError({ argv: ['--log-level', 'loud'] }), 'logLevel (from --log-level) must be one of fatal, error, warn, info, debug, trace, silent, got "loud"')
  t.equal(configError({ env: { FLINKS_MOCK_VALIDATION_MODE: 'loose' } }), 'validationMode (from environment variable FLINKS_MOCK_VALIDATION_MODE) must be one of strict, aspnet, got "loose"')
})

t.test('a value close to an allowed one names it', async t => {
  t.equal(configError({ env: { FLINKS_MOCK_VALIDATION_MODE: 'aspnt' } }), 'validationMode (from environment variable FLINKS_MOCK_VALIDATION_MODE) must be one of strict, aspnet, got "aspnt" (did you mean aspnet?)')
  t.equal(configError({ env: { LOG_LEVEL: 'inf' } }), 'logLevel (from environment variable LOG_LEVEL) must be one of fatal, error, warn, info, debug, trace, silent, got "inf" (did you mean info?)')
})

t.test('a boolean variable that is not one is refused', async t => {
  t.equal(configError({ env: { FLINKS_MOCK_DEFAULT_SCENARIOS: 'maybe' } }), 'defaultScenarios (environment variable FLINKS_MOCK_DEFAULT_SCENARIOS) must be true or false, not "maybe"')
})

t.test('FLINKS_MOCK_CLIENTS must be JSON, and hold at least one client', async t => {
  t.equal(configError({ env: { FLINKS_MOCK_CLIENTS: '[{"secret":s3cret' } }), 'clients (environment variable FLINKS_MOCK_CLIENTS) is not valid JSON: check its quoting (the value is not shown, it may hold secrets)')
  t.equal(configError({ env: { FLINKS_MOCK_CLIENTS: '[]' } }), 'clients (from environment variable FLINKS_MOCK_CLIENTS) must NOT have fewer than 1 items')
})

t.test('a config file the process may not read says so in words', async t => {
  const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })
  const { loadConfig: load } = await t.mockImport<typeof import('../src/config.js')>('../src/config.js', {
    'node:fs': { readFileSync: () => { throw denied } }
  })
  t.throws(() => load({ argv: ['--config', 'secret.yaml'] }), new ConfigError(`config file secret.yaml cannot be read: permission denied (looked at ${resolve('secret.yaml')})`))
})

t.test('a config file that cannot be read, is not YAML or holds no object is refused', async t => {
  t.equal(configError({ argv: ['--config', 'test/fixtures/config/nope.yaml'] }),
    `config file test/fixtures/config/nope.yaml does not exist (looked at ${resolve('test/fixtures/config/nope.yaml')})`)
  t.equal(configError({ argv: ['--config', 'test/fixtures/config'] }), `config file test/fixtures/config is a directory, not a file (looked at ${resolve('test/fixtures/config')})`)
  t.equal(configError({ argv: ['--config', 'a\0b'] }), `config file a\0b cannot be read (ERR_INVALID_ARG_VALUE) (looked at ${resolve('a\0b')})`)
  t.equal(configError({ argv: ['--config', fixture('invalid.yaml')] }),
    `config file ${fixture('invalid.yaml')} is not valid YAML or JSON: Flow sequence in block collection must be sufficiently indented and end with a ] (line 2, column 1)`)
  t.equal(configError({ argv: ['--config', fixture('too-many-aliases.yaml')] }),
    `config file ${fixture('too-many-aliases.yaml')} is refused by the YAML reader: Excessive alias count indicates a resource exhaustion attack`)
  t.equal(configError({ argv: ['--config', fixture('list.yaml')] }), `config file ${fixture('list.yaml')} must hold an object of settings (see the README's configuration table)`)
  t.equal(configError({ env: { FLINKS_MOCK_CONFIG: fixture('scalar.yaml') } }), `config file ${fixture('scalar.yaml')} must hold an object of settings (see the README's configuration table)`)
})

t.test('an unknown setting names the key and where it came from', async t => {
  const known = 'the known ones are host, port, logLevel, bodyLimitBytes, tokenTtlSeconds, validationMode, errorBodies, scenarioDirs, defaultScenarios, statusRequiresAuth, refusedCreateSpendsToken, sessionTimeoutSeconds, maxSessions, maxTokens, clients, seed, adminToken, journalSize, webhookTimeoutMs, autoplay, store, publicUrl, openapi'
  t.equal(configError({ argv: ['--config', fixture('unknown-setting.yaml')] }), `prot (from config file ${fixture('unknown-setting.yaml')}) is not a known setting (did you mean port?); ${known}`)
  t.equal(configError({ argv: ['--config', fixture('nested-unknown.yaml')] }),
    `clients[0].product (from config file ${fixture('nested-unknown.yaml')}) is not a known setting (did you mean products?); the known ones are id, secret, products, defaultSettlementAccount, webhook, maximumEftAmount, ownClock`)
  t.equal(configError({ overrides: { colour: 'blue' } as never }), `colour (from the options passed in code) is not a known setting; ${known}`)
  t.equal(configError({ overrides: { 'log.level': 'debug' } as never }), `log.level (from the options passed in code) is not a known setting (did you mean logLevel?); ${known}`)
  t.equal(configError({ overrides: { tokenTTL: 5 } as never }), `tokenTTL (from the options passed in code) is not a known setting (did you mean tokenTtlSeconds?); ${known}`)
  t.equal(configError({ argv: ['--config', fixture('misspelt.yaml')] }), `sessionTimeout (from config file ${fixture('misspelt.yaml')}) is not a known setting (did you mean sessionTimeoutSeconds?); ${known}`)
})

t.test('the store is memory or a Redis URL; anything else names the setting and the fix', async t => {
  t.equal(loadConfig({}).store, 'memory')
  t.equal(loadConfig({ env: { FLINKS_MOCK_STORE: 'redis://redis:6379/0' } }).store, 'redis://redis:6379/0')
  t.equal(configError({ argv: ['--store', 'redis'] }), 'store (from --store) must be memory or a Redis URL, e.g. redis://localhost:6379/0 (rediss:// for TLS), got "redis"')
  t.equal(configError({ env: { FLINKS_MOCK_STORE: 'http://redis:6379' } }),
    'store (from environment variable FLINKS_MOCK_STORE) must be memory or a Redis URL, e.g. redis://localhost:6379/0 (rediss:// for TLS), got "http://redis:6379"')
})

t.test('a config file may name its JSON Schema in $schema', async t => {
  t.equal(loadConfig({ argv: ['--config', fixture('with-schema.json')] }).port, 6060)
})

t.test('a client with a missing or malformed field is refused at its path', async t => {
  t.equal(configError({ overrides: { clients: [{ id: 'a' }] } }), 'clients[0].secret (from the options passed in code) is required')
  t.equal(configError({ overrides: { clients: [{ id: 'a', secret: 'b', maximumEftAmount: 0 }] } }), 'clients[0].maximumEftAmount (from the options passed in code) must be >= 0.01, got 0')
  t.equal(configError({ overrides: { clients: [{ id: 'a', secret: 'b', products: ['Wire'] }] } }), 'clients[0].products[0] (from the options passed in code) must be one of e-Transfer, RegularEft, GEFT, got "Wire"')
  t.equal(configError({ argv: ['--config', fixture('bad-account.yaml')] }),
    `clients[0].defaultSettlementAccount.institutionCode (from config file ${fixture('bad-account.yaml')}) must be 3 digits, e.g. 001, got "99"`)
})

t.test('every pattern of the schema is explained in words, never shown as a regular expression', async t => {
  const patterns: string[] = []
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return
    if ('pattern' in node) patterns.push((node as { pattern: string }).pattern)
    for (const child of Object.values(node)) walk(child)
  }
  walk(configSchema)
  const account = { institutionCode: '001', transitNumber: '00010', accountNumber: '1234567' }
  const client = (fields: object) => ({ overrides: { clients: [{ id: 'a', secret: 'b', ...fields }] } })
  const messages = [
    configError({ env: { FLINKS_MOCK_PUBLIC_URL: 'mock.example.test' } }),
    configError(client({ webhook: { url: 'x', secret: 'y' } })),
    configError(client({ defaultSettlementAccount: { ...account, institutionCode: '1' } })),
    configError(client({ defaultSettlementAccount: { ...account, transitNumber: '1' } })),
    configError(client({ defaultSettlementAccount: { ...account, accountNumber: '1' } })),
    configError({ env: { FLINKS_MOCK_STORE: 'redis:6379' } })
  ]
  t.strictSame(messages, [
    'publicUrl (from environment variable FLINKS_MOCK_PUBLIC_URL) must be an http(s) URL with no query or fragment, e.g. https://mock.example.test, got "mock.example.test"',
    'clients[0].webhook.url (from the options passed in code) must be an http(s) URL, e.g. https://example.test/webhooks, got "x"',
    'clients[0].defaultSettlementAccount.institutionCode (from the options passed in code) must be 3 digits, e.g. 001, got "1"',
    'clients[0].defaultSettlementAccount.transitNumber (from the options passed in code) must be 5 digits, e.g. 00010, got "1"',
    'clients[0].defaultSettlementAccount.accountNumber (from the options passed in code) must be 7 to 12 digits, e.g. 1234567, got "1"',
    'store (from environment variable FLINKS_MOCK_STORE) must be memory or a Redis URL, e.g. redis://localhost:6379/0 (rediss:// for TLS), got "redis:6379"'
  ])
  t.equal(patterns.length, messages.length, 'one case per pattern of the schema')
})

t.test('client ids must be unique', async t => {
  t.equal(configError({ argv: ['--config', fixture('duplicate-clients.yaml')] }), `clients (from config file ${fixture('duplicate-clients.yaml')}): the client id "acme" appears twice; ids must be unique`)
  t.equal(configError({ env: { FLINKS_MOCK_CLIENTS: '[{"id":"a","secret":"x"},{"id":"a","secret":"y"}]' } }), 'clients (from environment variable FLINKS_MOCK_CLIENTS): the client id "a" appears twice; ids must be unique')
})

t.test('ConfigError is named', async t => {
  t.equal(new ConfigError('x').name, 'ConfigError')
})

t.test('a webhook names the products it covers, from the products a client can have', async t => {
  const webhook = (products: unknown) => ({ overrides: { clients: [{ id: 'a', secret: 'b', webhook: { url: 'https://hooks.test/x', secret: 'y', products } }] } })
  t.strictSame(loadConfig(webhook(['e-Transfer', 'GEFT'])).clients[0]?.webhook, { url: 'https://hooks.test/x', secret: 'y', products: ['e-Transfer', 'GEFT'] })
  t.equal(configError(webhook(['Wire'])), 'clients[0].webhook.products[0] (from the options passed in code) must be one of e-Transfer, RegularEft, GEFT, got "Wire"')
})

t.test('the configuration is validated by the build\'s copy of its validator when made from this schema', async t => {
  const built = await import(pathToFileURL(configValidatorFile).href) as { digest: string, default: unknown }
  t.equal(built.digest, configValidatorDigest)
  t.equal(await loadConfigValidator(), built.default)
})

t.test('without a build\'s copy, or with one made from another schema, the validator is compiled', async t => {
  const dir = t.testdir({ 'stale.js': 'export const digest = "another schema"\nexport default () => true\n' })
  for (const file of [join(dir, 'missing.js'), join(dir, 'stale.js')]) {
    const validate = await loadConfigValidator(file)
    t.equal(validate({ port: 'eighty' }), false, file)
    t.equal(validate.errors?.[0]?.instancePath, '/port')
  }
})
