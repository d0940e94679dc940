#!/usr/bin/env node
// Writes Subresource Integrity attributes into www/index.html: the page's
// entry script and its stylesheet get `integrity="sha384-…"` computed from
// the files as they are now, so that a browser refuses a copy that differs.
//
//   node scripts/sri.mjs           rewrite www/index.html (prints what changed)
//   node scripts/sri.mjs --check   only check; exit 1 if an attribute is missing or stale
//
// Both files are loaded from the page's own origin, so no `crossorigin`
// attribute is needed (module scripts are always fetched in CORS mode, and
// a same-origin response is never opaque). Run it after changing app.js or
// style.css; tests/node/sri.test.mjs fails while the hashes are stale.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The `sha384-…` integrity value of `data`. */
export function integrityOf(data) {
  return `sha384-${createHash('sha384').update(data).digest('base64')}`;
}

/** The tags that must carry integrity: every local `<script src>` and stylesheet `<link>`. */
const TAGS = [
  { pattern: /<script\b[^>]*>/g, url: 'src' },
  { pattern: /<link\b[^>]*\brel="stylesheet"[^>]*>/g, url: 'href' },
];

function attribute(tag, name) {
  return tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1] ?? null;
}

/**
 * Every tag of `html` that loads a local file: `{ tag, file, integrity, expected }`,
 * where `expected` is the integrity of the file in `wwwDir`.
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

/** `html` with every local subresource's integrity attribute set from the files in `wwwDir`. */
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
  if (process.argv.includes('--check')) {
    for (const s of stale) console.error(`sri: ${s.file}: index.html has ${s.integrity ?? 'no integrity'}, the file is ${s.expected}`);
    if (stale.length) console.error('sri: run `node scripts/sri.mjs` to update www/index.html.');
    process.exit(stale.length ? 1 : 0);
  }
  if (stale.length) writeFileSync(index, withIntegrity(html, www));
  for (const s of stale) console.log(`sri: ${s.file}: ${s.expected}`);
  if (!stale.length) console.log('sri: www/index.html is up to date.');
}
