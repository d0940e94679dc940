// Every exported function of www/sealpost.js, over the real wasm build:
// round trips with exact results.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { INTEROP_DATA, ROOT, loadApi, rejection } from './helpers.mjs';

const module = await loadApi();
const called = new Set();
// The API, recording which exports the tests call.
const api = new Proxy(module, {
  get(target, name) {
    called.add(name);
    return /** @type {Record<string | symbol, unknown>} */ (target)[name];
  },
});

const MESSAGE = 'Maintenance on 24 July, 01:00–13:00 UTC.\nGrüße aus Lusaka ✓\n';
const BYTES = new Uint8Array([0, 1, 2, 253, 254, 255, 10, 13, 0]);
const alice = await api.generateKey({ userIds: ['Alice <alice@example.org>'] });
const [aliceCard] = await api.inspectKeys(alice.publicKey);
const aliceFingerprints = [aliceCard.fingerprintHex, ...aliceCard.subkeys.map((s) => s.fingerprint.replace(/\s/g, ''))];

/**
 * @param {import('../../www/sealpost.js').Verification} verification
 * @param {import('../../www/sealpost.js').KeyInfo} card
 * @param {string[]} fingerprints
 */
function assertGoodBy(verification, card, fingerprints) {
  assert.equal(verification.status, 'good', verification.message);
  // A good verification names its signer and its time; were either null, the checks below would fail.
  const signer = /** @type {string} */ (verification.signerFingerprintHex);
  assert.ok(fingerprints.includes(signer), `signer ${verification.signerFingerprintHex}`);
  const when = /** @type {string | number} */ (verification.created);
  const created = typeof when === 'number' ? when : Date.parse(when);
  assert.ok(Math.abs(created - Date.now()) < 3600_000, `created ${verification.created}`);
  assert.ok(card.userIds.includes('Alice <alice@example.org>'));
}

test('engine(): Node runs the WebAssembly build', () => {
  assert.deepEqual(api.engine(), { kind: 'webassembly', reason: null });
});

test('load() loads each module once; buildInfo() names this package and the tzdb release', async () => {
  const window = await api.load('window');
  assert.equal(await api.load('window'), window);
  const pgp = await api.load('pgp');
  assert.notEqual(pgp, window);
  // @ts-expect-error: deliberately outside the types, to be refused at run time
  assert.equal((await rejection(api.load('nonsense'))).code, 'invalid-argument');
  const info = await api.buildInfo();
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.equal(info.sealpost, pkg.version);
  assert.deepEqual(info.features, ['window']);
  assert.ok(info.tzdb, 'buildInfo() names the tzdb release');
  assert.match(info.tzdb, /^\d{4}[a-z]$/);
});

test('errorCodes() lists unique kebab-case codes, including the documented ones', async () => {
  const codes = await api.errorCodes();
  assert.equal(new Set(codes).size, codes.length);
  for (const code of codes) assert.match(code, /^[a-z]+(-[a-z]+)*$/);
  for (const code of ['wrong-key', 'bad-passphrase', 'key-locked', 'manipulated-message', 'invalid-argument', 'unknown-time-zone', 'no-date']) {
    assert.ok(codes.includes(code), code);
  }
});

test('generateKey() returns armored keys whose fingerprint inspectKeys() confirms', async () => {
  assert.match(alice.secretKey, /^-----BEGIN PGP PRIVATE KEY BLOCK-----\r?\n/);
  assert.match(alice.publicKey, /^-----BEGIN PGP PUBLIC KEY BLOCK-----\r?\n/);
  assert.match(alice.revocation, /-----BEGIN PGP (PUBLIC KEY BLOCK|SIGNATURE)-----/);
  assert.match(alice.fingerprintHex, /^[0-9A-F]{40}$/);
  assert.equal(aliceCard.fingerprintHex, alice.fingerprintHex);
  assert.equal(aliceCard.version, 4);
  assert.deepEqual(aliceCard.userIds, ['Alice <alice@example.org>']);
  assert.equal(aliceCard.hasSecret, false);
  assert.equal(aliceCard.canEncrypt.ok, true);
  assert.equal(aliceCard.canSign.ok, true);
  const [secretCard] = await api.inspectKeys(alice.secretKey);
  assert.equal(secretCard.hasSecret, true);
  assert.equal(secretCard.secretProtected, false);
});

