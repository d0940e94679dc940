// Failures carry a stable `.code` listed by errorCodes(), a bad call throws
// invalid-argument, and the module keeps working afterwards.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadApi, rejection } from './helpers.mjs';

const api = await loadApi();
const codes = new Set(await api.errorCodes());
const MESSAGE = 'Maintenance on 24 July.';
const alice = await api.generateKey({ userIds: ['Alice <alice@example.org>'] });
const bob = await api.generateKey({ userIds: ['Bob <bob@example.org>'] });

/**
 * The call fails with `code`, which errorCodes() lists, and a sentence.
 * @param {Promise<unknown>} promise
 * @param {string} code
 */
async function failsWith(promise, code) {
  const e = await rejection(promise);
  assert.ok(e instanceof Error, 'an Error');
  assert.equal(e.code, code, e.message);
  assert.ok(codes.has(e.code), `${e.code} is listed by errorCodes()`);
  assert.ok(e.message.length > 10, 'a sentence for people');
  return e;
}

/** A working round trip, to show the module survived the failure before. */
async function stillWorks() {
  const ct = await api.encrypt({ message: MESSAGE, recipients: [alice.publicKey] });
  assert.equal((await api.decrypt({ message: ct, keys: [alice.secretKey] })).text, MESSAGE);
}

test('wrong-key: a message for Bob, opened with Alice', async () => {
  const ct = await api.encrypt({ message: MESSAGE, recipients: [bob.publicKey] });
  await failsWith(api.decrypt({ message: ct, keys: [alice.secretKey] }), 'wrong-key');
});

test('manipulated-message: one flipped byte in the encrypted data', async () => {
  const ct = await api.encrypt({ message: 'x'.repeat(200), recipients: [alice.publicKey], armor: false });
  const bad = ct.slice();
  bad[bad.length - 30] ^= 0x01;
  await failsWith(api.decrypt({ message: bad, keys: [alice.secretKey] }), 'manipulated-message');
});

test('not-openpgp, no-recipients, no-keys, secret-key-missing', async () => {
  await failsWith(api.decrypt({ message: 'hello, this is plain text', keys: [alice.secretKey] }), 'not-openpgp');
  await failsWith(api.encrypt({ message: MESSAGE, recipients: [] }), 'no-recipients');
  await failsWith(api.inspectKeys('not a key at all'), 'not-openpgp');
  await failsWith(api.sign({ message: MESSAGE, signers: [alice.publicKey] }), 'secret-key-missing');
});

test('key-expired: a key generated to expire in a second, used a day later', async () => {
  const now = Date.now();
  const brief = await api.generateKey({ userIds: ['Brief <brief@example.org>'], validitySeconds: 1, now });
  await failsWith(api.encrypt({ message: MESSAGE, recipients: [brief.publicKey], now: now + 86_400_000 }), 'key-expired');
});

test('unsupported-profile: RFC 9580 encryption to a key that does not support it', async () => {
  await failsWith(api.encrypt({ message: MESSAGE, recipients: [alice.publicKey], profile: 'rfc9580' }), 'unsupported-profile');
  // @ts-expect-error: deliberately outside the types, to be refused at run time
  await failsWith(api.generateKey({ userIds: ['X'], profile: 'rsa1024' }), 'invalid-argument');
});

test('invalid-argument: an OpenPGP option outside its choices names the choices', async () => {
  /** @type {[Promise<unknown>, RegExp][]} */
  const cases = [
    // @ts-expect-error: deliberately outside the types, to be refused at run time
    [api.encrypt({ message: MESSAGE, recipients: [alice.publicKey], profile: 'RFC9580' }), /the profile must be "auto", "rfc4880" or "rfc9580", not "RFC9580"/],
    // @ts-expect-error: deliberately outside the types, to be refused at run time
    [api.encrypt({ message: MESSAGE, recipients: [alice.publicKey], mode: 'utf8' }), /the mode must be "binary" or "text", not "utf8"/],
    // @ts-expect-error: deliberately outside the types, to be refused at run time
    [api.sign({ message: MESSAGE, signers: [alice.secretKey], mode: 'Inline' }), /the mode must be "detached", "inline" or "cleartext", not "Inline"/],
    // @ts-expect-error: deliberately outside the types, to be refused at run time
    [api.generateKey({ userIds: ['X'], profile: 'dsa1024' }), /the profile must be "cv25519", "rsa3072", "rsa4096" or "rfc9580", not "dsa1024"/],
    // @ts-expect-error: deliberately outside the types, to be refused at run time
    [api.armor(await api.dearmor(alice.publicKey), 'letter'), /The label must be "message", "signature", "key" or "cert", not "letter"\./],
  ];
  for (const [promise, sentence] of cases) assert.match((await failsWith(promise, 'invalid-argument')).message, sentence);
});

