// The same work through www/sealpost.js, printed as one JSON object, so
// that javascript.test.mjs can compare the WebAssembly build (plain `node`)
// with the JavaScript build (`node --jitless`, which has no WebAssembly).
// Only deterministic results are printed; timings go to stderr.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const data = (/** @type {string} */ f) => readFileSync(join(root, 'tests', 'data', 'pgp', f));
/** @typedef {typeof import('../../../www/sealpost.js')} Api */
/** @typedef {import('../../../www/sealpost.js').Data} Data */
const api = /** @type {Api} */ (await import(join(root, 'www', 'sealpost.js')));
/** @type {{ engine: import('../../../www/sealpost.js').Engine, [name: string]: unknown }} */
const out = { engine: api.engine() };
/**
 * Runs `call` and keeps what it gives, or the code of what it throws, as `out[name]`.
 * @param {string} name
 * @param {() => unknown} call
 */
const outcome = async (name, call) => {
  const started = performance.now();
  try {
    out[name] = { ok: await call() };
  } catch (thrown) {
    const e = /** @type {NodeJS.ErrnoException} */ (thrown);
    out[name] = { code: e.code ?? `(no code) ${e.name}: ${e.message}`, message: e.message };
  }
  process.stderr.write(`${name}: ${Math.round(performance.now() - started)} ms\n`);
};
const REFERENCE = Date.UTC(2026, 5, 1);
const NOW = Date.UTC(2026, 11, 1, 12);

await outcome('parseWindow', () =>
  api.parseWindow({ text: 'On 24 July between 01:00 and 13:00 UTC we will be moving server NC018', zones: ['UTC', 'America/Vancouver', 'Africa/Lusaka', 'Australia/Perth', 'IST', 'EST'], readerZone: 'Europe/Kyiv', reference: REFERENCE }),
);
await outcome('parseWindowAgain', () => api.parseWindow({ text: '2026-11-01 01:30 to 03:00 America/New_York', zones: ['PST', 'CEST'], reference: REFERENCE }));
await outcome('unknownZone', () => api.parseWindow({ text: 'On 24 July 01:00-02:00 UTC', zones: ['Mars/Olympus'], reference: REFERENCE }));
await outcome('table', () => api.windowTable({ start: Date.UTC(2026, 6, 24, 1), end: Date.UTC(2026, 6, 24, 13), zones: ['UTC', 'America/Vancouver'], format: 'markdown' }));
await outcome('ics', () => api.windowIcs({ start: Date.UTC(2026, 6, 24, 1), end: Date.UTC(2026, 6, 24, 13), summary: 'Moving NC018', now: NOW }));
await outcome('badLink', () => api.readFragment('#w=nonsense'));
await outcome('zoneCount', async () => (await api.zoneNames()).length);