test('encrypt() then decrypt() gives the message back, armored and binary', async () => {
  const armored = await api.encrypt({ plaintext: MESSAGE, recipients: [alice.publicKey] });
  assert.match(armored, /^-----BEGIN PGP MESSAGE-----\r?\n/);
  const text = await api.decrypt({ message: armored, keys: [alice.secretKey] });
  assert.equal(text.text, MESSAGE);
  assert.equal(text.seipd, 1, 'a v4 key without SEIPDv2 support gets SEIPDv1, which GnuPG reads');
  assert.equal(text.symmetric, 'AES-256');
  const binary = await api.encrypt({ plaintext: BYTES, recipients: [alice.publicKey], armor: false });
  assert.ok(binary instanceof Uint8Array);
  const bytes = await api.decrypt({ message: binary, keys: [{ key: alice.secretKey, passphrase: null }] });
  assert.deepEqual(bytes.plaintext, BYTES);
  assert.equal(bytes.text, null, 'bytes that are not UTF-8 have no text');
});

test('encrypt() with a signer: decrypt() verifies the signature as good by Alice', async () => {
  const ct = await api.encrypt({ plaintext: MESSAGE, recipients: [alice.publicKey], signers: [alice.secretKey] });
  const result = await api.decrypt({ message: ct, keys: [alice.secretKey], verifyWith: [alice.publicKey] });
  assert.equal(result.text, MESSAGE);
  assert.equal(result.verifications.length, 1);
  assertGoodBy(result.verifications[0], aliceCard, aliceFingerprints);
});

test('a password-encrypted message opens with the password and not with another', async () => {
  const ct = await api.encrypt({ plaintext: MESSAGE, passwords: ['correct horse'] });
  assert.equal((await api.decrypt({ message: ct, passwords: ['correct horse'] })).text, MESSAGE);
  assert.equal((await rejection(api.decrypt({ message: ct, passwords: ['wrong horse'] }))).code, 'wrong-password');
});

test('sign() detached, then verify() is good; a changed message is not', async () => {
  const signature = await api.sign({ plaintext: MESSAGE, signers: [alice.secretKey], mode: 'detached' });
  assert.match(/** @type {string} */ (signature), /^-----BEGIN PGP SIGNATURE-----\r?\n/, 'armored by default');
  const good = await api.verify({ plaintext: MESSAGE, signature, certs: [alice.publicKey] });
  assert.equal(good.good, true);
  assertGoodBy(good.verifications[0], aliceCard, aliceFingerprints);
  const changed = await api.verify({ plaintext: `${MESSAGE}!`, signature, certs: [alice.publicKey] });
  assert.equal(changed.good, false);
  assert.equal(changed.verifications[0].status, 'bad');
});

test('sign() cleartext and inline, verify() without a signature gives the text back', async () => {
  const clear = await api.sign({ plaintext: MESSAGE, signers: [alice.secretKey], mode: 'cleartext' });
  assert.match(/** @type {string} */ (clear), /^-----BEGIN PGP SIGNED MESSAGE-----\r?\n/, 'armored by default');
  const c = await api.verify({ message: clear, signature: null, certs: [alice.publicKey] });
  assert.equal(c.good, true);
  // As in GnuPG, the final line break belongs to the cleartext framing and
  // is not signed: verify() gives back exactly what was signed.
  assert.equal(c.text, MESSAGE.replace(/\n$/, ''));
  const inline = await api.sign({ plaintext: BYTES, signers: [alice.secretKey], mode: 'inline', armor: false });
  assert.ok(inline instanceof Uint8Array);
  const i = await api.verify({ message: inline, signature: null, certs: [alice.publicKey] });
  assert.equal(i.good, true);
  assert.deepEqual(i.plaintext, BYTES);
});

