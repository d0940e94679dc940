#!/usr/bin/env node
// Subresource Integrity for the hosted page, so that a browser refuses a
// copy of a file that differs from the one that was built:
//
// - www/index.html: the page's entry script and its stylesheet get
//   `integrity="sha384-…"` computed from the files as they are now;
// - www/pkg/integrity.js (written by scripts/build.mjs after each build):
//   the `sha256-…` of each WebAssembly module, which www/sealpost.js passes
//   to fetch().
//
//   node scripts/sri.mjs           rewrite both (prints what changed)
//   node scripts/sri.mjs --check   only check; exit 1 if a value is missing or stale
//
// Both files are loaded from the page's own origin, so no `crossorigin`
// attribute is needed (module scripts are always fetched in CORS mode, and
// a same-origin response is never opaque). Run it after changing app.js or
// style.css; tests/node/sri.test.mjs fails while the hashes are stale.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The `sha384-…` integrity value of `data`.
 * @param {string | Uint8Array} data
 */
export function integrityOf(data) {
  return `sha384-${createHash('sha384').update(data).digest('base64')}`;
}

/**
 * The `sha256-…` integrity value of `data`: the form used for the modules.
 * @param {string | Uint8Array} data
 */
export function sha256Integrity(data) {
  return `sha256-${createHash('sha256').update(data).digest('base64')}`;
}

/** The file, in www/pkg/, that lists the modules' integrity. */
export const MODULE_INTEGRITY_FILE = 'integrity.js';

/**
 * `{ file: 'sha256-…' }` for every WebAssembly module in `pkgDir`, sorted by name.
 * @param {string} pkgDir
 * @returns {Record<string, string>}
 */
export function moduleIntegrity(pkgDir) {
  const files = readdirSync(pkgDir)
    .filter((f) => f.endsWith('.wasm'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(files.map((f) => [f, sha256Integrity(readFileSync(join(pkgDir, f)))]));
}

/**
 * The text of www/pkg/integrity.js for `integrity` (from moduleIntegrity).
 * @param {Record<string, string>} integrity
 */
export function moduleIntegritySource(integrity) {
  return [
    '// Written by scripts/build.mjs: the Subresource Integrity of each',
    '// WebAssembly module in this folder. www/sealpost.js fetches each module',
    '// with its value, so that the browser refuses a file that was changed.',
    `export default ${JSON.stringify(integrity, null, 2)};`,
    '',
  ].join('\n');
}

/**
 * Writes `pkgDir`/integrity.js from the modules there; true if it changed.
 * @param {string} pkgDir
 */
export function writeModuleIntegrity(pkgDir) {
  const file = join(pkgDir, MODULE_INTEGRITY_FILE);
  const text = moduleIntegritySource(moduleIntegrity(pkgDir));
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return false;
  writeFileSync(file, text);
  return true;
}

/** The tags that must carry integrity: every local `<script src>` and stylesheet `<link>`. */
const TAGS = [
  { pattern: /<script\b[^>]*>/g, url: 'src' },
  { pattern: /<link\b[^>]*\brel="stylesheet"[^>]*>/g, url: 'href' },
];

/**
 * The value of attribute `name` in `tag`, or null.
 * @param {string} tag
 * @param {string} name
 */
function attribute(tag, name) {
  return tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1] ?? null;
}

/**
 * Every tag of `html` that loads a local file: `{ tag, file, integrity, expected }`,
 * where `expected` is the integrity of the file in `wwwDir`.
 * @param {string} html
 * @param {string} wwwDir
 */
export function subresources(html, wwwDir) {
  const out = [];
  for (const { pattern, url } of TAGS) {
    for (const [tag] of html.matchAll(pattern)) {
      const file = attribute(tag, url);
      if (!file || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(file)) continue;
      out.push({ tag, file, integrity: attribute(tag, 'integrity'), expected: integrityOf(readFileSync(join(wwwDir, file))) });
    }
  }
  return out;
}

/**
 * `html` with every local subresource's integrity attribute set from the files in `wwwDir`.
 * @param {string} html
 * @param {string} wwwDir
 */
export function withIntegrity(html, wwwDir) {
  let out = html;
  for (const { tag, integrity, expected } of subresources(html, wwwDir)) {
    if (integrity === expected) continue;
    const fixed = integrity === null ? tag.replace(/\s*\/?>$/, (end) => ` integrity="${expected}"${end}`) : tag.replace(/\sintegrity="[^"]*"/, ` integrity="${expected}"`);
    out = out.replace(tag, fixed);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const www = process.env.SEALPOST_WWW ?? join(root, 'www');
  const index = join(www, 'index.html');
  const html = readFileSync(index, 'utf8');
  const stale = subresources(html, www).filter((s) => s.integrity !== s.expected);
  const pkg = join(www, 'pkg');
  const manifest = join(pkg, MODULE_INTEGRITY_FILE);
  const built = existsSync(pkg);
  const manifestStale = built && (!existsSync(manifest) || readFileSync(manifest, 'utf8') !== moduleIntegritySource(moduleIntegrity(pkg)));
  if (process.argv.includes('--check')) {
    for (const s of stale) console.error(`sri: ${s.file}: index.html has ${s.integrity ?? 'no integrity'}, the file is ${s.expected}`);
    if (manifestStale) console.error(`sri: www/pkg/${MODULE_INTEGRITY_FILE} does not match the modules in www/pkg/.`);
    if (stale.length || manifestStale) console.error('sri: run `node scripts/sri.mjs` to update them.');
    process.exit(stale.length || manifestStale ? 1 : 0);
  }
  if (stale.length) writeFileSync(index, withIntegrity(html, www));
  for (const s of stale) console.log(`sri: ${s.file}: ${s.expected}`);
  if (!stale.length) console.log('sri: www/index.html is up to date.');
  if (built && writeModuleIntegrity(pkg)) console.log(`sri: www/pkg/${MODULE_INTEGRITY_FILE} rewritten from the modules.`);
  else if (built) console.log(`sri: www/pkg/${MODULE_INTEGRITY_FILE} is up to date.`);
}
