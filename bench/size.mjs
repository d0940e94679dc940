#!/usr/bin/env node
// Download size of the page against OpenPGP.js's browser build.
//
//   npm run bench:size             (after `npm run build`)
//   npm run bench:size -- --check  the same, and exit 1 when a budget is exceeded
//
// Prints raw, gzip -9 and brotli (quality 11) bytes of every file the page
// can download (html, js, css, svg, wasm; not the .d.ts typings), their
// total, and the same for `openpgp/dist/openpgp.min.mjs`, with the ratio.
// Then the budget: what the maintenance view downloads before it works
// (everything but the OpenPGP module, its glue and worker, the QR encoder,
// and "Check a message" with the mail module, which load only when used)
// against 160 kB brotli, and the OpenPGP module against 486 kB brotli (the
// first prototype's); and the size of the mail module.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const www = join(root, 'www');
const SHIPPED = new Set(['.html', '.js', '.mjs', '.css', '.svg', '.wasm']);

/**
 * The shipped files under `dir`, recursively.
 * @param {string} dir
 * @returns {string[]}
 */
function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return SHIPPED.has(extname(name)) ? [path] : [];
  });
}

/**
 * Bytes of a file: raw, gzip -9 and brotli.
 * @typedef {{ raw: number, gzip: number, brotli: number }} Sizes
 */

/**
 * @param {string} path
 * @returns {Sizes}
 */
function measure(path) {
  const data = readFileSync(path);
  return {
    raw: data.length,
    gzip: gzipSync(data, { level: 9 }).length,
    brotli: brotliCompressSync(data, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
    }).length,
  };
}

/** @param {number} n */
const kB = (n) => (n / 1000).toFixed(1).padStart(9);
/**
 * @param {string} name
 * @param {Sizes} m
 */
const row = (name, m) => console.log(`${name.padEnd(34)}${kB(m.raw)}${kB(m.gzip)}${kB(m.brotli)}`);
/**
 * @param {Sizes} a
 * @param {Sizes} b
 * @returns {Sizes}
 */
const add = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });

// The JavaScript build (for browsers without WebAssembly) is shipped too,
// but a browser loads it instead of the .wasm, never with it: its own table.
const JS_BUILD = /^pkg\/\w+(_bg\.wasm\.js|_nowasm\.js)$/;
const everything = files(www).sort();
const shipped = everything.filter((f) => !JS_BUILD.test(relative(www, f)));
const jsBuild = everything.filter((f) => JS_BUILD.test(relative(www, f)));
if (!shipped.some((f) => f.endsWith('.wasm'))) {
  console.error('No .wasm under www/pkg: run `npm run build` first.');
  process.exit(1);
}
console.log(`${'file (kB = 1000 bytes)'.padEnd(34)}${'raw'.padStart(9)}${'gzip -9'.padStart(9)}${'brotli'.padStart(9)}`);
let total = { raw: 0, gzip: 0, brotli: 0 };
for (const f of shipped) {
  const m = measure(f);
  total = add(total, m);
  row(relative(www, f), m);
}
row('Sealpost, everything', total);

const peerPath = join(root, 'node_modules', 'openpgp', 'dist', 'openpgp.min.mjs');
const peer = measure(peerPath);
const version = JSON.parse(readFileSync(join(root, 'node_modules', 'openpgp', 'package.json'), 'utf8')).version;
row(`OpenPGP.js ${version} openpgp.min.mjs`, peer);
/** @param {keyof Sizes} k */
const ratio = (k) => (total[k] / peer[k]).toFixed(2).padStart(9);
console.log(`${'ratio Sealpost / OpenPGP.js'.padEnd(34)}${ratio('raw')}${ratio('gzip')}${ratio('brotli')}`);

// The maintenance view's first load: the page without the OpenPGP part,
// which loads only when idle or when that section is used, and without
// "Check a message", which loads when it is first touched.
const OPENPGP_ONLY = new Set(['pkg/sealpost_pgp_bg.wasm', 'pkg/sealpost_pgp.js', 'pgp-worker.js', 'qr.js']);
// The seal, open and key sections' code, and the build's identity: app.js
// imports them once the maintenance view works (tests/e2e/foundation
// holds seal.js back and converts times meanwhile).
const AFTER_VIEW = new Set(['seal.js', 'mykey.js', 'pgp-pool.js', 'identity.js']);
const MAIL_ONLY = new Set(['pkg/sealpost_mail_bg.wasm', 'pkg/sealpost_mail.js', 'check.js', 'mail-words.js']);
const BUDGET = { window: 160_000, pgp: 486_000 };
let view = 0;
for (const f of shipped) {
  const name = relative(www, f);
  if (!OPENPGP_ONLY.has(name) && !MAIL_ONLY.has(name) && !AFTER_VIEW.has(name)) view += measure(f).brotli;
}
let mail = { raw: 0, gzip: 0, brotli: 0 };
for (const f of shipped) {
  if (MAIL_ONLY.has(relative(www, f))) mail = add(mail, measure(f));
}
const pgp = measure(join(www, 'pkg', 'sealpost_pgp_bg.wasm')).brotli;
/**
 * @param {number} n
 * @param {number} budget
 */
const verdict = (n, budget) => `${kB(n)} kB of ${(budget / 1000).toFixed(0)} kB: ${n <= budget ? 'within' : 'OVER'} budget`;
console.log('\nBudget (brotli)');
console.log(`${'maintenance view, first load'.padEnd(34)}${verdict(view, BUDGET.window)}`);
console.log(`${'OpenPGP module'.padEnd(34)}${verdict(pgp, BUDGET.pgp)}`);
const mailWasm = measure(join(www, 'pkg', 'sealpost_mail_bg.wasm'));
console.log(`${'mail module'.padEnd(34)}${kB(mailWasm.brotli)} kB (${kB(mailWasm.raw).trim()} kB raw), loaded by "Check a message"`);
console.log(`${'"Check a message", all its files'.padEnd(34)}${kB(mail.brotli)} kB (${kB(mail.raw).trim()} kB raw), on first use`);
const over = view > BUDGET.window || pgp > BUDGET.pgp;

// Without WebAssembly: the same page, with the JavaScript build instead of the .wasm and its glue.
console.log('\nJavaScript build (loaded only where WebAssembly is missing or refused)');
let js = { raw: 0, gzip: 0, brotli: 0 };
for (const f of jsBuild) {
  const m = measure(f);
  js = add(js, m);
  row(relative(www, f), m);
}
row('JavaScript build, every module', js);
const WASM_ONLY = /^pkg\/\w+(_bg\.wasm|\.js)$/;
let slowView = 0;
for (const f of [...shipped, ...jsBuild]) {
  const name = relative(www, f);
  if (WASM_ONLY.test(name) || OPENPGP_ONLY.has(name) || MAIL_ONLY.has(name) || AFTER_VIEW.has(name) || name.startsWith('pkg/sealpost_pgp') || name.startsWith('pkg/sealpost_mail')) continue;
  slowView += measure(f).brotli;
}
console.log(`${'slower mode, maintenance view'.padEnd(34)}${kB(slowView)} kB brotli (first load, no budget)`);
if (over && process.argv.includes('--check')) {
  console.error('\nbench:size --check: over budget (see above)');
  process.exit(1);
}