test('an OpenPGP option left out takes the default of the core', async () => {
  // Every option given as undefined, as a caller that spreads its own options may: the core's defaults apply.
  const ct = await api.encrypt({ message: MESSAGE, recipients: [alice.publicKey], armor: undefined, profile: undefined, mode: undefined, filename: undefined });
  assert.match(ct, /^-----BEGIN PGP MESSAGE-----/);
  const sig = await api.sign({ message: MESSAGE, signers: [alice.secretKey], mode: undefined, armor: undefined, text: undefined });
  assert.match(/** @type {string} */ (sig), /^-----BEGIN PGP SIGNATURE-----/, 'detached and armored');
  const key = await api.extractCert({ key: alice.secretKey, armor: undefined });
  assert.match(/** @type {string} */ (key), /^-----BEGIN PGP PUBLIC KEY BLOCK-----/, 'armored');
});

test('unknown-time-zone', async () => {
  await failsWith(api.convertWindow(0, 3_600_000, ['Mars/Olympus_Mons']), 'unknown-time-zone');
  await failsWith(api.parseWindow({ text: 'On 24 July 01:00-13:00 UTC', zones: ['Mars/Olympus_Mons'] }), 'unknown-time-zone');
});

test('no-date: an announcement without a date', async () => {
  await failsWith(api.parseWindow({ text: 'We will be moving a server soon.', reference: Date.parse('2026-06-01T00:00:00Z') }), 'no-date');
});

test('invalid-argument: wrong types, in JavaScript and in the core; the module still works', async () => {
  // @ts-expect-error: deliberately outside the types, to be refused at run time
  await failsWith(api.encrypt({ message: 42, recipients: [alice.publicKey] }), 'invalid-argument');
  // @ts-expect-error: deliberately outside the types, to be refused at run time
  await failsWith(api.decrypt({ message: MESSAGE, keys: [alice.secretKey], now: 'yesterday' }), 'invalid-argument');
  // These pass the JavaScript layer and are refused by the core's option reader.
  // @ts-expect-error: deliberately outside the types, to be refused at run time
  await failsWith(api.parseWindow({ text: 42 }), 'invalid-argument');
  // @ts-expect-error: deliberately outside the types, to be refused at run time
  await failsWith(api.parseWindow({ text: 'On 24 July 01:00-13:00 UTC', zones: 'UTC' }), 'invalid-argument');
  // @ts-expect-error: deliberately outside the types, to be refused at run time
  await failsWith(api.generateKey({ userIds: 'Alice' }), 'invalid-argument');
  await stillWorks();
});

test('invalid-argument: a window option outside its set names the values it may take', async () => {
  const window = { start: Date.parse('2026-07-24T01:00:00Z'), end: Date.parse('2026-07-24T13:00:00Z'), zones: ['UTC'] };
  for (const [option, value, allowed] of /** @type {[string, string, string[]][]} */ ([
    ['format', 'html', ['text', 'markdown']],
    ['format', '', ['text', 'markdown']],
    ['format', 'Markdown', ['text', 'markdown']],
    ['rowNames', 'city', ['abbreviation', 'zone']],
  ])) {
    const e = await failsWith(api.windowTable({ ...window, [option]: value }), 'invalid-argument');
    for (const name of allowed) assert.ok(e.message.includes(`\`${name}\``), e.message);
  }
  // Left out or undefined, an option takes the core's default.
  const table = await api.windowTable({ ...window, format: undefined });
  assert.equal(table, await api.windowTable({ ...window, format: 'text', rowNames: 'abbreviation' }));
});

test('the module still works after many failures in a row', async () => {
  for (let i = 0; i < 20; i++) await rejection(api.decrypt({ message: `junk ${i}`, keys: [alice.secretKey] }));
  await stillWorks();
});
