// The page's Subresource Integrity values match its files, so nobody ships
// a stale hash (which would stop the page from loading at all): the
// attributes in index.html, and www/pkg/integrity.js, with which the
// modules are fetched. The release hash list covers exactly the files that
// ship.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { hashes, shippedFiles } from '../../scripts/hashes.mjs';
import { integrityOf, moduleIntegrity, moduleIntegritySource, sha256Integrity, subresources, withIntegrity, writeModuleIntegrity } from '../../scripts/sri.mjs';
import { run } from '../lib/run.mjs';
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
  for (const file of ['index.html', 'app.js', 'style.css', 'favicon.svg', 'pgp-worker.js', 'sealpost.js', 'pkg/sealpost_pgp_bg.wasm', 'pkg/sealpost_window.js']) {
    assert.ok(files.includes(file), `${file} is listed`);
  }
  assert.deepEqual(files.filter((f) => /\.d\.ts$|\.ts$|\.md$/.test(f)), [], 'no TypeScript declarations or notes');
  assert.deepEqual([...files].sort(), files, 'sorted');
  const app = hashes(WWW).find((f) => f.path === 'app.js');
  assert.ok(app, 'app.js has a hash');
  assert.match(app.sha256, /^[0-9a-f]{64}$/);
  assert.equal(app.bytes, readFileSync(join(WWW, 'app.js')).length);
});

test('www/pkg/integrity.js holds the SHA-256 of every module the build wrote, and nothing else', async () => {
  const pkg = join(WWW, 'pkg');
  const { default: integrity } = await import('../../www/pkg/integrity.js');
  const modules = readdirSync(pkg).filter((f) => f.endsWith('.wasm')).sort();
  assert.ok(modules.length >= 2, 'the build wrote its modules');
  assert.deepEqual(Object.keys(integrity), modules);
  for (const file of modules) {
    const digest = createHash('sha256').update(readFileSync(join(pkg, file))).digest('base64');
    assert.equal(
      /** @type {Record<string, string>} */ (integrity)[file],
      `sha256-${digest}`,
      `the integrity of ${file} is stale: run \`npm run sri\``,
    );
  }
  assert.equal(readFileSync(join(pkg, 'integrity.js'), 'utf8'), moduleIntegritySource(moduleIntegrity(pkg)), 'written as the build writes it');
  assert.equal(sha256Integrity('abc'), 'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
});

test('`npm run sri -- --check` fails when a module changed without its hash', () => {
  const copy = mkdtempSync(join(tmpdir(), 'sealpost-sri-'));
  try {
    cpSync(WWW, copy, { recursive: true });
    const check = () => run(process.execPath, [join(ROOT, 'scripts', 'sri.mjs'), '--check'], { env: { SEALPOST_WWW: copy } });
    assert.equal(check().status, 0, check().stderr);
    const wasm = join(copy, 'pkg', 'sealpost_window_bg.wasm');
    const changed = readFileSync(wasm);
    changed[changed.length - 1] ^= 1;
    writeFileSync(wasm, changed);
    const stale = check();
    assert.equal(stale.status, 1);
    assert.match(stale.stderr, /integrity\.js does not match the modules/);
    assert.equal(writeModuleIntegrity(join(copy, 'pkg')), true, 'rewritten');
    assert.equal(check().status, 0, 'fresh again');
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});
