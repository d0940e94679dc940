#!/usr/bin/env node
// The type of each element of www/index.html that has an `id`, for the
// type check (tsconfig.json): www/page-elements.d.ts declares
// `PageElements`, and `byId()` in www/ui.js returns `PageElements[id]`, so
// that `byId('seal-input').value` is checked, and so is every id's spelling.
//
//   node scripts/page-elements.mjs           rewrite www/page-elements.d.ts
//   node scripts/page-elements.mjs --check   only check; exit 1 if it is stale
//
// Run it after adding, removing or retagging an element with an id;
// tests/node/page-elements.test.mjs fails while the file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PAGE = join(root, 'www', 'index.html');
export const TYPES = join(root, 'www', 'page-elements.d.ts');

/**
 * The text of www/page-elements.d.ts for the page `html`.
 * @param {string} html
 * @returns {string}
 */
export function pageElementTypes(html) {
  /** @type {Map<string, string>} */
  const tags = new Map();
  for (const [, tag, id] of html.matchAll(/<([a-z][a-z0-9-]*)\s[^>]*?\bid="([^"]+)"/g)) {
    if (tags.has(id)) throw new Error(`www/index.html has two elements with the id ${id}`);
    tags.set(id, tag);
  }
  return [
    '// Written by scripts/page-elements.mjs from www/index.html; do not edit.',
    '',
    '/** Each element of the page that has an id, by id: what `byId()` (www/ui.js) returns. */',
    'interface PageElements {',
    ...[...tags].map(([id, tag]) => `  ${JSON.stringify(id)}: HTMLElementTagNameMap[${JSON.stringify(tag)}];`),
    '}',
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const want = pageElementTypes(readFileSync(PAGE, 'utf8'));
  let have = '';
  try {
    have = readFileSync(TYPES, 'utf8');
  } catch {
    // not written yet
  }
  if (process.argv.includes('--check')) {
    if (have !== want) {
      console.error('www/page-elements.d.ts is stale: run `node scripts/page-elements.mjs`.');
      process.exit(1);
    }
  } else if (have !== want) {
    writeFileSync(TYPES, want);
    console.log('page-elements: www/page-elements.d.ts rewritten from www/index.html.');
  }
}
