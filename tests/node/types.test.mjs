// www/sealpost.d.ts cannot drift from what the build returns: every export
// of www/sealpost.js is called over the real wasm build, and each call and
// its result are written out as TypeScript (the call with its arguments,
// the result as a literal assigned to the type the .d.ts gives the call).
// `tsc --strict` then fails on an argument the .d.ts refuses, on a field the
// .d.ts does not declare (excess property checks reach into nested objects
// and arrays), on a declared field the result lacks, and on a value of
// another type. An export without a sample call fails the test, so a new
// function is picked up by itself. The README's examples, typed, are
// tests/types/example.ts, checked the same way.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ROOT, loadApi } from './helpers.mjs';

const api = await loadApi();
/** The exports by name, for the calls below whose names are data. */
const byName = /** @type {Record<string, (...args: unknown[]) => unknown>} */ (/** @type {unknown} */ (api));
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');
const NOW = Date.UTC(2026, 6, 20, 12);
const START = Date.UTC(2026, 6, 24, 1);
const END = Date.UTC(2026, 6, 24, 13);

const pass = 'correct horse';
const alice = await api.generateKey({ userIds: ['Alice <alice@example.org>'], passphrase: pass });
const carol = await api.generateKey({ userIds: ['Carol <carol@example.org>'], profile: 'rfc9580' });
const aliceKey = { key: alice.secretKey, passphrase: pass };
const sealed = await api.encrypt({ plaintext: 'Meet at noon.', recipients: [alice.publicKey], signers: [aliceKey] });
const cleartext = await api.sign({ plaintext: 'Hi', signers: [aliceKey], mode: 'cleartext' });
const detached = await api.sign({ plaintext: 'Hi', signers: [aliceKey] });
const inline = await api.sign({ plaintext: 'Hi', signers: [aliceKey], mode: 'inline' });
const fragment = await api.shareFragment({ start: START, end: END, zone: 'UTC', text: 'x', zones: ['Europe/Berlin'] });
const MAIL = join(ROOT, 'tests', 'data', 'mail');
const mailText = (/** @type {string[]} */ ...path) => readFileSync(join(MAIL, ...path), 'utf8');
const bounce = mailText('bounces', 'eml', 'rfc3464-06.eml');
const headers = mailText('headers', 'gmail-strong.eml');
const pgpEncrypted = mailText('pgp-mime', 'encrypted_to_alice.eml');
const pgpSigned = mailText('pgp-mime', 'signed_by_alice.eml');
const alicePub = readFileSync(join(ROOT, 'tests', 'data', 'pgp', 'keys', 'alice_cv25519_pub.asc'), 'utf8');
const wasm = await import('node:fs').then((fs) => fs.readFileSync(join(ROOT, 'www', 'pkg', 'sealpost_window_bg.wasm')));

/**
 * Sample calls of every export: `[name, ...arguments]`. Several per function
 * where its result's shape depends on the options (armor, details, mode).
 * @type {[string, ...unknown[]][]}
 */