test('inlineDetach() splits an inline-signed message into text and a detached signature', async () => {
  const inline = await api.sign({ plaintext: MESSAGE, signers: [alice.secretKey], mode: 'inline' });
  const { plaintext, text, signatures } = await api.inlineDetach({ message: inline });
  assert.equal(text, MESSAGE);
  const v = await api.verify({ plaintext: plaintext, signature: signatures, certs: [alice.publicKey] });
  assert.equal(v.good, true);
});

test('changeKeyPassphrase() locks and unlocks a key; decrypt() needs the passphrase', async () => {
  const locked = await api.changeKeyPassphrase({ key: alice.secretKey, newPassphrase: 'open sesame' });
  assert.equal((await api.inspectKeys(locked))[0].secretProtected, true);
  const ct = await api.encrypt({ plaintext: MESSAGE, recipients: [alice.publicKey] });
  assert.equal((await rejection(api.decrypt({ message: ct, keys: [locked] }))).code, 'key-locked');
  assert.equal((await rejection(api.decrypt({ message: ct, keys: [{ key: locked, passphrase: 'nope' }] }))).code, 'bad-passphrase');
  assert.equal((await api.decrypt({ message: ct, keys: [{ key: locked, passphrase: 'open sesame' }] })).text, MESSAGE);
  // Its old name, kept for one release, does the same.
  const unlocked = await api.changeKeyPassword({ key: locked, oldPassphrases: ['open sesame'], newPassphrase: null, armor: false });
  assert.ok(unlocked instanceof Uint8Array);
  assert.equal((await api.inspectKeys(unlocked))[0].secretProtected, false);
});

test('encrypt() and sign() with details say what they wrote', async () => {
  const sealed = await api.encrypt({ plaintext: MESSAGE, recipients: [alice.publicKey], details: true });
  assert.deepEqual(Object.keys(sealed).sort(), ['aead', 'message', 'seipd', 'symmetric']);
  assert.match(sealed.message, /^-----BEGIN PGP MESSAGE-----/);
  assert.deepEqual([sealed.seipd, sealed.symmetric, sealed.aead], [1, 'AES-256', null]);
  const opened = await api.decrypt({ message: sealed.message, keys: [alice.secretKey] });
  assert.deepEqual([opened.seipd, opened.symmetric, opened.aead, opened.compressed], [1, 'AES-256', null, false]);
  const binary = await api.encrypt({ plaintext: BYTES, passwords: 'pw', armor: false, profile: 'rfc9580', details: true });
  assert.ok(binary.message instanceof Uint8Array);
  assert.deepEqual([binary.seipd, binary.aead], [2, 'OCB']);

  const detached = await api.sign({ plaintext: MESSAGE, signers: [alice.secretKey], details: true });
  assert.deepEqual(Object.keys(detached).sort(), ['hash', 'micalg', 'signature']);
  assert.deepEqual([detached.hash, detached.micalg], ['SHA512', 'pgp-sha512']);
  assert.equal((await api.verify({ plaintext: MESSAGE, signature: detached.signature, certs: [alice.publicKey] })).good, true);
  const inline = await api.sign({ plaintext: BYTES, signers: [alice.secretKey], mode: 'inline', armor: false, details: true });
  assert.ok(inline.message instanceof Uint8Array && !('signature' in inline));
  assert.equal((await api.verify({ message: inline.message, certs: [alice.publicKey] })).good, true);
});

