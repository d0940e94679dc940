// `sealpost bounce` and `sealpost headers` (bin/sealpost.mjs) over the wasm
// build, on real messages of the corpus (tests/data/mail).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, cli, loadApi } from './helpers.mjs';

await loadApi(); // fails clearly when the wasm build is missing

const MAIL = join(ROOT, 'tests', 'data', 'mail');
const BLOCKED = join(MAIL, 'bounces', 'eml', 'lhost-amazonses-14.eml');
const NO_SUCH_ADDRESS = join(MAIL, 'bounces', 'eml', 'rfc3464-06.eml');
const AUTOREPLY = join(MAIL, 'not-bounces', 'autoreply-out-of-office.eml');
const HEADERS = join(MAIL, 'headers', 'clear-and-outdated.eml');
const MICROSOFT = join(MAIL, 'headers', 'microsoft.eml');

/** @typedef {import('../../www/sealpost.js').Bounce} Bounce */
/** @typedef {import('../../www/sealpost.js').Headers} Headers */

/** @type {(args: string[], options?: Parameters<typeof cli>[2]) => ReturnType<typeof cli>} */
const sealpost = (args, options) => cli('sealpost.mjs', args, options);

test('bounce --json, one file: exactly one object, the documented fields', () => {
  const r = sealpost(['bounce', '--json', BLOCKED]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.text.trim().split('\n').length, 1);
  const out = /** @type {Bounce} */ (JSON.parse(r.text));
  assert.deepEqual(Object.keys(out), ['bounce', 'kind', 'recipients', 'original', 'reportingMta', 'warnings']);
  assert.equal(out.bounce, true);
  assert.deepEqual(
    out.recipients.map((x) => [x.address, x.category, x.status, x.replyCode]),
    [['sironeko@neko.example.org', 'blocked', '5.7.1', 554]],
  );
  assert.deepEqual(Object.keys(out.recipients[0]), ['address', 'category', 'reason', 'status', 'replyCode', 'remoteHost', 'diagnostic', 'action']);
});

test('bounce, readable: the verdict first, then each recipient and what to do', () => {
  const r = sealpost(['bounce', NO_SUCH_ADDRESS]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.text.split('\n');
  assert.equal(lines[0], 'No such address: check it');
  assert.match(r.text, /Recipient: kijitora@example\.net/);
  assert.match(r.text, /The remote server said: 554 <kijitora@example\.net>\.\.\. Service unavailable/);
  assert.match(r.text, /What to do: Check the address/);
});

test('bounce --json, several files: one line each with its file; a failure in its own line and exit 1', () => {
  const missing = join(MAIL, 'no-such-file.eml');
  const r = sealpost(['bounce', '--json', BLOCKED, missing, AUTOREPLY]);
  assert.equal(r.status, 1);
  const lines = r.text.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 3);
  assert.deepEqual(lines.map((l) => l.file), [BLOCKED, missing, AUTOREPLY]);
  assert.equal(lines[0].recipients[0].category, 'blocked');
  assert.deepEqual(Object.keys(lines[1]), ['file', 'error']);
  assert.equal(lines[1].error.code, 'file-unreadable');
  assert.match(lines[1].error.message, /no such file/);
  assert.equal(lines[2].bounce, false);
  assert.equal(lines[2].kind, 'auto-reply');
});

test('bounce reads standard input with "-" and with no file', () => {
  const input = readFileSync(BLOCKED);
  for (const args of [['bounce', '--json', '-'], ['bounce', '--json']]) {
    const r = sealpost(args, { input });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.text).recipients[0].category, 'blocked');
  }
});

test('bounce: not a message is an error object and exit 1; readable errors go to stderr', () => {
  const r = sealpost(['bounce', '--json', '-'], { input: '' });
  assert.equal(r.status, 1);
  assert.deepEqual(Object.keys(JSON.parse(r.text)), ['error']);
  assert.equal(JSON.parse(r.text).error.code, 'not-a-message');
  const plain = sealpost(['bounce', '-'], { input: '' });
  assert.equal(plain.status, 1);
  assert.equal(plain.text, '');
  assert.match(plain.stderr, /not-a-message/);
});

test('headers --json: hops, authentication, summary', () => {
  const r = sealpost(['headers', '--json', HEADERS]);
  assert.equal(r.status, 0, r.stderr);
  const out = /** @type {Headers} */ (JSON.parse(r.text));
  assert.deepEqual(Object.keys(out), ['hops', 'authentication', 'summary', 'subject', 'warnings']);
  assert.deepEqual(out.hops.map((h) => h.encryption), ['local', 'none', 'weak', 'local']);
  assert.ok(out.authentication.some((a) => a.method === 'dmarc' && a.result === 'fail'));
  assert.match(out.summary.encryption, /Sent in the clear between pc17\.office\.old\.example and relay\.old\.example/);
});

test('headers, readable, several files: a heading each, hops with badges, the summary', () => {
  const r = sealpost(['headers', HEADERS, MICROSOFT]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.text, new RegExp(`^== ${HEADERS.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ==\n`));
  assert.match(r.text, /2\. \[clear\] pc17\.office\.old\.example \(192\.0\.2\.77\) -> relay\.old\.example/);
  assert.match(r.text, /3\. \[weak\] relay\.old\.example/);
  assert.match(r.text, /\[strong\] mail\.partner\.example/);
  assert.match(r.text, /can be forged/);
});

test('usage: --help, and an unknown option exits 2', () => {
  const help = sealpost(['headers', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.text, /^Usage: sealpost headers \[--json\] \[FILE\.\.\.\]/);
  const bad = sealpost(['bounce', '--nope']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /Usage: sealpost bounce/);
  assert.match(sealpost(['--help']).text, /bounce \[--json\] \[FILE\.\.\.\]/);
});
