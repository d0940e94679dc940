// `sealpost window` (bin/sealpost.mjs) over the wasm build.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cli, loadApi } from './helpers.mjs';

await loadApi(); // fails clearly when the wasm build is missing

const SENTENCE = 'On 24 July between 01:00 and 13:00 UTC we will be moving server NC018';
const REFERENCE = ['--reference', '2026-06-01T00:00:00Z'];

/**
 * What `--json` prints on success (windowJson in bin/lib/window.mjs); times are RFC 3339.
 * @typedef {{ zone: string, abbreviation: string, start: string, end: string, label: string }} ViewJson
 * @typedef {{ start: string, end: string, views: ViewJson[] }} SpanJson
 * @typedef {SpanJson & { warnings: { code: string, message: string }[], windows: SpanJson[] }} WindowJson
 */

/** @param {string[]} args after `sealpost window` */
function window(args) {
  return cli('sealpost.mjs', ['window', ...args]);
}

test('--json prints exactly the documented object for the first sentence', () => {
  const r = window([...REFERENCE, '--json', SENTENCE]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.text.trim().split('\n').length, 1, 'one JSON object on one line');
  const out = /** @type {WindowJson} */ (JSON.parse(r.text));
  assert.deepEqual(Object.keys(out), ['start', 'end', 'warnings', 'views', 'windows']);
  assert.deepEqual(out.windows, [{ start: out.start, end: out.end, views: out.views }]);
  assert.equal(out.start, '2026-07-24T01:00:00Z');
  assert.equal(out.end, '2026-07-24T13:00:00Z');
  assert.ok(Array.isArray(out.warnings));
  for (const w of out.warnings) assert.deepEqual(Object.keys(w), ['code', 'message']);
  assert.deepEqual(out.views.map((v) => v.zone), ['UTC', 'America/Vancouver', 'Africa/Lusaka', 'Australia/Perth']);
  for (const v of out.views) {
    assert.deepEqual(Object.keys(v), ['zone', 'abbreviation', 'start', 'end', 'label']);
    assert.match(v.start, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/, 'RFC 3339 with offset');
    assert.equal(Date.parse(v.start), Date.parse(out.start));
    assert.equal(Date.parse(v.end), Date.parse(out.end));
  }
  const pdt = out.views[1];
  assert.equal(pdt.abbreviation, 'PDT');
  assert.equal(pdt.start, '2026-07-23T18:00:00-07:00');
  assert.equal(pdt.end, '2026-07-24T06:00:00-07:00');
  assert.equal(pdt.label, '23-24 July, 18:00-06:00');
  assert.equal(out.views[3].start, '2026-07-24T09:00:00+08:00');
});

test('several windows: every one in --json, and a table for each', () => {
  const text = 'Window 1: 24 July 01:00-03:00 UTC\nWindow 2: 26 July 01:00-03:00 UTC';
  const r = window([...REFERENCE, '--zone', 'Asia/Tokyo', '--json', text]);
  assert.equal(r.status, 0, r.stderr);
  const out = /** @type {WindowJson} */ (JSON.parse(r.text));
  assert.deepEqual(
    out.windows.map((w) => [w.start, w.end, w.views[0].label]),
    [
      ['2026-07-24T01:00:00Z', '2026-07-24T03:00:00Z', '24 July, 10:00-12:00'],
      ['2026-07-26T01:00:00Z', '2026-07-26T03:00:00Z', '26 July, 10:00-12:00'],
    ],
  );
  assert.ok(out.warnings.some((w) => w.code === 'several-windows'));
  const plain = window([...REFERENCE, '--zone', 'Asia/Tokyo', text]);
  assert.equal(plain.status, 0, plain.stderr);
  assert.equal(plain.text, 'Window 1 of 2:\nJST: 24 July, 10:00-12:00\n\nWindow 2 of 2:\nJST: 26 July, 10:00-12:00\n');
  assert.match(plain.stderr, /\[several-windows\]/);
});

test('--in reads an announcement that names no zone', () => {
  const text = 'On 24 July from 10:00 to 12:00';
  const refused = JSON.parse(window([...REFERENCE, '--json', text]).text);
  assert.equal(refused.error.code, 'unknown-time-zone');
  const r = window([...REFERENCE, '--in', 'Europe/Berlin', '--json', text]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.text).start, '2026-07-24T08:00:00Z');
});

test('--zone replaces the default zones, in the order given', () => {
  const r = window([...REFERENCE, '--zone', 'Asia/Tokyo', '--zone', 'Europe/Berlin', '--json', SENTENCE]);
  assert.equal(r.status, 0, r.stderr);
  const out = /** @type {WindowJson} */ (JSON.parse(r.text));
  assert.deepEqual(out.views.map((v) => [v.zone, v.abbreviation, v.start]), [
    ['Asia/Tokyo', 'JST', '2026-07-24T10:00:00+09:00'],
    ['Europe/Berlin', 'CEST', '2026-07-24T03:00:00+02:00'],
  ]);
});

test('--json failure: {"error": {code, message}} on stdout and exit 1', () => {
  const noDate = window([...REFERENCE, '--json', 'We will be moving a server soon.']);
  assert.equal(noDate.status, 1);
  const out = JSON.parse(noDate.text);
  assert.deepEqual(Object.keys(out), ['error']);
  assert.deepEqual(Object.keys(out.error), ['code', 'message']);
  assert.equal(out.error.code, 'no-date');
  const zone = JSON.parse(window([...REFERENCE, '--zone', 'Mars/Olympus_Mons', '--json', SENTENCE]).text);
  assert.equal(zone.error.code, 'unknown-time-zone');
  const usage = window(['--json', '--bogus', SENTENCE]);
  assert.equal(usage.status, 1);
  assert.equal(JSON.parse(usage.text).error.code, 'invalid-argument');
});

test('without --json: the zone table on stdout', () => {
  const r = window([...REFERENCE, SENTENCE]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.text, /^UTC: +24 July, 01:00-13:00$/m);
  assert.match(r.text, /^PDT: +23-24 July, 18:00-06:00$/m);
  assert.match(r.text, /^CAT: +24 July, 03:00-15:00$/m);
  assert.match(r.text, /^AWST: +24 July, 09:00-21:00$/m);
});

test('without --json: a failure is a sentence on stderr, nothing on stdout, exit 1', () => {
  const r = window([...REFERENCE, 'We will be moving a server soon.']);
  assert.equal(r.status, 1);
  assert.equal(r.text, '');
  assert.match(r.stderr, /^sealpost window: /);
});

test('--help prints the usage and exits 0', () => {
  const r = window(['--help']);
  assert.equal(r.status, 0);
  assert.match(r.text, /^Usage: sealpost window /);
  assert.equal(cli('sealpost.mjs', ['--help']).status, 0);
  assert.equal(cli('sealpost.mjs', ['frobnicate']).status, 2);
});