test('the old option names still work for one release, and both at once are refused', async () => {
  const ct = await api.encrypt({ message: MESSAGE, recipients: [alice.publicKey] });
  assert.equal((await api.decrypt({ message: ct, keys: [alice.secretKey] })).text, MESSAGE);
  const signature = await api.sign({ message: MESSAGE, signers: [alice.secretKey] });
  // With a detached signature, `message` was the plaintext it signs.
  assert.equal((await api.verify({ message: MESSAGE, signature, certs: [alice.publicKey] })).good, true);
  for (const call of [
    // @ts-expect-error: deliberately outside the types, to be refused at run time
    api.encrypt({ plaintext: 'a', message: 'b', passwords: 'pw' }),
    // @ts-expect-error: deliberately outside the types, to be refused at run time
    api.sign({ plaintext: 'a', message: 'b', signers: [alice.secretKey] }),
  ]) {
    const e = await rejection(call);
    assert.equal(e.code, 'invalid-argument');
    assert.match(e.message, /plaintext or its old name message, not both/);
  }
  // @ts-expect-error: deliberately outside the types, to be refused at run time
  assert.equal((await rejection(api.verify({ plaintext: MESSAGE, certs: [alice.publicKey] }))).code, 'invalid-argument', 'a plaintext needs its signature');
});

test('revokeKey() gives a revoked certificate that encrypt() refuses', async () => {
  const bob = await api.generateKey({ userIds: ['Bob <bob@example.org>'] });
  const revoked = await api.revokeKey({ key: bob.secretKey, reason: 'retired' });
  const [card] = await api.inspectKeys(revoked);
  assert.equal(card.fingerprintHex, bob.fingerprintHex);
  assert.equal(card.revoked, true);
  assert.equal((await rejection(api.encrypt({ plaintext: MESSAGE, recipients: [revoked] }))).code, 'key-revoked');
});

test('setKeyExpiry() moves the expiry of a key and its subkeys, or removes it', async () => {
  const now = Date.UTC(2026, 10, 29, 12);
  const carol = await api.generateKey({ userIds: ['Carol <carol@example.org>'], now });
  const expires = Date.UTC(2031, 5, 30, 12);
  const key = await api.setKeyExpiry({ key: carol.secretKey, expires, now: now + 1000 });
  assert.match(/** @type {string} */ (key), /^-----BEGIN PGP PRIVATE KEY BLOCK-----\r?\n/, 'armored by default');
  const [card] = await api.inspectKeys(key, { now: now + 2000 });
  assert.equal(card.fingerprintHex, carol.fingerprintHex);
  assert.ok(card.expires, 'the key expires');
  assert.equal(Date.parse(card.expires), expires);
  assert.ok(card.subkeys.length > 0);
  for (const sub of card.subkeys) {
    assert.ok(sub.expires, `subkey ${sub.fingerprint} expires`);
    assert.equal(Date.parse(sub.expires), expires);
  }
  const forever = await api.setKeyExpiry({ key, expires: null, now: now + 3000 });
  assert.equal((await api.inspectKeys(forever, { now: now + 4000 }))[0].expires, null);
  assert.equal((await rejection(api.setKeyExpiry({ key, expires: now - 1, now }))).code, 'invalid-argument');
});

test('extractCert() gives the public certificate of a secret key', async () => {
  const cert = await api.extractCert({ key: alice.secretKey });
  assert.match(/** @type {string} */ (cert), /^-----BEGIN PGP PUBLIC KEY BLOCK-----\r?\n/, 'armored by default');
  const [card] = await api.inspectKeys(cert);
  assert.equal(card.fingerprintHex, alice.fingerprintHex);
  assert.equal(card.hasSecret, false);
});

test('dearmor() then armor() round-trips a certificate', async () => {
  const binary = await api.dearmor(alice.publicKey);
  assert.ok(binary instanceof Uint8Array);
  assert.equal(binary[0] & 0x80, 0x80, 'binary OpenPGP starts with a packet tag');
  const armored = await api.armor(binary);
  assert.match(armored, /^-----BEGIN PGP PUBLIC KEY BLOCK-----\r?\n/);
  assert.deepEqual(await api.dearmor(armored), binary);
});

