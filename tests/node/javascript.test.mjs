// The JavaScript build (wasm2js) gives the same results and the same error
// codes as the WebAssembly build: the same work (lib/same-work.mjs) runs in
// plain Node and in `node --jitless`, which has no WebAssembly, as in Tor
// Browser at "Safer". Only the operations that would take minutes there
// differ: they are refused, with their code.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { ROOT } from './helpers.mjs';

const SCRIPT = join(ROOT, 'tests', 'node', 'lib', 'same-work.mjs');

/** @param {string[]} flags node's, before the script */
function work(flags) {
  const r = spawnSync(process.execPath, [...flags, SCRIPT], { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('the JavaScript build does the same work with the same results and codes', { timeout: 600_000 }, () => {
  const wasm = work([]);
  const js = work(['--jitless']);
  assert.deepEqual(wasm.engine, { kind: 'webassembly', reason: null });
  assert.deepEqual(js.engine, { kind: 'javascript', reason: 'webassembly-missing' });
  for (const name of Object.keys(wasm).filter((k) => k !== 'engine')) {
    assert.deepEqual(js[name], wasm[name], name);
  }
  // A sample of what was compared, so that an empty run cannot pass.
  assert.equal(wasm.unknownZone.code, 'unknown-time-zone');
  assert.equal(wasm.tampered.code, 'manipulated-message');
  assert.equal(wasm.wrongKey.code, 'wrong-key');
  assert.equal(wasm.rsaDecrypt.ok, wasm.decrypt3des.ok);
  assert.equal(wasm.roundTripGrowsMemory.ok, true);
  assert.match(wasm.parseWindow.ok.views[1].label, /^23[-–]24 July, 18:00[-–]06:00$/);
  assert.equal(wasm.gnupgProtectedWrong.code, 'bad-passphrase');
  assert.equal(wasm.gnupgProtectedRetry.ok, 'to bob');
  for (const profile of ['cv25519', 'rfc9580']) {
    assert.deepEqual(wasm[`protectedKey_${profile}`].ok, {
      first: ['bad-passphrase', 'locked', 'key-locked'],
      second: ['bad-passphrase', 'locked'],
      revoked: 'string',
    });
  }
  for (const profile of ['rfc4880', 'rfc9580']) {
    assert.deepEqual(wasm[`passwords_${profile}`].ok, { seipd: profile === 'rfc4880' ? 1 : 2, right: 'to a password', wrong: 'wrong-password' });
  }
  assert.match(wasm.gnupgPassword.ok, /^Hello from GnuPG/);
  assert.equal(wasm.gnupgPasswordWrong.code, 'wrong-password');
  assert.match(wasm.argon2Cheap.ok, /^Hello from GnuPG/);
  // Argon2 above one pass over 4 MiB is refused there, with the cost named.
  assert.equal(js.argon2Costly.code, 'too-slow-without-webassembly');
  assert.match(js.argon2Costly.message, /Argon2 password hashing asks for 3 passes over 64 MiB of memory/);
  // RSA key generation and costly Argon2 are refused there; passphrases and passwords work.
  assert.equal(js.rsaKey.code, 'too-slow-without-webassembly');
  assert.match(js.rsaKey.message, /not offered in this browser: without WebAssembly it would take many minutes/);
});