const CALLS = [
  ['engine'],
  ['load', 'window'],
  ['supply', 'sealpost_window_bg.wasm', new Uint8Array(wasm)],
  ['compileModule', 'window'],
  ['buildInfo'],
  ['errorCodes'],
  ['inspectKeys', alice.publicKey, { now: NOW }],
  ['inspectKeys', alice.secretKey],
  ['encrypt', { plaintext: 'Hi', recipients: [alice.publicKey] }],
  ['encrypt', { plaintext: 'Hi', passwords: 'pw', armor: false }],
  ['encrypt', { plaintext: 'Hi', recipients: alice.publicKey, details: true }],
  ['encrypt', { plaintext: 'Hi', recipients: [carol.publicKey], details: true, profile: 'rfc9580' }],
  ['encrypt', { message: 'Hi', passwords: ['pw'], armor: false, details: true }],
  ['decrypt', { message: sealed, keys: [aliceKey], verifyWith: [alice.publicKey] }],
  ['decrypt', { message: await api.encrypt({ plaintext: new Uint8Array([0, 255]), passwords: 'pw' }), passwords: 'pw' }],
  ['decrypt', { message: sealed, keys: aliceKey, revealSessionKey: true }],
  ['sign', { plaintext: 'Hi', signers: [aliceKey] }],
  ['sign', { plaintext: 'Hi', signers: aliceKey, details: true }],
  ['sign', { plaintext: 'Hi', signers: [aliceKey], mode: 'inline', details: true }],
  ['sign', { plaintext: 'Hi', signers: [aliceKey], mode: 'cleartext', details: true }],
  ['verify', { message: cleartext, certs: [alice.publicKey] }],
  ['verify', { message: inline, certs: alice.publicKey }],
  ['verify', { plaintext: 'Hi', signature: detached, certs: [alice.publicKey] }],
  ['generateKey', { userIds: ['Bob <bob@example.org>'], signingOnly: true, now: NOW }],
  ['changeKeyPassphrase', { key: alice.secretKey, oldPassphrases: pass, newPassphrase: 'new' }],
  ['changeKeyPassword', { key: alice.secretKey, oldPassphrases: [pass], armor: false }],
  ['revokeKey', { key: alice.secretKey, passphrases: pass, reason: 'lost' }],
  ['setKeyExpiry', { key: alice.secretKey, passphrases: pass, expires: Date.now() + 365 * 86_400_000, now: Date.now() }],
  ['extractCert', { key: alice.secretKey }],
  ['inlineDetach', { message: inline }],
  ['armor', await api.dearmor(alice.publicKey), 'key'],
  ['dearmor', alice.publicKey],
  ['parseWindow', { text: 'On 24 July between 01:00 and 13:00 UTC', zones: ['America/Vancouver'], readerZone: 'Europe/Berlin', reference: NOW }],
  ['parseWindow', { text: 'Window 1: 24 July 01:00-02:00 UTC. Window 2: 25 July 01:00-02:00 UTC.', reference: NOW }],
  ['windowFromFields', { date: '2026-07-24', start: '01:00', end: '13:00', zone: 'UTC', zones: ['Asia/Tokyo'] }],
  ['convertWindow', START, END, ['Europe/Berlin', 'America/New_York']],
  ['windowStatus', START, END, NOW],
  ['windowIcs', { start: START, end: END, summary: 'Maintenance', now: NOW }],
  ['googleCalendarUrl', { start: START, end: END }],
  ['shareFragment', { windows: [{ startMs: START, endMs: END }], zone: 'UTC' }],
  ['readFragment', fragment],
  ['windowTable', { start: START, end: END, zones: ['Europe/Berlin'], format: 'markdown', rowNames: 'zone' }],
  ['zoneNames'],
  ['readBounce', { message: bounce }],
  ['readHeaders', { message: headers }],
  ['encryptedPart', { message: pgpEncrypted }],
  ['signedParts', { message: pgpSigned }],
  ['openMime', { message: pgpSigned }],
  ['verifySigned', { message: pgpSigned, certs: alicePub }],
];

/**
 * `v` as a TypeScript argument expression (bytes kept whole).
 * @param {unknown} v
 * @returns {string}
 */
