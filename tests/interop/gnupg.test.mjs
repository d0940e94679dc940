// Interop with GnuPG, both directions, through Sealpost's SOP CLI.
//
// GnuPG runs in batch mode in a throwaway GNUPGHOME. Each case checks the
// exact plaintext, the signer's fingerprints, or the exit status.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as api from '../../www/sealpost.js';
import { Matrix, PEER_TO_SEALPOST as IN, SEALPOST_TO_PEER as OUT } from './lib/matrix.mjs';
import { DATA, Gpg, ROOT, Workdir, fixture, installed, ok, run, sameBytes, sealpost, verificationLines } from './lib/tools.mjs';

const skip = installed('gpg') ? undefined : 'skipped: gpg not installed';
const PEER = skip ? 'GnuPG' : `GnuPG ${run('gpg', ['--version']).text.split('\n')[0].split(' ').pop()}`;
const MESSAGE = Buffer.from('Maintenance on 24 July, 01:00–13:00 UTC.\nGrüße aus Lusaka ✓\n');
const RSA_PEER = '3706A3706D3A61A326A3553C1D74282EF7628918';
const RSA_SEALPOST = '8561A4624D29B3403459432D277FB3B2FED3A565';

const m = new Matrix('gnupg');
// Set in before(), unless gpg is missing: then every case is skipped.
/** @type {Gpg} */
let gpg;
/** @type {Workdir} */
let w;
/** Sealpost's key: files, and the fingerprint gpg sees; the password file. */
const sp = /** @type {{ key: string, cert: string, fpr: string, pw: string }} */ ({});
/** GnuPG's key: its fingerprint, and its certificate as a file for Sealpost. */
const peer = /** @type {{ fpr: string, cert: string }} */ ({});

before(() => {
  if (skip) return;
  w = new Workdir('sp-interop-gpg-');
  gpg = new Gpg();
  sp.key = w.file('sealpost.key', ok(sealpost(['generate-key', 'Sealpost <sealpost@example.org>']), 'generate-key'));
  sp.cert = w.file('sealpost.cert', ok(sealpost(['extract-cert'], { input: readFileSync(sp.key) }), 'extract-cert'));
  gpg.import(readFileSync(sp.cert));
  sp.fpr = gpg.fingerprint('sealpost@example.org');
  peer.fpr = gpg.generate('GnuPG Peer <gpg-peer@example.org>');
  peer.cert = w.file('peer.cert', gpg.exportCert(peer.fpr));
  gpg.import(fixture('rsa3072-peer.key.asc'));
  gpg.import(fixture('rsa3072-sealpost.cert.asc'));
  sp.pw = w.file('password.txt', 'correct horse battery staple\n');
});

after(() => {
  gpg?.close();
  w?.remove();
  m.write();
});

/**
 * Sealpost decrypts `ct` with `key` and must give back MESSAGE exactly.
 * @param {string | Uint8Array} ct
 * @param {string} key a file
 * @param {string[]} [extra] more arguments of `decrypt`
 */
function sealpostDecrypts(ct, key, extra = []) {
  sameBytes(ok(sealpost(['decrypt', ...extra, key], { input: ct }), 'sealpost-sop decrypt'), MESSAGE, 'sealpost-sop output');
}

/**
 * gpg decrypts `ct` and must give back MESSAGE exactly; returns the status lines.
 * @param {string | Uint8Array} ct
 * @param {string[]} [extra] more arguments of gpg
 */
function gpgDecrypts(ct, extra = []) {
  const r = gpg.run(['--status-fd', '2', ...extra, '--decrypt'], { input: ct });
  assert.equal(r.status, 0, `gpg --decrypt failed: ${r.stderr}`);
  sameBytes(r.stdout, MESSAGE, 'gpg output');
  return r.stderr;
}

/**
 * Asserts a good signature in gpg's status output, made by the key `primary`.
 * @param {string | Buffer} status
 * @param {string} primary
 */
function gpgSawGoodSignature(status, primary) {
  // assert prints a Buffer message as its text.
  assert.equal(Gpg.status(status, 'GOODSIG').length, 1, /** @type {string} */ (status));
  const [valid] = Gpg.status(status, 'VALIDSIG');
  assert.equal(valid[9], primary, 'VALIDSIG primary fingerprint');
}

/**
 * Asserts one SOP verification line by `primary` (signing key `signing`).
 * @param {string | Buffer} text
 * @param {string} primary
 */