test('an RFC 9580 key gets a SEIPDv2 message that decrypts', async () => {
  const carol = await api.generateKey({ userIds: ['Carol <carol@example.org>'], profile: 'rfc9580' });
  assert.equal((await api.inspectKeys(carol.publicKey))[0].version, 6);
  assert.match(carol.fingerprintHex, /^[0-9A-F]{64}$/);
  const ct = await api.encrypt({ plaintext: MESSAGE, recipients: [carol.publicKey], profile: 'rfc9580', armor: false });
  const result = await api.decrypt({ message: ct, keys: [carol.secretKey] });
  assert.equal(result.text, MESSAGE);
  assert.equal(result.seipd, 2);
  assert.equal((await rejection(api.encrypt({ plaintext: MESSAGE, recipients: [carol.publicKey], profile: 'rfc4880' }))).code, 'unsupported-profile');
});

test('an RSA 3072 key made by GnuPG encrypts, decrypts, signs and verifies', async () => {
  const key = readFileSync(join(INTEROP_DATA, 'rsa3072-sealpost.key.asc'));
  const cert = readFileSync(join(INTEROP_DATA, 'rsa3072-sealpost.cert.asc'));
  const [card] = await api.inspectKeys(cert);
  assert.equal(card.fingerprintHex, '8561A4624D29B3403459432D277FB3B2FED3A565');
  assert.equal(card.bits, 3072);
  const ct = await api.encrypt({ plaintext: MESSAGE, recipients: [cert], signers: [key] });
  const result = await api.decrypt({ message: ct, keys: [key], verifyWith: [cert] });
  assert.equal(result.text, MESSAGE);
  assert.equal(result.verifications[0].status, 'good');
});

// --- Maintenance windows -------------------------------------------------

const SENTENCE = 'On 24 July between 01:00 and 13:00 UTC we will be moving server NC018';
const REFERENCE = Date.parse('2026-06-01T00:00:00Z');
const START = Date.parse('2026-07-24T01:00:00Z');
const END = Date.parse('2026-07-24T13:00:00Z');

test('parseWindow() reads the announcement and converts it to each zone', async () => {
  const w = await api.parseWindow({ text: SENTENCE, reference: REFERENCE, zones: ['UTC', 'America/Vancouver'] });
  assert.equal(w.startMs, START);
  assert.equal(w.endMs, END);
  const pdt = w.views.find((v) => v.zone === 'America/Vancouver');
  assert.ok(pdt, 'a view for America/Vancouver');
  assert.equal(pdt.abbreviation, 'PDT');
  assert.equal(pdt.label, '23-24 July, 18:00-06:00');
  assert.equal(Date.parse(pdt.start), START);
  assert.equal(Date.parse(pdt.end), END);
});

test('parseWindow() lists every window of an announcement; the old fields are the first', async () => {
  const text = 'Window 1: 24 July 01:00-03:00 UTC\nWindow 2: 26 July 01:00-03:00 UTC';
  const w = await api.parseWindow({ text, reference: REFERENCE, zones: ['America/Vancouver'], readerZone: 'Asia/Tokyo' });
  assert.deepEqual(
    w.windows.map((s) => [s.start, s.end, s.views[0].label, s.reader?.label]),
    [
      ['2026-07-24T01:00:00Z', '2026-07-24T03:00:00Z', '23 July, 18:00-20:00', '24 July, 10:00-12:00'],
      ['2026-07-26T01:00:00Z', '2026-07-26T03:00:00Z', '25 July, 18:00-20:00', '26 July, 10:00-12:00'],
    ],
  );
  assert.deepEqual([w.startMs, w.endMs, w.views], [w.windows[0].startMs, w.windows[0].endMs, w.windows[0].views]);
  assert.ok(w.warnings.some((x) => x.code === 'several-windows' && x.field === null));
  const one = await api.parseWindow({ text: SENTENCE, reference: REFERENCE });
  assert.deepEqual(one.windows.map((s) => s.startMs), [START]);
});