function arg(v) {
  if (v instanceof Uint8Array) return `new Uint8Array([${[...v].join(',')}])`;
  if (Array.isArray(v)) return `[${v.map(arg).join(', ')}]`;
  if (v && typeof v === 'object') return `{ ${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${arg(x)}`).join(', ')} }`;
  return v === undefined ? 'undefined' : JSON.stringify(v);
}

/**
 * `v` as a TypeScript literal of the same shape: every key, every value's type.
 * @param {unknown} v
 * @returns {string}
 */
function literal(v) {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'function') return '((() => undefined) as never)';
  if (v instanceof Uint8Array) return `new Uint8Array(${v.length})`;
  if (typeof WebAssembly !== 'undefined' && v instanceof WebAssembly.Module) return '({} as WebAssembly.Module)';
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    assert.ok(proto === null || proto === Object.prototype, `a plain object, not a ${proto?.constructor?.name}`);
    const fields = Object.entries(v).filter(([, x]) => x !== undefined);
    return `{ ${fields.map(([k, x]) => `${JSON.stringify(k)}: ${literal(x)}`).join(', ')} }`;
  }
  return JSON.stringify(v);
}

const dir = mkdtempSync(join(tmpdir(), 'sealpost-types-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs tsc --strict over `project`; the output when it fails.
 * @param {string} project its tsconfig.json
 */
function tsc(project) {
  const r = spawnSync(TSC, ['-p', project], { encoding: 'utf8' });
  assert.ok(r.error === undefined, `${TSC} runs (npm install installs TypeScript): ${r.error?.message}`);
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

const IMPORT = `import * as api from ${JSON.stringify(join(ROOT, 'www', 'sealpost.js'))};`;

/**
 * Type-checks `lines` of TypeScript (after IMPORT) in `dir`.
 * @param {string[]} lines
 */
function checkLines(lines) {
  writeFileSync(join(dir, 'calls.ts'), `${[IMPORT, ...lines].join('\n')}\n`);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'], types: [] },
      files: ['calls.ts'],
    }),
  );
  return tsc(join(dir, 'tsconfig.json'));
}

/**
 * The TypeScript of one call and its result: the result must fit the type the .d.ts gives the call.
 * @param {number} i
 * @param {string} name
 * @param {unknown[]} args
 * @param {unknown} result
 */
function typed(i, name, args, result) {
  return [
    `export async function call${i}() {`,
    `  const r = await api.${name}(${args.map(arg).join(', ')});`,
    `  const shape: typeof r = ${literal(result)};`,
    '  return shape;',
    '}',
  ];
}

/**
 * Makes every call of `calls` and type-checks the calls and their results.
 * @param {[string, ...unknown[]][]} calls `[name, ...arguments]`, as CALLS
 */
async function check(calls) {
  const lines = [];
  for (const [i, [name, ...args]] of calls.entries()) {
    let result;
    try {
      result = await byName[name](...args);
    } catch (thrown) {
      const e = /** @type {NodeJS.ErrnoException} */ (thrown);
      assert.fail(`sample call ${i}, ${name}(): ${e.message}`);
    }
    lines.push(...typed(i, name, args, result));
  }
  return checkLines(lines);
}

test('every export of www/sealpost.js has a sample call here', () => {
  const exported = Object.keys(api).filter((k) => typeof byName[k] === 'function');
  const called = new Set(CALLS.map(([name]) => name));
  assert.deepEqual(
    exported.filter((k) => !called.has(k)),
    [],
    'add a sample call of each to CALLS',
  );
  assert.deepEqual(
    Object.keys(api).filter((k) => typeof byName[k] !== 'function'),
    [],
  );
});

test('the .d.ts declares what every export really takes and returns (tsc --strict)', async () => {
  const { ok, out } = await check(CALLS);
  assert.ok(ok, out);
});

test('the check fails on a field the .d.ts does not declare', async () => {
  // See: issue 11: `decrypt` returned `compressed` while the .d.ts did not say so.
  const { ok, out } = checkLines(typed(0, 'buildInfo', [], { ...(await api.buildInfo()), undeclared: true }));
  assert.equal(ok, false, 'an undeclared field is found');
  assert.match(out, /undeclared/);
});

test('the check fails on a value of another type', async () => {
  const { ok } = checkLines(typed(0, 'windowStatus', [START, END, NOW], { ...(await api.windowStatus(START, END, NOW)), seconds: 'soon' }));
  assert.equal(ok, false);
});

test("the README's examples type-check (tests/types/example.ts, tsc --strict)", () => {
  const { ok, out } = tsc(join(ROOT, 'tests', 'types', 'tsconfig.json'));
  assert.ok(ok, out);
});