const alice = data('keys/alice_cv25519_sec.asc');
await outcome('inspect', () => api.inspectKeys(data('keys/alice_cv25519_pub.asc'), { now: NOW }));
await outcome('decrypt3des', async () => (await api.decrypt({ message: data('messages/to_alice_cipher_3des.asc'), keys: [alice], now: NOW })).text);
await outcome('tampered', () => api.decrypt({ message: data('messages/fail_tampered_body.pgp'), keys: [alice], now: NOW }));
await outcome('wrongKey', () => api.decrypt({ message: data('messages/fail_wrong_key.asc'), keys: [alice], now: NOW }));
await outcome('verify', async () => {
  const v = await api.verify({ message: data('messages/cleartext_signed_by_alice.asc'), certs: [data('keys/alice_cv25519_pub.asc')], now: NOW });
  return { good: v.good, text: v.text, status: v.verifications.map((x) => x.status) };
});
await outcome('rsaDecrypt', async () => (await api.decrypt({ message: data('messages/to_carol_signed_by_alice.asc'), keys: [data('keys/carol_rsa3072_sec.asc')], verifyWith: [data('keys/alice_cv25519_pub.asc')], now: NOW })).text);
// Large enough that the memory grows during the call: the glue must read the new buffer.
const big = new Uint8Array(1024 * 1024).map((_, i) => (i * 31) >>> 3);
await outcome('roundTripGrowsMemory', async () => {
  const key = await api.generateKey({ userIds: ['Grow <grow@example.org>'], now: NOW });
  const sealed = await api.encrypt({ message: big, recipients: [key.publicKey], armor: false, now: NOW });
  const opened = await api.decrypt({ message: sealed, keys: [key.secretKey], now: NOW });
  return opened.plaintext.length === big.length && opened.plaintext.every((b, i) => b === big[i]);
});
// Passphrases: GnuPG's default protection (SHA-1 over 65011712 octets), a
// key made with a passphrase, a changed passphrase, a wrong one and a retry.
// The JavaScript build derives S2K keys with WebCrypto (www/sealpost.js).
const bob = data('keys/bob_cv25519_protected_sec.asc');
const bobPass = data('keys/bob_cv25519_protected.passphrase.txt').toString().trim();
const toBob = await api.encrypt({ message: 'to bob', recipients: [data('keys/bob_cv25519_protected_pub.asc')], now: NOW });
await outcome('gnupgProtectedWrong', () => api.decrypt({ message: toBob, keys: [{ key: bob, passphrase: 'not it' }], now: NOW }));
await outcome('gnupgProtectedRetry', async () => (await api.decrypt({ message: toBob, keys: [{ key: bob, passphrase: bobPass }], now: NOW })).text);
await outcome('gnupgProtectedSigns', async () => typeof (await api.sign({ message: 'hi', signers: [{ key: bob, passphrase: bobPass }], mode: 'cleartext', now: NOW })));
for (const profile of /** @type {const} */ (['cv25519', 'rfc9580'])) {
  await outcome(`protectedKey_${profile}`, async () => {
    const key = await api.generateKey({ userIds: ['P <p@example.org>'], profile, passphrase: 'a passphrase', now: NOW });
    const sealed = await api.encrypt({ message: 'locked', recipients: [key.publicKey], now: NOW });
    /**
     * @param {Data} k
     * @param {string | undefined} passphrase
     */
    const open = (k, passphrase) => api.decrypt({ message: sealed, keys: [{ key: k, passphrase }], now: NOW }).then((r) => r.text, (e) => e.code);
    const first = [await open(key.secretKey, 'wrong'), await open(key.secretKey, 'a passphrase'), await open(key.secretKey, undefined)];
    const changed = await api.changeKeyPassphrase({ key: key.secretKey, oldPassphrases: ['a passphrase'], newPassphrase: 'a new one', now: NOW });
    const second = [await open(changed, 'a passphrase'), await open(changed, 'a new one')];
    const revoked = typeof (await api.revokeKey({ key: changed, passphrases: ['a new one'], now: NOW }));
    return { first, second, revoked };
  });
}
// Message passwords: written and read in both formats, GnuPG's iterated
// S2K, a wrong password, and Argon2 cheap enough for the JavaScript build
// (made by OpenPGP.js: one pass over 1 MiB). The JavaScript build derives
// iterated S2K keys with WebCrypto here too.
const password = data('messages/password.txt').toString().trim();
for (const profile of /** @type {const} */ (['rfc4880', 'rfc9580'])) {
  await outcome(`passwords_${profile}`, async () => {
    const sealed = await api.encrypt({ message: 'to a password', passwords: ['correct horse'], profile, details: true, now: NOW });
    /** @param {string[]} passwords */
    const open = (passwords) => api.decrypt({ message: sealed.message, passwords, now: NOW }).then((r) => r.text, (e) => e.code);
    return { seipd: sealed.seipd, right: await open(['wrong', 'correct horse']), wrong: await open(['wrong']) };
  });
}
await outcome('gnupgPassword', async () => (await api.decrypt({ message: data('messages/password_aes256.asc'), passwords: [password], now: NOW })).text);
await outcome('gnupgPasswordWrong', () => api.decrypt({ message: data('messages/password_aes256.asc'), passwords: ['not it'], now: NOW }));
await outcome('argon2Cheap', async () => (await api.decrypt({ message: data('messages/password_argon2_t1_m10.asc'), passwords: [password], now: NOW })).text);
// Refused by the JavaScript build only (the WebAssembly build does them in seconds; not repeated here).
if (out.engine.kind === 'javascript') {
  await outcome('rsaKey', () => api.generateKey({ userIds: ['A'], profile: 'rsa3072' }));
  await outcome('argon2Costly', () => api.decrypt({ message: data('messages/password_argon2_t3_m16.asc'), passwords: [password], now: NOW }));
}
console.log(JSON.stringify(out));
