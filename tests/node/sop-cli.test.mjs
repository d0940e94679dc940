// bin/sop.mjs against itself over the wasm build: round trips, verification
// lines, designators, and the exit codes the SOP draft names. (Interop with
// other implementations is in tests/interop/.)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ROOT, loadApi, sop } from './helpers.mjs';

const api = await loadApi();
const dir = mkdtempSync(join(tmpdir(), 'sp-sop-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * What a run of the CLI gave: the exit status (null after a signal), stdout and stderr.
 * @typedef {Pick<ReturnType<typeof sop>, 'status' | 'stdout' | 'stderr'>} Result
 */

let n = 0;
/**
 * @param {string} name
 * @param {string | NodeJS.ArrayBufferView} data
 */
function file(name, data) {
  const path = join(dir, `${++n}-${name}`);
  writeFileSync(path, data);
  return path;
}
const fresh = (/** @type {string} */ name) => join(dir, `${++n}-${name}`);

/**
 * @param {Result} r
 * @param {string} what
 */
function ok(r, what) {
  assert.equal(r.status, 0, `${what}: exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/**
 * The command fails with `exit` and writes nothing to stdout.
 * @param {Result} r
 * @param {number} exit
 */
function fails(r, exit) {
  assert.equal(r.status, exit, `expected exit ${exit}, got ${r.status}: ${r.stderr}`);
  assert.equal(r.stdout.length, 0, 'nothing on stdout on failure');
  assert.ok(r.stderr.length > 0, 'a diagnostic on stderr');
}

const MESSAGE = Buffer.from('Maintenance on 24 July, 01:00–13:00 UTC.\nGrüße ✓\n');
const key = file('alice.key', ok(sop(['generate-key', 'Alice <alice@example.org>']), 'generate-key'));
const cert = file('alice.cert', ok(sop(['extract-cert'], { input: readFileSync(key) }), 'extract-cert'));
const [card] = await api.inspectKeys(readFileSync(cert));
const fingerprints = [card.fingerprintHex, ...card.subkeys.map((s) => s.fingerprint.replace(/\s/g, ''))];
const pw = file('password.txt', 'correct horse battery staple\n');

/**
 * Runs the SOP CLI with `fd3` readable on its file descriptor 3.
 * @param {string[]} args
 * @param {string | Uint8Array} input
 * @param {string | Uint8Array} fd3
 * @returns {Promise<Result>}
 */
function withFd3(args, input, fd3) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'sop.mjs'), ...args], { stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
    /** @type {Buffer[]} */
    const out = [];
    let stderr = '';
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out), stderr }));
    /** @type {import('node:stream').Writable} */ (child.stdio[3]).end(fd3);
    child.stdin.end(input);
  });
}

/**
 * @param {string} line a SOP verification line
 * @param {'binary' | 'text'} mode
 */
function assertLine(line, mode) {
  const [created, signing, primary, modeField] = line.split(' ');
  assert.match(created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.ok(Math.abs(Date.parse(created) - Date.now()) < 3600_000, created);
  assert.ok(fingerprints.includes(signing), `signing key ${signing}`);
  assert.equal(primary, card.fingerprintHex);
  assert.equal(modeField, `mode:${mode}`);
}

test('version, version --extended, --backend, --sop-spec', () => {
  assert.match(ok(sop(['version']), 'version').toString(), /^sealpost-sop \d+\.\d+\.\d+\n$/);
  const extended = ok(sop(['version', '--extended']), 'version --extended').toString().split('\n');
  assert.match(extended[0], /^sealpost-sop \d+\.\d+\.\d+$/);
  assert.ok(extended.length > 2);
  assert.match(ok(sop(['version', '--backend']), 'backend').toString(), /sequoia-openpgp/);
  assert.match(ok(sop(['version', '--sop-spec']), 'sop-spec').toString(), /^~?draft-dkg-openpgp-stateless-cli-\d+\n/);
  fails(sop(['version', '--backend', '--extended']), 83);
});

test('list-profiles names the default first', () => {
  const gen = ok(sop(['list-profiles', 'generate-key']), 'list-profiles').toString().split('\n').filter(Boolean);
  assert.deepEqual(gen.map((l) => l.split(':')[0]), ['cv25519', 'rfc4880', 'rfc9580']);
  const enc = ok(sop(['list-profiles', 'encrypt']), 'list-profiles').toString().split('\n').filter(Boolean);
  assert.deepEqual(enc.map((l) => l.split(':')[0]), ['rfc4880', 'rfc9580']);
  fails(sop(['list-profiles', 'sign']), 89);
  fails(sop(['list-profiles']), 19);
});

test('generate-key, extract-cert, encrypt, decrypt: the exact bytes come back', () => {
  const ct = ok(sop(['encrypt', cert], { input: MESSAGE }), 'encrypt');
  assert.match(ct.toString(), /^-----BEGIN PGP MESSAGE-----\r?\n/);
  assert.deepEqual(ok(sop(['decrypt', key], { input: ct }), 'decrypt'), MESSAGE);
  const binary = ok(sop(['encrypt', '--no-armor', cert], { input: MESSAGE }), 'encrypt --no-armor');
  assert.equal(binary[0] & 0x80, 0x80);
  assert.deepEqual(ok(sop(['decrypt', key], { input: binary }), 'decrypt'), MESSAGE);
});

test('generate-key --profile=rfc9580 makes a v6 key; encrypt picks SEIPDv2 for it', async () => {
  const v6 = ok(sop(['generate-key', '--profile=rfc9580', 'Carol <carol@example.org>']), 'generate-key');
  const v6cert = file('carol.cert', ok(sop(['extract-cert'], { input: v6 }), 'extract-cert'));
  assert.equal((await api.inspectKeys(readFileSync(v6cert)))[0].version, 6);
  const ct = ok(sop(['encrypt', v6cert], { input: MESSAGE }), 'encrypt');
  assert.deepEqual(ok(sop(['decrypt', file('carol.key', v6)], { input: ct }), 'decrypt'), MESSAGE);
  fails(sop(['encrypt', '--profile=rfc4880', v6cert], { input: MESSAGE }), 89);
  fails(sop(['generate-key', '--profile=rsa1024', 'X']), 89);
});

test('sign and verify: one verification line with both fingerprints', () => {
  const sig = file('msg.sig', ok(sop(['sign', key], { input: MESSAGE }), 'sign'));
  const lines = ok(sop(['verify', sig, cert], { input: MESSAGE }), 'verify').toString().split('\n').filter(Boolean);
  assert.equal(lines.length, 1);
  assertLine(lines[0], 'binary');
  fails(sop(['verify', sig, cert], { input: Buffer.concat([MESSAGE, Buffer.from('x')]) }), 3);
  fails(sop(['verify', '--not-before=2099-01-01T00:00:00Z', sig, cert], { input: MESSAGE }), 3);
  fails(sop(['verify', '--not-after=2000-01-01T00:00:00Z', sig, cert], { input: MESSAGE }), 3);
});

test('sign --as=text: mode:text; binary input is EXPECTED_TEXT', () => {
  const sig = file('text.sig', ok(sop(['sign', '--as=text', key], { input: MESSAGE }), 'sign'));
  const [line] = ok(sop(['verify', sig, cert], { input: MESSAGE }), 'verify').toString().split('\n');
  assertLine(line, 'text');
  fails(sop(['sign', '--as=text', key], { input: Buffer.from([0xff, 0xfe, 0x00]) }), 53);
});

test('sign --micalg-out writes the PGP/MIME micalg', () => {
  const out = fresh('micalg');
  ok(sop(['sign', `--micalg-out=${out}`, key], { input: MESSAGE }), 'sign');
  assert.equal(readFileSync(out, 'utf8'), 'pgp-sha512', 'the hash Sealpost signs with');
});

test('inline-sign, inline-verify, inline-detach', () => {
  for (const as of ['binary', 'text', 'clearsigned']) {
    const signed = ok(sop(['inline-sign', `--as=${as}`, key], { input: MESSAGE }), `inline-sign --as=${as}`);
    const out = fresh('verifications');
    assert.deepEqual(ok(sop(['inline-verify', `--verifications-out=${out}`, cert], { input: signed }), 'inline-verify'), MESSAGE);
    assertLine(readFileSync(out, 'utf8').trim(), as === 'binary' ? 'binary' : 'text');
    const sigs = fresh('sigs');
    const text = ok(sop(['inline-detach', `--signatures-out=${sigs}`], { input: signed }), 'inline-detach');
    // inline-detach gives exactly the signed data, which the detached
    // signature must verify; in a cleartext message the final line break
    // belongs to the framing, so it is not part of that data.
    assert.deepEqual(text, as === 'clearsigned' ? MESSAGE.subarray(0, -1) : MESSAGE);
    assertLine(ok(sop(['verify', sigs, cert], { input: text }), 'verify').toString().trim(), as === 'binary' ? 'binary' : 'text');
  }
  fails(sop(['inline-sign', '--as=clearsigned', '--no-armor', key], { input: MESSAGE }), 83);
  fails(sop(['inline-detach'], { input: MESSAGE }), 19);
});

test('encrypt --sign-with, decrypt --verify-with --verifications-out', () => {
  const ct = ok(sop(['encrypt', `--sign-with=${key}`, cert], { input: MESSAGE }), 'encrypt');
  const out = fresh('verifications');
  assert.deepEqual(ok(sop(['decrypt', `--verify-with=${cert}`, `--verifications-out=${out}`, key], { input: ct }), 'decrypt'), MESSAGE);
  assertLine(readFileSync(out, 'utf8').trim(), 'binary');
  fails(sop(['decrypt', `--verify-with=${cert}`, key], { input: ct }), 23);
});

test('passwords: encrypt --with-password, decrypt tries it with and without trailing whitespace', () => {
  const ct = ok(sop(['encrypt', `--with-password=${pw}`], { input: MESSAGE }), 'encrypt');
  assert.deepEqual(ok(sop(['decrypt', `--with-password=${pw}`], { input: ct }), 'decrypt'), MESSAGE);
  const bare = file('bare.txt', 'correct horse battery staple');
  assert.deepEqual(ok(sop(['decrypt', `--with-password=${bare}`], { input: ct }), 'decrypt'), MESSAGE);
  fails(sop(['decrypt', `--with-password=${file('wrong.txt', 'wrong')}`], { input: ct }), 29);
  fails(sop(['encrypt', `--with-password=${file('latin1.txt', Buffer.from([0x70, 0xe4]))}`], { input: MESSAGE }), 31);
});

test('key passwords: generate-key --with-key-password, then @ENV: and @FD: designators', async () => {
  const locked = file('locked.key', ok(sop(['generate-key', `--with-key-password=${pw}`, 'Dave <dave@example.org>']), 'generate-key'));
  const lockedCert = file('locked.cert', ok(sop(['extract-cert'], { input: readFileSync(locked) }), 'extract-cert'));
  const ct = ok(sop(['encrypt', lockedCert], { input: MESSAGE }), 'encrypt');
  fails(sop(['decrypt', locked], { input: ct }), 67);
  fails(sop(['decrypt', `--with-key-password=${file('nope.txt', 'nope')}`, locked], { input: ct }), 67);
  // Each unlock costs a key derivation (seconds in wasm): one per designator.
  const env = { SEALPOST_PW: 'correct horse battery staple' };
  assert.deepEqual(ok(sop(['decrypt', '--with-key-password=@ENV:SEALPOST_PW', locked], { input: ct, env }), 'decrypt @ENV'), MESSAGE);
  const fd = await withFd3(['sign', '--with-key-password=@FD:3', locked], MESSAGE, 'correct horse battery staple\n');
  assert.equal(fd.status, 0, fd.stderr);
  assert.equal(ok(sop(['verify', file('locked.sig', fd.stdout), lockedCert], { input: MESSAGE }), 'verify').toString().split('\n').length, 2);
});

test('change-key-password and revoke-key', () => {
  const locked = ok(sop(['change-key-password', `--new-key-password=${pw}`], { input: readFileSync(key) }), 'change-key-password');
  const ct = ok(sop(['encrypt', cert], { input: MESSAGE }), 'encrypt');
  fails(sop(['decrypt', file('relocked.key', locked)], { input: ct }), 67);
  const unlocked = ok(sop(['change-key-password', `--old-key-password=${pw}`], { input: locked }), 'change-key-password');
  assert.deepEqual(ok(sop(['decrypt', file('unlocked.key', unlocked)], { input: ct }), 'decrypt'), MESSAGE);
  const bob = ok(sop(['generate-key', 'Bob <bob@example.org>']), 'generate-key');
  const revoked = file('bob.revoked', ok(sop(['revoke-key'], { input: bob }), 'revoke-key'));
  assert.match(readFileSync(revoked, 'utf8'), /^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
  fails(sop(['encrypt', revoked], { input: MESSAGE }), 17);
});

test('armor and dearmor round-trip and are idempotent', () => {
  const binary = ok(sop(['dearmor'], { input: readFileSync(cert) }), 'dearmor');
  assert.equal(binary[0] & 0x80, 0x80);
  assert.deepEqual(ok(sop(['dearmor'], { input: binary }), 'dearmor twice'), binary);
  const armored = ok(sop(['armor'], { input: binary }), 'armor');
  assert.match(armored.toString(), /^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
  assert.deepEqual(ok(sop(['armor'], { input: armored }), 'armor twice'), armored);
  assert.deepEqual(ok(sop(['dearmor'], { input: armored }), 'dearmor'), binary);
  fails(sop(['dearmor'], { input: Buffer.from('not OpenPGP at all') }), 41);
});

test('exit codes for usage errors, with nothing on stdout', () => {
  fails(sop(['frobnicate']), 69);
  fails(sop(['certify-userid']), 69);
  fails(sop(['sign', '--frob', key], { input: MESSAGE }), 37);
  fails(sop(['sign'], { input: MESSAGE }), 19);
  fails(sop(['encrypt'], { input: MESSAGE }), 19);
  fails(sop(['decrypt'], { input: MESSAGE }), 19);
  fails(sop(['sign', join(dir, 'no-such.key')], { input: MESSAGE }), 61);
  fails(sop(['sign', '@HTTP:example'], { input: MESSAGE }), 71);
  fails(sop(['sign', `--micalg-out=${pw}`, key], { input: MESSAGE }), 59);
  // decrypt takes session keys in and out; encrypt does not give its own.
  fails(sop(['encrypt', `--session-key-out=${fresh('sk')}`, cert], { input: MESSAGE }), 37);
  fails(sop(['decrypt', `--with-session-key=${file('junk.sessionkey', 'not a session key')}`], { input: MESSAGE }), 41);
  fails(sop(['encrypt', '--as=mime', cert], { input: MESSAGE }), 37);
  fails(sop(['sign', cert], { input: MESSAGE }), 41);
  fails(sop(['decrypt', key], { input: Buffer.from('plain text, not a message') }), 41);
  const other = file('other.key', ok(sop(['generate-key', 'Other <other@example.org>']), 'generate-key'));
  fails(sop(['decrypt', other], { input: ok(sop(['encrypt', cert], { input: MESSAGE }), 'encrypt') }), 29);
});

test('a failed decrypt writes no --verifications-out file', () => {
  const out = fresh('verifications');
  const other = file('other2.key', ok(sop(['generate-key', 'Other <other2@example.org>']), 'generate-key'));
  const ct = ok(sop(['encrypt', `--sign-with=${key}`, cert], { input: MESSAGE }), 'encrypt');
  fails(sop(['decrypt', `--verify-with=${cert}`, `--verifications-out=${out}`, other], { input: ct }), 29);
  assert.equal(existsSync(out), false);
});

test('generate-key with no user ID makes a key that works', () => {
  const nameless = file('nameless.key', ok(sop(['generate-key']), 'generate-key'));
  const c = file('nameless.cert', ok(sop(['extract-cert'], { input: readFileSync(nameless) }), 'extract-cert'));
  const ct = ok(sop(['encrypt', c], { input: MESSAGE }), 'encrypt');
  assert.deepEqual(ok(sop(['decrypt', nameless], { input: ct }), 'decrypt'), MESSAGE);
});

test('a signing key too weak to use is KEY_CANNOT_SIGN (79), and DSA + ElGamal keys work', () => {
  const data = join(ROOT, 'tests/data/pgp/keys');
  fails(sop(['sign', join(data, 'weak_rsa1024_sec.asc')], { input: MESSAGE }), 79);
  fails(sop(['inline-sign', join(data, 'weak_rsa1024_sec.asc')], { input: MESSAGE }), 79);
  const olga = join(data, 'olga_dsa2048_elg2048_sec.asc');
  const olgaCert = join(data, 'olga_dsa2048_elg2048_pub.asc');
  const ct = ok(sop(['encrypt', `--sign-with=${olga}`, olgaCert], { input: MESSAGE }), 'encrypt to ElGamal');
  const out = fresh('olga.verifications');
  assert.deepEqual(ok(sop(['decrypt', `--verifications-out=${out}`, `--verify-with=${olgaCert}`, olga], { input: ct }), 'decrypt'), MESSAGE);
  assert.match(readFileSync(out, 'utf8'), /^\S+ [0-9A-F]{40} [0-9A-F]{40}/);
});
