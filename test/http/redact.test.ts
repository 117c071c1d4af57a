import t from 'tap'
import { isSecretName, maxRedactDepth, redactCredentials, redactHeaders, redactText, redactValue } from '../../src/http/redact.js'

t.test('secret names are found without case, separators or percent-encoding; token_type is no secret', async t => {
  for (const name of ['password', 'Password', 'PASSWD', 'client_secret', 'Client-Secret', 'clientSecret', 'Pass%77ord', 'access_token', 'x-api-key', 'apiKey', 'cookie', 'x-auth', 'proxy-authorization']) {
    t.equal(isSecretName(name), true, name)
  }
  for (const name of ['token_type', 'expires_in', 'Username', 'referenceId', 'set-cookie', 'x-request-id', 'bad%E0%A4%A']) {
    t.equal(isSecretName(name), false, name)
  }
})

t.test('a credential keeps a known scheme only; an unknown first word may be the credential, so it goes too', async t => {
  t.equal(redactCredentials('Bearer abc'), 'Bearer [redacted]')
  t.equal(redactCredentials(' NTLM\r\n\tabc'), 'NTLM [redacted]')
  t.equal(redactCredentials('Digest'), 'Digest')
  t.equal(redactCredentials('Custom abc'), '[redacted]')
  t.equal(redactCredentials(''), '')
  t.strictSame(redactHeaders({ host: 'localhost:1', authorization: 'Basic abc', cookie: 'a=b', accept: ['a', 'b'], 'x-none': undefined }), { authorization: 'Basic [redacted]', cookie: '[redacted]', accept: 'a, b' })
})

t.test('a value is redacted at any depth, arrays and __proto__ members kept as members; too deep throws', async t => {
  const value = JSON.parse('{"__proto__": {"secret": 1}, "list": [{"password": [1]}, 2], "n": null}')
  const out = redactValue(value) as Record<string, unknown>
  t.strictSame(Object.keys(out), ['__proto__', 'list', 'n'])
  t.strictSame(out.list, [{ password: '[redacted]' }, 2])
  t.equal(Object.getPrototypeOf(out), Object.prototype)
  let deep: unknown = 0
  for (let i = 0; i < maxRedactDepth + 1; i++) deep = [deep]
  t.throws(() => redactValue(deep), RangeError)
})

t.test('text keeps everything but the values of secret members, JSON or form, quoted, bracketed or bare', async t => {
  const cases: Array<[string, string]> = [
    ['{"secret": {"a": "}", "b": [1]}, "kept": 1}', '{"secret": [redacted], "kept": 1}'],
    ['{"password": [1, {"x": "]"}], "kept": 2}', '{"password": [redacted], "kept": 2}'],
    ["{'Password': 'it\\'s', kept: 3}", "{'Password': [redacted], kept: 3}"],
    ['{Password: 1234 , "k": 1}', '{Password: [redacted] , "k": 1}'],
    ['{"pass\\u0077ord":"x","bad\\x":"y"}', '{"pass\\u0077ord":"[redacted]","bad\\x":"y"}'],
    ['{"client_secret": "unterminated', '{"client_secret": "[redacted]"'],
    ['{"secret": {"open": [', '{"secret": [redacted]'],
    ['a=1&client%5Fsecret=s&b=2', 'a=1&client%5Fsecret=[redacted]&b=2'],
    ['Password =', 'Password =[redacted]'],
    ['The Password field is required.', 'The Password field is required.'],
    ['"note": "say \\"password\\": \\"x\\""', '"note": "say \\"password\\": \\"x\\""']
  ]
  for (const [text, kept] of cases) t.equal(redactText(text), kept, text)
})