test('windowIcs() holds one event per window; shareFragment() and readFragment() carry them all', async () => {
  const w = await api.parseWindow({ text: 'On 24 July from 01:00 to 03:00 UTC, and again on 31 July.', reference: REFERENCE });
  const ics = await api.windowIcs({ windows: w.windows, summary: 'Moving NC018', now: REFERENCE });
  assert.equal(ics.match(/\r\nBEGIN:VEVENT\r\n/g)?.length, 2);
  assert.match(ics, /\r\nDTSTART:20260724T010000Z\r\n[\s\S]*\r\nDTSTART:20260731T010000Z\r\n/);
  const same = await api.windowIcs({ windows: [{ start: new Date(w.windows[0].startMs), end: w.windows[0].endMs }, w.windows[1]], summary: 'Moving NC018', now: REFERENCE });
  assert.equal(same, ics);
  await assert.rejects(api.windowIcs({ start: START, end: END, windows: w.windows }), { code: 'invalid-argument' });
  // @ts-expect-error: deliberately outside the types, to be refused at run time
  await assert.rejects(api.windowIcs({ windows: 'soon' }), { code: 'invalid-argument' });
  await assert.rejects(api.googleCalendarUrl({ windows: w.windows }), { code: 'invalid-argument' });
  const fragment = await api.shareFragment({ windows: w.windows, zone: 'UTC', text: w.text });
  assert.match(fragment, /^#w=20260724T0100Z\/20260724T0300Z,20260731T0100Z\/20260731T0300Z&z=UTC&t=/);
  const link = await api.readFragment(fragment);
  assert.deepEqual(link.windows, w.windows.map(({ startMs, endMs }) => ({ startMs, endMs })));
  assert.deepEqual([link.startMs, link.endMs], [w.windows[0].startMs, w.windows[0].endMs]);
});

test('windowFromFields() builds the same window from fields', async () => {
  const w = await api.windowFromFields({ date: '2026-07-24', start: '01:00', end: '13:00', zone: 'UTC', zones: ['Australia/Perth'] });
  assert.equal(w.startMs, START);
  assert.equal(w.endMs, END);
  const perth = await api.windowFromFields({ date: '2026-07-24', start: '01:00', durationMinutes: 720, zone: 'UTC' });
  assert.equal(perth.endMs, END);
});

test('convertWindow() gives one view per zone, in order', async () => {
  const views = await api.convertWindow(START, END, ['Africa/Lusaka', 'Australia/Perth']);
  assert.deepEqual(views.map((v) => v.zone), ['Africa/Lusaka', 'Australia/Perth']);
  assert.equal(views[0].abbreviation, 'CAT');
  assert.equal(views[1].abbreviation, 'AWST');
  assert.equal(Date.parse(views[1].start), START);
});

test('windowStatus() says upcoming, in progress, ended', async () => {
  assert.equal((await api.windowStatus(START, END, START - 1000)).state, 'upcoming');
  assert.equal((await api.windowStatus(START, END, START + 1000)).state, 'in-progress');
  assert.equal((await api.windowStatus(START, END, END + 1000)).state, 'ended');
});

test('windowIcs() and googleCalendarUrl() carry the exact UTC instants', async () => {
  const ics = await api.windowIcs({ start: START, end: END, summary: 'Moving NC018', now: REFERENCE });
  assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
  assert.match(ics, /\r\nDTSTART:20260724T010000Z\r\n/);
  assert.match(ics, /\r\nDTEND:20260724T130000Z\r\n/);
  const url = new URL(await api.googleCalendarUrl({ start: START, end: END, summary: 'Moving NC018', now: REFERENCE }));
  assert.equal(url.searchParams.get('dates'), '20260724T010000Z/20260724T130000Z');
  assert.equal(url.searchParams.get('text'), 'Moving NC018');
});

test('window options left out take the defaults of the core', async () => {
  const ics = await api.windowIcs({ start: START, end: END, now: REFERENCE });
  assert.match(ics, /\r\nSUMMARY:Maintenance window\r\nDESCRIPTION:\r\n/);
  const w = await api.windowFromFields({ date: '2026-07-24', start: '01:00', end: '13:00', zone: 'UTC' });
  assert.deepEqual([w.views, w.reader, w.text], [[], null, '']);
  const fragment = await api.shareFragment({ start: START, end: END, zone: 'UTC' });
  assert.equal(fragment, '#w=20260724T0100Z/20260724T1300Z&z=UTC');
});

test('an option of the wrong kind is refused with where it was and what kind it was', async () => {
  const refused = async (/** @type {Promise<unknown>} */ promise, /** @type {RegExp} */ message) => {
    const e = await rejection(promise);
    assert.equal(e.code, 'invalid-argument');
    assert.match(e.message, message);
  };
  const text = 'On 24 July 01:00-02:00 UTC';
  // @ts-expect-error: deliberately outside the types, to be refused at run time
  await refused(api.parseWindow({ text: 5 }), /^The options are not valid: text: expected a string, found a number\.$/);
  // @ts-expect-error: as above
  await refused(api.parseWindow({ text, zones: ['UTC', 1] }), /: zones\[1\]: expected a string, found a number\.$/);
  // @ts-expect-error: as above
  await refused(api.windowTable({ start: START, end: END, format: 'html' }), /: format: unknown variant `html`, expected `text` or `markdown`\.$/);
  // A key that holds undefined is a key left out.
  const w = await api.parseWindow({ text, reference: REFERENCE, zones: undefined, readerZone: undefined });
  assert.equal(w.start, '2026-07-24T01:00:00Z');
  // Numbers in messages are written without a float formatter.
  await refused(
    api.windowFromFields({ date: '2026-07-24', start: '01:00', end: '09:00', durationMinutes: 90.5, zone: 'UTC' }),
    /the duration of 90\.5 minutes disagree/,
  );
});

test('shareFragment() round-trips through readFragment()', async () => {
  const fragment = await api.shareFragment({ start: START, end: END, zone: 'UTC', text: SENTENCE, zones: ['Africa/Lusaka'] });
  assert.match(fragment, /^#/);
  const link = await api.readFragment(fragment);
  assert.equal(link.startMs, START);
  assert.equal(link.endMs, END);
  assert.deepEqual(link.windows, [{ startMs: START, endMs: END }]);
});

test('windowTable() gives one row per zone, as text and as Markdown', async () => {
  const zones = ['UTC', 'America/Vancouver', 'Africa/Lusaka', 'Australia/Perth'];
  const text = await api.windowTable({ start: START, end: END, zones });
  assert.match(text, /^UTC: +24 July, 01:00-13:00$/m);
  assert.match(text, /^PDT: +23-24 July, 18:00-06:00$/m);
  assert.match(text, /^CAT: +24 July, 03:00-15:00$/m);
  assert.match(text, /^AWST: +24 July, 09:00-21:00$/m);
  const md = await api.windowTable({ start: START, end: END, zones, format: 'markdown' });
  assert.match(md, /^\| PDT \| 23-24 July \| 18:00-06:00 \| -07:00 \|$/m);
  assert.match(md, /^\| AWST \| 24 July \| 09:00-21:00 \| \+08:00 \|$/m);
});

test('zoneNames() has the IANA zones the CLI shows by default', async () => {
  const names = await api.zoneNames();
  for (const z of ['UTC', 'America/Vancouver', 'Africa/Lusaka', 'Australia/Perth']) assert.ok(names.includes(z), z);
});

test('compileModule() compiles a module to hand to a worker', async () => {
  const compiled = await api.compileModule('pgp');
  assert.ok(compiled instanceof WebAssembly.Module);
  assert.ok(WebAssembly.Module.exports(compiled).some((e) => e.name === 'encrypt'));
  // @ts-expect-error: deliberately outside the types, to be refused at run time
  assert.equal((await rejection(api.compileModule('nonsense'))).code, 'invalid-argument');
});

test('supply() hands a module in from memory, and that is what loads', async () => {
  // @ts-expect-error: deliberately outside the types, to be refused at run time
  assert.throws(() => api.supply(42, new Uint8Array(8)), { code: 'invalid-argument' });
  // A process of its own: this one has loaded its modules already.
  const script = (/** @type {string} */ bytes) => `
    import { readFileSync } from 'node:fs';
    const sealpost = await import(${JSON.stringify(new URL('../../www/sealpost.js', import.meta.url).href)});
    sealpost.supply('sealpost_window_bg.wasm', ${bytes});
    const info = await sealpost.buildInfo().catch((e) => ({ code: e.code }));
    console.log(JSON.stringify(info));`;
  /** @type {(bytes: string) => Partial<import('../../www/sealpost.js').BuildInfo> & { code?: string }} */
  const loaded = (bytes) => JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script(bytes)], { encoding: 'utf8' }));
  assert.equal(loaded('new Uint8Array([0, 97, 115, 109])').code, 'module-unavailable', 'the supplied bytes, not the file, are loaded');
  const file = JSON.stringify(join(ROOT, 'www', 'pkg', 'sealpost_window_bg.wasm'));
  assert.match(/** @type {string} */ (loaded(`readFileSync(${file})`).tzdb), /^\d{4}[a-z]$/);
  called.add('supply');
});

