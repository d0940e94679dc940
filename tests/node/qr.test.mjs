// The page's QR encoder (www/qr.js) against a reference encoder: the
// matrices of tests/data/qr were made by the Python package qrcode (see make.py there) for
// fingerprints, text, bytes and an armored key, one per mask pattern and
// one with the mask it chose, and must be equal module for module. Also: the version chosen is the
// smallest that fits, and input beyond version 40 is refused by code.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { qrMatrix, qrVersionFor } from '../../www/qr.js';

const DIR = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'data', 'qr');
const vectors = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f.replace(/\.json$/, ''), ...JSON.parse(readFileSync(join(DIR, f), 'utf8')) }));

/** @param {boolean[][]} modules true for a dark module */
const rows = (modules) => modules.map((row) => row.map((d) => (d ? '1' : '0')).join(''));

test('there are reference vectors from version 1 to version 40', () => {
  const versions = vectors.map((v) => v.version);
  assert.ok(vectors.length >= 8, 'several inputs');
  assert.ok(versions.includes(1) && versions.includes(40) && versions.some((v) => v >= 7 && v < 40), String(versions));
});

for (const vector of vectors) {
  test(`${vector.name}: the same matrix as the reference for every mask given`, () => {
    const bytes = Buffer.from(vector.input, 'hex');
    assert.equal(qrVersionFor(bytes.length), vector.version, 'the smallest version that fits');
    for (const [which, want] of Object.entries(vector.matrices)) {
      if (which === 'auto') continue;
      const got = qrMatrix(new Uint8Array(bytes), { mask: Number(which) });
      assert.equal(got.version, vector.version);
      assert.equal(got.mask, want.mask);
      assert.deepEqual(rows(got.modules), want.rows, `mask ${which}`);
    }
  });
}

test('a string is encoded as UTF-8', () => {
  const text = vectors.find((v) => v.name === 'utf8-text');
  const got = qrMatrix(Buffer.from(text.input, 'hex').toString('utf8'), { mask: 0 });
  assert.deepEqual(rows(got.modules), text.matrices['0'].rows);
});

test('the mask chosen by the penalty rules is the one the reference chooses', () => {
  for (const vector of vectors) {
    const got = qrMatrix(new Uint8Array(Buffer.from(vector.input, 'hex')));
    assert.equal(got.mask, vector.matrices.auto.mask, vector.name);
    assert.deepEqual(rows(got.modules), vector.matrices.auto.rows, vector.name);
  }
});

test('more than 2,331 bytes is too large for a QR code', () => {
  assert.equal(qrVersionFor(2331), 40);
  assert.equal(qrVersionFor(2332), null);
  assert.throws(() => qrMatrix(new Uint8Array(2332)), (/** @type {import('../../www/sealpost.js').SealpostError} */ e) => e.code === 'input-too-large' && /too large for a QR code/.test(e.message));
});