function oneVerification(text, primary, signing = primary) {
  const lines = verificationLines(text.toString());
  assert.equal(lines.length, 1, text.toString());
  assert.equal(lines[0].primary, primary);
  assert.equal(lines[0].signing, signing);
  assert.match(lines[0].created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  return lines[0];
}

// --- Encryption ---------------------------------------------------------

m.case(PEER, 'encrypt/decrypt, Cv25519 key', IN, () => {
  sealpostDecrypts(gpg.ok(['--armor', '--encrypt', '-r', sp.fpr], { input: MESSAGE }), sp.key);
}, { skip });

m.case(PEER, 'encrypt/decrypt, RSA 3072 key', IN, () => {
  sealpostDecrypts(gpg.ok(['--encrypt', '-r', RSA_SEALPOST], { input: MESSAGE }), join(DATA, 'rsa3072-sealpost.key.asc'));
}, { skip });

m.case(PEER, 'BZip2-compressed message (--compress-algo bzip2)', IN, () => {
  sealpostDecrypts(gpg.ok(['--compress-algo', 'bzip2', '--encrypt', '-r', sp.fpr], { input: MESSAGE }), sp.key);
}, { skip });

m.case(PEER, 'BZip2-compressed signed and encrypted message', IN, () => {
  const ct = gpg.ok(['--compress-algo', 'bzip2', '-u', peer.fpr, '--sign', '--encrypt', '-r', sp.fpr], { input: MESSAGE });
  const out = w.fresh('verifications');
  sealpostDecrypts(ct, sp.key, [`--verify-with=${peer.cert}`, `--verifications-out=${out}`]);
  oneVerification(readFileSync(out), peer.fpr);
}, { skip });

m.case(PEER, 'encrypted message inside a compressed packet (--no-literal --store)', IN, () => {
  const ct = gpg.ok(['--compress-algo', 'none', '--encrypt', '-r', sp.fpr], { input: MESSAGE });
  const nested = gpg.ok(['--no-literal', '--store', '--compress-algo', 'zlib'], { input: ct });
  // gpg lists the packets, then exits 2 because it lacks the recipient's
  // secret key: only the listing matters here.
  assert.match(gpg.run(['--list-packets'], { input: nested }).text, /^:compressed packet: algo=2\n# off=\d+ ctb=\w+ tag=1 /m);
  sealpostDecrypts(nested, sp.key);
}, { skip });

m.case(PEER, 'session key: gpg --show-session-key, Sealpost --with-session-key', IN, () => {
  gpg.import(readFileSync(sp.key));
  const ct = gpg.ok(['--encrypt', '-r', sp.fpr], { input: MESSAGE });
  const r = gpg.run(['--show-session-key', '--decrypt'], { input: ct });
  assert.equal(r.status, 0, r.stderr);
  const key = /session key: '(\d+:[0-9A-F]+)'/.exec(r.stderr.toString())?.[1];
  assert.ok(key, r.stderr.toString());
  sameBytes(ok(sealpost(['decrypt', `--with-session-key=${w.file('gpg.sessionkey', key)}`], { input: ct }), 'decrypt'), MESSAGE);
}, { skip });

m.case(PEER, 'session key: Sealpost --session-key-out, gpg --override-session-key', OUT, () => {
  const ct = gpg.ok(['--encrypt', '-r', sp.fpr], { input: MESSAGE });
  const sk = w.fresh('sp.sessionkey');
  sealpostDecrypts(ct, sp.key, [`--session-key-out=${sk}`]);
  const key = readFileSync(sk, 'utf8').trim();
  const r = gpg.run(['--override-session-key', key, '--decrypt'], { input: ct });
  assert.equal(r.status, 0, r.stderr);
  sameBytes(r.stdout, MESSAGE, 'gpg output');
}, { skip });

m.case(PEER, 'encrypt/decrypt, Cv25519 key', OUT, () => {
  gpgDecrypts(ok(sealpost(['encrypt', peer.cert], { input: MESSAGE }), 'encrypt'));
}, { skip });

m.case(PEER, 'encrypt/decrypt, RSA 3072 key', OUT, () => {
  gpgDecrypts(ok(sealpost(['encrypt', join(DATA, 'rsa3072-peer.cert.asc')], { input: MESSAGE }), 'encrypt'));
}, { skip });

m.case(PEER, 'Sealpost-generated key: gpg reads the key and the SEIPDv1 message', OUT, () => {
  gpg.import(readFileSync(sp.key));
  const ct = ok(sealpost(['encrypt', sp.cert], { input: MESSAGE }), 'encrypt');
  const packets = gpg.ok(['--list-packets'], { input: ct }).toString();
  assert.match(packets, /:encrypted data packet:\n\s+length: \S+\n\s+mdc_method: 2/, packets);
  gpgDecrypts(ct);
}, { skip });

m.case(PEER, "Sealpost-generated key, the page's default profile (auto)", OUT, async () => {
  gpg.import(readFileSync(sp.key));
  const ct = await api.encrypt({ message: MESSAGE, recipients: [readFileSync(sp.cert)], profile: 'auto' });
  gpgDecrypts(ct);
}, { skip });

m.case(PEER, 'encrypt/decrypt, Sealpost key protected with a password', OUT, () => {
  const key = ok(sealpost(['generate-key', `--with-key-password=${sp.pw}`, 'Locked <locked-sp@example.org>']), 'generate-key');
  gpg.import(key);
  const cert = w.file('locked.cert', gpg.exportCert(gpg.fingerprint('locked-sp@example.org')));
  const ct = ok(sealpost(['encrypt', cert], { input: MESSAGE }), 'encrypt');
  gpgDecrypts(ct, ['--passphrase-file', sp.pw]);
}, { skip });

m.case(PEER, 'encrypt/decrypt, GnuPG key protected with a password', IN, () => {
  const fpr = gpg.generateLocked('Locked <locked-gpg@example.org>', 'correct horse battery staple');
  const key = w.file('locked-gpg.key', gpg.ok(['--passphrase', 'correct horse battery staple', '--armor', '--export-secret-keys', fpr]));
  const ct = gpg.ok(['--encrypt', '-r', fpr], { input: MESSAGE });
  assert.equal(sealpost(['decrypt', key], { input: ct }).status, 67, 'KEY_IS_PROTECTED without the password');
  sealpostDecrypts(ct, key, [`--with-key-password=${sp.pw}`]);
}, { skip });

for (const [algo, id] of /** @type {[string, number][]} */ ([['zip', 1], ['zlib', 2]])) {
  m.case(PEER, `compressed message (${algo})`, IN, () => {
    const ct = gpg.ok(['--encrypt', '--compress-algo', algo, '-r', sp.fpr, '-r', peer.fpr], { input: MESSAGE });
    const packets = gpg.ok(['--list-packets'], { input: ct }).toString();
    assert.match(packets, new RegExp(`:compressed packet: algo=${id}\\b`), packets);
    sealpostDecrypts(ct, sp.key);
  }, { skip });
}

for (const [cipher, id] of /** @type {[string, number][]} */ ([
  ['CAST5', 3], ['3DES', 2], ['CAMELLIA256', 13], ['TWOFISH', 10],
])) {
  m.case(PEER, `legacy cipher ${cipher}`, IN, () => {
    const ct = gpg.ok(
      ['--personal-cipher-preferences', cipher, '--cipher-algo', cipher, '--compress-algo', 'none', '--encrypt', '-r', sp.fpr, '-r', peer.fpr],
      { input: MESSAGE },
    );
    // gpg names the cipher it used only once it has decrypted (with its own key).
    const listing = gpg.ok(['-v', '--status-fd', '1', '--list-packets'], { input: ct });
    const [info] = Gpg.status(listing, 'DECRYPTION_INFO');
    assert.equal(Number(info[1]), id, `gpg used cipher ${info[1]}, not ${cipher} (${id})`);
    sealpostDecrypts(ct, sp.key);
  }, { skip });
}

// --- Passwords -----------------------------------------------------------

m.case(PEER, 'password-encrypted message', IN, () => {
  const ct = gpg.ok(['--armor', '--symmetric', '--passphrase-file', sp.pw], { input: MESSAGE });
  sameBytes(ok(sealpost(['decrypt', `--with-password=${sp.pw}`], { input: ct }), 'decrypt'), MESSAGE, 'sealpost-sop output');
}, { skip });

m.case(PEER, 'password-encrypted message', OUT, () => {
  const ct = ok(sealpost(['encrypt', `--with-password=${sp.pw}`], { input: MESSAGE }), 'encrypt');
  gpgDecrypts(ct, ['--passphrase-file', sp.pw]);
}, { skip });

// --- Signatures ----------------------------------------------------------

m.case(PEER, 'detached signature, Cv25519 key', IN, () => {
  const sig = w.file('peer.sig', gpg.ok(['--armor', '--detach-sign', '-u', peer.fpr], { input: MESSAGE }));
  const line = oneVerification(ok(sealpost(['verify', sig, peer.cert], { input: MESSAGE }), 'verify'), peer.fpr);
  assert.match(line.rest, /^mode:binary\b/);
  const tampered = sealpost(['verify', sig, peer.cert], { input: Buffer.concat([MESSAGE, Buffer.from('!')]) });
  assert.equal(tampered.status, 3, 'NO_SIGNATURE for changed data');
  assert.equal(tampered.stdout.length, 0);
}, { skip });

m.case(PEER, 'detached signature, Cv25519 key', OUT, () => {
  const sig = w.file('sp.sig', ok(sealpost(['sign', sp.key], { input: MESSAGE }), 'sign'));
  const r = gpg.run(['--status-fd', '1', '--verify', sig, '-'], { input: MESSAGE });
  assert.equal(r.status, 0, r.stderr);
  gpgSawGoodSignature(r.stdout, sp.fpr);
}, { skip });

m.case(PEER, 'detached signature, RSA 3072 key', IN, () => {
  const sig = w.file('rsa-peer.sig', gpg.ok(['--detach-sign', '-u', RSA_PEER], { input: MESSAGE }));
  const cert = join(DATA, 'rsa3072-peer.cert.asc');
  oneVerification(ok(sealpost(['verify', sig, cert], { input: MESSAGE }), 'verify'), RSA_PEER);
}, { skip });

m.case(PEER, 'detached signature, RSA 3072 key', OUT, () => {
  const sig = w.file('rsa-sp.sig', ok(sealpost(['sign', join(DATA, 'rsa3072-sealpost.key.asc')], { input: MESSAGE }), 'sign'));
  const r = gpg.run(['--status-fd', '1', '--verify', sig, '-'], { input: MESSAGE });
  assert.equal(r.status, 0, r.stderr);
  gpgSawGoodSignature(r.stdout, RSA_SEALPOST);
}, { skip });

m.case(PEER, 'text-mode detached signature', OUT, () => {
  const sig = w.file('sp-text.sig', ok(sealpost(['sign', '--as=text', sp.key], { input: MESSAGE }), 'sign'));
  const r = gpg.run(['--status-fd', '1', '--verify', sig, '-'], { input: MESSAGE });
  assert.equal(r.status, 0, r.stderr);
  gpgSawGoodSignature(r.stdout, sp.fpr);
  assert.equal(Gpg.status(r.stdout, 'VALIDSIG')[0][8], '01', 'signature class 0x01 (text)');
}, { skip });

m.case(PEER, 'inline-signed message', IN, () => {
  const signed = gpg.ok(['--sign', '-u', peer.fpr], { input: MESSAGE });
  const out = w.fresh('verifications');
  sameBytes(ok(sealpost(['inline-verify', `--verifications-out=${out}`, peer.cert], { input: signed }), 'inline-verify'), MESSAGE, 'sealpost-sop output');
  oneVerification(readFileSync(out), peer.fpr);
}, { skip });

// Clear-signed text must come back exactly, final line break included. GnuPG
// leaves the text's final line break out of what it signs (RFC 9580 §7.2:
// the line break before the signature armor is not part of the signed text)
// and adds one when it prints the text; sqop does the same.
m.case(PEER, 'cleartext-signed message', IN, () => {
  const signed = gpg.ok(['--clearsign', '-u', peer.fpr], { input: MESSAGE });
  const out = w.fresh('verifications');
  sameBytes(ok(sealpost(['inline-verify', `--verifications-out=${out}`, peer.cert], { input: signed }), 'inline-verify'), MESSAGE, 'sealpost-sop output');
  assert.match(oneVerification(readFileSync(out), peer.fpr).rest, /^mode:text\b/);
}, { skip });

m.case(PEER, 'inline-signed message', OUT, () => {
  const signed = ok(sealpost(['inline-sign', sp.key], { input: MESSAGE }), 'inline-sign');
  gpgSawGoodSignature(gpgDecrypts(signed), sp.fpr);
}, { skip });

m.case(PEER, 'cleartext-signed message', OUT, () => {
  const signed = ok(sealpost(['inline-sign', '--as=clearsigned', sp.key], { input: MESSAGE }), 'inline-sign');
  assert.match(signed.toString(), /^-----BEGIN PGP SIGNED MESSAGE-----\n/);
  gpgSawGoodSignature(gpgDecrypts(signed), sp.fpr);
}, { skip });

m.case(PEER, 'signed and encrypted message', IN, () => {
  const ct = gpg.ok(['--sign', '-u', peer.fpr, '--encrypt', '-r', sp.fpr], { input: MESSAGE });
  const out = w.fresh('verifications');
  sealpostDecrypts(ct, sp.key, [`--verify-with=${peer.cert}`, `--verifications-out=${out}`]);
  oneVerification(readFileSync(out), peer.fpr);
}, { skip });

m.case(PEER, 'signed and encrypted message', OUT, () => {
  const ct = ok(sealpost(['encrypt', `--sign-with=${sp.key}`, peer.cert], { input: MESSAGE }), 'encrypt');
  gpgSawGoodSignature(gpgDecrypts(ct), sp.fpr);
}, { skip });

// --- Old and unusual keys, preferences, exit codes ------------------------

/**
 * A DSA-2048 key with an ElGamal-2048 encryption subkey, as GnuPG made by default until 2009.
 * @param {string} userId
 */
function oldGnupgKey(userId) {
  gpg.ok(['--passphrase', '', '--quick-gen-key', userId, 'dsa2048', 'sign', 'never']);
  const fpr = gpg.fingerprint(userId);
  gpg.ok(['--passphrase', '', '--quick-add-key', fpr, 'elg2048', 'encr', 'never']);
  return fpr;
}

m.case(PEER, 'DSA + ElGamal key: signed and encrypted message', IN, () => {
  const fpr = oldGnupgKey('Old GnuPG <old-in@example.org>');
  const key = w.file('old-in.key', gpg.exportKey(fpr));
  const cert = w.file('old-in.cert', gpg.exportCert(fpr));
  const ct = gpg.ok(['--sign', '-u', fpr, '--encrypt', '-r', fpr], { input: MESSAGE });
  assert.match(gpg.ok(['--list-packets'], { input: ct }).toString(), /:pubkey enc packet: version 3, algo 16,/);
  const out = w.fresh('verifications');
  sealpostDecrypts(ct, key, [`--verify-with=${cert}`, `--verifications-out=${out}`]);
  oneVerification(readFileSync(out), fpr);
}, { skip });

m.case(PEER, 'DSA + ElGamal key: signed and encrypted message', OUT, () => {
  const fpr = oldGnupgKey('Old GnuPG <old-out@example.org>');
  const key = w.file('old-out.key', gpg.exportKey(fpr));
  const cert = w.file('old-out.cert', gpg.exportCert(fpr));
  const ct = ok(sealpost(['encrypt', `--sign-with=${key}`, cert], { input: MESSAGE }), 'encrypt');
  gpgSawGoodSignature(gpgDecrypts(ct), fpr);
}, { skip });

m.case(PEER, "preferences: a key that lists only AES-128 and SHA-256 gets them", OUT, () => {
  const fpr = gpg.generate('Prefers AES <pref-aes@example.org>');
  gpg.ok(['--passphrase', '', '--command-fd', '0', '--edit-key', fpr], { input: 'setpref AES SHA256 ZLIB Uncompressed\ny\nsave\n' });
  const cert = w.file('pref.cert', gpg.exportCert(fpr));
  const ct = ok(sealpost(['encrypt', `--sign-with=${sp.key}`, cert], { input: MESSAGE }), 'encrypt');
  const listing = gpg.ok(['-v', '--status-fd', '1', '--list-packets'], { input: ct });
  const [info] = Gpg.status(listing, 'DECRYPTION_INFO');
  assert.equal(Number(info[1]), 7, `cipher ${info[1]}, not AES-128 (7)`);
  assert.match(listing.toString(), /digest algo 8,/, 'a SHA-256 signature');
  gpgSawGoodSignature(gpgDecrypts(ct), sp.fpr);
}, { skip });

m.case(PEER, 'RSA-8192 key: encrypted message', IN, () => {
  // An 8192-bit key takes minutes to make, so this one was made once.
  const keys = join(ROOT, 'tests/data/pgp/keys');
  gpg.import(readFileSync(join(keys, 'big_rsa8192_pub.asc')));
  const ct = gpg.ok(['--encrypt', '-r', 'big@example.org'], { input: MESSAGE });
  sealpostDecrypts(ct, join(keys, 'big_rsa8192_sec.asc'));
  // Signing needs the key's own signatures checked, which this build cannot for RSA over 4096 bits.
  const r = sealpost(['sign', join(keys, 'big_rsa8192_sec.asc')], { input: MESSAGE });
  assert.equal(r.status, 79, 'KEY_CANNOT_SIGN');
  assert.match(r.stderr.toString(), /RSA-8192/);
}, { skip });

m.case(PEER, 'exit codes: an RSA-1024 key cannot sign (79) and says its size', OUT, () => {
  const fpr = gpg.generate('Weak <weak-1024@example.org>', 'rsa1024');
  const key = w.file('weak.key', gpg.exportKey(fpr));
  const r = sealpost(['sign', key], { input: MESSAGE });
  assert.equal(r.status, 79, 'KEY_CANNOT_SIGN');
  assert.match(r.stderr.toString(), /RSA-1024 is too weak/);
  assert.equal(r.stdout.length, 0);
}, { skip });
