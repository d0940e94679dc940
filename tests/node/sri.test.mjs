// The page's Subresource Integrity attributes match its files, so nobody
// ships a stale hash (which would stop the page from loading at all), and
// the release hash list covers exactly the files that ship.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { hashes, shippedFiles } from '../../scripts/hashes.mjs';
import { integrityOf, subresources, withIntegrity } from '../../scripts/sri.mjs';
import { ROOT } from './helpers.mjs';

const WWW = join(ROOT, 'www');
const html = readFileSync(join(WWW, 'index.html'), 'utf8');

test('the entry script and the stylesheet carry integrity attributes that match the files', () => {
  const found = subresources(html, WWW);
  for (const file of ['app.js', 'style.css']) assert.ok(found.some((s) => s.file === file), `index.html loads ${file}`);
  // Every local script and stylesheet, not only these two.
  for (const s of found) {
    assert.ok(s.integrity, `${s.file} has an integrity attribute: run \`npm run sri\``);
    assert.match(s.integrity, /^sha384-[A-Za-z0-9+/]{64}$/);
    assert.equal(s.integrity, s.expected, `the integrity of ${s.file} is stale: run \`npm run sri\``);
    // Same origin: no crossorigin attribute is needed, and none would help.
    assert.ok(!/\scrossorigin\b/.test(s.tag), `${s.file} is same-origin and needs no crossorigin`);
  }
  assert.equal(withIntegrity(html, WWW), html, 'scripts/sri.mjs would change nothing');
});

test('scripts/sri.mjs adds and replaces attributes', () => {
  const bare = html.replace(/\s+integrity="[^"]*"/g, '');
  assert.equal(withIntegrity(bare, WWW), html, 'adds them where missing');
  const stale = html.replace(/integrity="sha384-[^"]*"/, 'integrity="sha384-AAAA"');
  assert.equal(withIntegrity(stale, WWW), html, 'replaces a stale one');
  assert.equal(integrityOf('abc'), 'sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn');
});

test('the hash list covers every shipped file and nothing else', () => {
  const files = shippedFiles(WWW);
  for (const file of ['index.html', 'app.js', 'style.css', 'favicon.svg', 'worker.js', 'sealpost.js', 'pkg/sealpost_pgp_bg.wasm', 'pkg/sealpost_window.js']) {
    assert.ok(files.includes(file), `${file} is listed`);
  }
  assert.deepEqual(files.filter((f) => /\.d\.ts$|\.ts$|\.md$/.test(f)), [], 'no TypeScript declarations or notes');
  assert.deepEqual([...files].sort(), files, 'sorted');
  const app = hashes(WWW).find((f) => f.path === 'app.js');
  assert.match(app.sha256, /^[0-9a-f]{64}$/);
  assert.equal(app.bytes, readFileSync(join(WWW, 'app.js')).length);
});
