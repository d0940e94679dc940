// The SOP CLI's helpers that need no wasm: arguments, exit codes,
// designators.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { dateArg, parseArgs } from '../../bin/lib/sop/args.mjs';
import { EXIT, exitCodeFor, mappedCodes } from '../../bin/lib/sop/exit.mjs';
import { newPassword, outputTarget, passwordsToTry, readInput } from '../../bin/lib/sop/io.mjs';

/**
 * The exit code that `fn` throws with, or EXIT.OK when it returns.
 * @param {() => unknown} fn
 */
function exitOf(fn) {
  try {
    fn();
  } catch (thrown) {
    const e = /** @type {Error & { exitCode?: number }} */ (thrown);
    return e.exitCode;
  }
  return EXIT.OK;
}

test('parseArgs reads --opt=value, --opt value, flags, positionals and --', () => {
  const a = parseArgs(['--as=text', '--with-key-password', 'pw', '--no-armor', 'key1', '--', '--not-an-option'], {
    flags: ['no-armor'],
    single: ['as'],
    multi: ['with-key-password'],
  });
  assert.equal(a.value('as'), 'text');
  assert.deepEqual(a.values('with-key-password'), ['pw']);
  assert.equal(a.flag('no-armor'), true);
  assert.deepEqual(a.positionals, ['key1', '--not-an-option']);
});

test('parseArgs refuses what it does not know, and missing values', () => {
  assert.equal(exitOf(() => parseArgs(['--frob'], {})), EXIT.UNSUPPORTED_OPTION);
  assert.equal(exitOf(() => parseArgs(['-x'], {})), EXIT.UNSUPPORTED_OPTION);
  assert.equal(exitOf(() => parseArgs(['--no-armor=yes'], { flags: ['no-armor'] })), EXIT.UNSUPPORTED_OPTION);
  assert.equal(exitOf(() => parseArgs(['--as'], { single: ['as'] })), EXIT.MISSING_ARG);
  assert.equal(exitOf(() => parseArgs(['--as=text', '--as=binary'], { single: ['as'] })), EXIT.UNSUPPORTED_OPTION);
});

test('dateArg reads ISO 8601, compact UTC, now and -', () => {
  const now = Date.parse('2026-11-29T00:00:00Z');
  assert.equal(dateArg('2024-01-02T03:04:05Z', 'x', { now }), Date.parse('2024-01-02T03:04:05Z'));
  assert.equal(dateArg('20240102T030405Z', 'x', { now }), Date.parse('2024-01-02T03:04:05Z'));
  assert.equal(dateArg('now', 'x', { now }), now);
  assert.equal(dateArg('-', 'x', { now }), null);
  assert.equal(exitOf(() => dateArg('yesterday-ish', 'x', { now })), EXIT.UNSUPPORTED_OPTION);
});

test('the exit code table maps each Sealpost code, by subcommand where it matters', () => {
  assert.equal(exitCodeFor('wrong-key', 'decrypt'), EXIT.CANNOT_DECRYPT);
  assert.equal(exitCodeFor('manipulated-message', 'decrypt'), EXIT.CANNOT_DECRYPT);
  assert.equal(exitCodeFor('bad-passphrase', 'sign'), EXIT.KEY_IS_PROTECTED);
  assert.equal(exitCodeFor('key-expired', 'sign'), EXIT.KEY_CANNOT_SIGN);
  assert.equal(exitCodeFor('key-expired', 'encrypt'), EXIT.CERT_CANNOT_ENCRYPT);
  assert.equal(exitCodeFor('unsupported-algorithm', 'decrypt'), EXIT.CANNOT_DECRYPT);
  assert.equal(exitCodeFor('unsupported-algorithm', 'encrypt'), EXIT.UNSUPPORTED_ASYMMETRIC_ALGO);
  assert.equal(exitCodeFor('no-valid-signature', 'verify'), EXIT.NO_SIGNATURE);
  assert.equal(exitCodeFor('not-openpgp', 'dearmor'), EXIT.BAD_DATA);
  assert.equal(exitCodeFor('internal', 'decrypt'), EXIT.GENERIC);
  for (const code of mappedCodes()) assert.match(code, /^[a-z]+(-[a-z]+)*$/);
});

test('designators: files, @ENV:, @FD:, unknown prefixes, existing outputs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sp-sop-lib-'));
  try {
    const file = join(dir, 'pw');
    writeFileSync(file, 'secret  \n');
    assert.equal(readInput(file).toString(), 'secret  \n');
    assert.equal(exitOf(() => readInput(join(dir, 'missing'))), EXIT.MISSING_INPUT);
    process.env.SEALPOST_TEST_PW = 'from env';
    assert.equal(readInput('@ENV:SEALPOST_TEST_PW').toString(), 'from env');
    assert.equal(exitOf(() => readInput('@ENV:SEALPOST_TEST_UNSET')), EXIT.MISSING_INPUT);
    assert.equal(exitOf(() => readInput('@HTTP:example')), EXIT.UNSUPPORTED_SPECIAL_PREFIX);
    assert.equal(newPassword(file), 'secret');
    assert.deepEqual(passwordsToTry([file]), ['secret', 'secret  \n']);
    const latin1 = join(dir, 'latin1');
    writeFileSync(latin1, Buffer.from([0x70, 0xe4, 0x73, 0x73]));
    assert.equal(exitOf(() => newPassword(latin1)), EXIT.PASSWORD_NOT_HUMAN_READABLE);
    assert.equal(exitOf(() => outputTarget(file)), EXIT.OUTPUT_EXISTS);
    assert.equal(exitOf(() => outputTarget('@ENV:X')), EXIT.UNSUPPORTED_SPECIAL_PREFIX);
    assert.deepEqual(outputTarget('@FD:3'), { fd: 3, name: '@FD:3' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