test('the mail functions: a bounce, a header block, PGP/MIME taken apart (tests/node/mail-api.test.mjs has the rest)', async () => {
  const mail = join(ROOT, 'tests', 'data', 'mail');
  const bounce = await api.readBounce({ message: readFileSync(join(mail, 'bounces', 'eml', 'rfc3464-06.eml')) });
  assert.deepEqual(bounce.recipients.map((r) => r.category), ['no-such-address']);
  const headers = await api.readHeaders({ message: readFileSync(join(mail, 'headers', 'gmail-strong.eml'), 'utf8') });
  assert.ok(headers.hops.length > 0 && headers.hops.every((h) => h.encryption !== 'none'));
  const pgpMime = join(mail, 'pgp-mime');
  const part = await api.encryptedPart({ message: readFileSync(join(pgpMime, 'encrypted_to_alice.eml')) });
  assert.match(new TextDecoder().decode(part.encrypted), /^-----BEGIN PGP MESSAGE-----/);
  const signed = readFileSync(join(pgpMime, 'signed_by_alice.eml'));
  const parts = await api.signedParts({ message: signed });
  assert.equal(parts.micalg, 'pgp-sha256');
  assert.match(new TextDecoder().decode(parts.signature), /^-----BEGIN PGP SIGNATURE-----/);
  const content = await api.openMime({ message: parts.signed });
  assert.equal(content.attachments[0].name, 'invoice 2026.bin');
  const alicePub = readFileSync(join(ROOT, 'tests', 'data', 'pgp', 'keys', 'alice_cv25519_pub.asc'));
  assert.equal((await api.verifySigned({ message: signed, certs: alicePub })).good, true);
  assert.equal((await api.verifySigned({ message: signed, certs: alice.publicKey })).good, false, 'not good with another key');
});

test('every exported function was exercised above', () => {
  const byName = /** @type {Record<string, unknown>} */ (module);
  const exported = Object.keys(module).filter((name) => typeof byName[name] === 'function');
  const missing = exported.filter((name) => !called.has(name));
  assert.deepEqual(missing, []);
});
