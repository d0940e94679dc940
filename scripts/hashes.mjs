#!/usr/bin/env node
// Prints the SHA-256 and size of every file the page ships (www/: HTML,
// JavaScript, CSS, SVG and WebAssembly; not the TypeScript declarations),
// sorted by path, so that anyone can compare the page they were served
// with a release:
//
//   node scripts/hashes.mjs              "<sha256>  <bytes>  www/<path>" lines
//   node scripts/hashes.mjs --sha256sum  "<sha256>  www/<path>" lines, for `sha256sum -c`
//   node scripts/hashes.mjs --json       [{ path, sha256, bytes }]
//
// SEALPOST_WWW lists another copy of the page (default: this repository's www/).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SHIPPED = /\.(html|js|css|svg|wasm)$/;

/**
 * Paths (relative to `dir`, with `/`) of every shipped file below `dir`, sorted.
 * @param {string} dir
 * @returns {string[]}
 */
export function shippedFiles(dir) {
  /** @type {string[]} */
  const out = [];
  /** @param {string} at */
  const walk = (at) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && SHIPPED.test(entry.name)) out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  // Plain code-unit order, so that the list is the same in every locale.
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * `{ path, sha256, bytes }` of every shipped file below `dir`.
 * @param {string} dir
 */
export function hashes(dir) {
  return shippedFiles(dir).map((path) => {
    const data = readFileSync(join(dir, path));
    return { path, sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const www = process.env.SEALPOST_WWW ?? join(root, 'www');
  const list = hashes(www);
  if (!list.some((f) => f.path.endsWith('.wasm'))) {
    console.error('hashes: no .wasm in www/pkg: run `node scripts/build.mjs` first, or the list would not be the page that ships.');
    process.exit(1);
  }
  const prefix = process.env.SEALPOST_WWW ? '' : 'www/';
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(list.map((f) => ({ ...f, path: prefix + f.path })), null, 2));
  } else if (process.argv.includes('--sha256sum')) {
    for (const f of list) console.log(`${f.sha256}  ${prefix}${f.path}`);
  } else {
    const width = Math.max(...list.map((f) => String(f.bytes).length));
    for (const f of list) console.log(`${f.sha256}  ${String(f.bytes).padStart(width)}  ${prefix}${f.path}`);
  }
}
