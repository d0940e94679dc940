#!/usr/bin/env node
// Runs every test, in the order that fails fastest:
//
//   1. cargo fmt --check, and Biome's recommended lint rules over the
//      JavaScript (biome.json: www/, bin/, scripts/, bench/, tests/)
//   2. the supply chain (scripts/supply-chain.mjs): cargo deny, yanked
//      crates, npm audit; a source it cannot reach is skipped, and says so
//   3. cargo clippy -D warnings: host (all targets) and wasm32 (the library
//      with both features, and each module as shipped)
//   4. cargo test (the native core, same crypto backend as the browser)
//   5. the time zone ground truth (jiff against Python's zoneinfo)
//   6. the release wasm build (scripts/build.mjs), then the type check:
//      tsc over the JavaScript and its JSDoc (tsconfig.json: www/, bin/,
//      scripts/, bench/, tests/; tsconfig.worker.json: the page's worker),
//      through the .d.ts of the modules that the build writes
//   7. the single file (scripts/release.mjs --check): dist/, then the same
//      commit built again in a fresh clone elsewhere, and compared
//   8. node --test over the wasm build (and its JavaScript build): API,
//      CLIs, interop with real peers, end-to-end tests in Chromium and in
//      Firefox ESR (as it is, and at Tor Browser's "Safer" settings), and
//      the single file of step 7
//   9. a fuzz smoke run: every fuzz target for 30 s, one at a time; it
//      starts after step 2 and runs beside the others (its log is in
//      target/test-logs/), and its result is reported last
//
// Stops at the first failure and exits non-zero. `--quick` skips the
// ground truth, the second build of the single file and the fuzz smoke
// run. With uncommitted changes the second build is skipped too (it builds
// the commit), and a SKIPPED: line says so.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, ensureNodeModules } from './build.mjs';
import { CHROME_PATH } from './chromium.mjs';
import { FIREFOX_PATH } from './firefox.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');

function step(name, cmd, args, env = {}) {
  const started = Date.now();
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n=== FAILED: ${name} (exit ${r.status ?? r.signal}, ${secs} s)`);
    process.exit(1);
  }
  console.log(`=== ok: ${name} (${secs} s)`);
}

/**
 * Starts a step in the background, its output going to a log under
 * target/; `done()` waits for it and reports it as step() does, printing
 * the log's end if it failed. For a step that shares no lock with the
 * cargo and browser steps (the fuzz targets build in fuzz/target), so that
 * it uses what they leave of the machine. `stop()` ends it early.
 */
function background(name, cmd, args) {
  const logDir = join(root, 'target', 'test-logs');
  mkdirSync(logDir, { recursive: true });
  const log = join(logDir, `${name.replace(/\W+/g, '-')}.log`);
  const started = Date.now();
  console.log(`\n=== ${name}, in the background (output in ${relative(root, log)}): ${cmd} ${args.join(' ')}`);
  const fd = openSync(log, 'w');
  const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', fd, fd], detached: true });
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? signal)));
  const stop = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('exit', stop);
  return {
    stop,
    async done() {
      const status = await exited;
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      if (status !== 0) {
        const text = readFileSync(log, 'utf8');
        process.stderr.write(text.slice(-8000));
        console.error(`\n=== FAILED: ${name} (exit ${status}, ${secs} s; the whole output is in ${relative(root, log)})`);
        process.exit(1);
      }
      console.log(`\n=== ok: ${name} (${secs} s, started in the background; output in ${relative(root, log)})`);
    },
  };
}

/** Test files below `dir` (recursively), for node --test. */
function testFiles(dir) {
  const out = [];
  let entries = [];
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...testFiles(path));
    else if (/\.test\.m?js$/.test(e.name)) out.push(path);
  }
  return out.sort();
}

/** Debian packages the tests drive: Chromium, Firefox ESR, and the OpenPGP peers. */
function ensureSystemPackages() {
  const needed = { chromium: CHROME_PATH, 'firefox-esr': FIREFOX_PATH, gnupg: 'gpg', sqop: 'sqop', gosop: 'gosop' };
  const missing = Object.entries(needed)
    .filter(([, bin]) => spawnSync('sh', ['-c', `command -v "${bin}"`]).status !== 0)
    .map(([pkg]) => pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0 || spawnSync('sh', ['-c', 'command -v apt-get']).status !== 0) {
    console.error(`Missing ${missing.join(', ')}: install them (apt-get install -y ${missing.join(' ')}) and run again.`);
    process.exit(1);
  }
  step('system packages', 'sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}`]);
}

ensureNodeModules();
ensureSystemPackages();
const wasm = ['--target', 'wasm32-unknown-unknown'];
step('format', 'cargo', ['fmt', '--check']);
step('lint (Biome)', join(root, 'node_modules', '.bin', 'biome'), ['lint', '--error-on-warnings']);
step('supply chain', 'node', ['scripts/supply-chain.mjs']);
// The fuzz smoke run builds its targets in their own target folder, then
// fuzzes one target at a time: it runs beside every step below.
const fuzz = quick ? null : background('fuzz smoke run', 'node', ['scripts/fuzz.mjs', '--seconds', '30', '--parallel', '1']);
step('clippy (host)', 'cargo', ['clippy', '--all-targets', '--', '-D', 'warnings']);
step('clippy (wasm32)', 'cargo', ['clippy', '--lib', ...wasm, '--', '-D', 'warnings']);
for (const features of ['pgp', 'window', 'mail']) {
  step(`clippy (wasm32, ${features} module)`, 'cargo', ['clippy', '--lib', ...wasm, '--no-default-features', '--features', features, '--', '-D', 'warnings']);
}
step('cargo test', 'cargo', ['test']);
if (!quick) step('time zone ground truth', 'bash', ['scripts/tzdb-truth.sh']);

console.log('\n=== wasm build');
try {
  build();
} catch (thrown) {
  const e = /** @type {NodeJS.ErrnoException} */ (thrown);
  console.error(`\n=== FAILED: wasm build: ${e.message}`);
  process.exit(1);
}
// The type check reads the modules' glue through the .d.ts the build writes
// into www/pkg/, so it runs right after the build.
const tsc = join(root, 'node_modules', '.bin', 'tsc');
step('type check (tsc, page and Node)', tsc, ['-p', 'tsconfig.json']);
step('type check (tsc, the worker)', tsc, ['-p', 'tsconfig.worker.json']);

const changes = spawnSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' });
const committed = changes.status === 0 && changes.stdout.trim() === '';
if (quick) {
  step('single file', 'node', ['scripts/release.mjs']);
} else if (!committed) {
  console.log('\nSKIPPED: the second build of the single file (uncommitted changes; it rebuilds the commit)');
  step('single file', 'node', ['scripts/release.mjs']);
} else {
  step('single file, built twice and compared', 'node', ['scripts/release.mjs', '--check']);
}

const files = [...testFiles('tests/node'), ...testFiles('tests/interop'), ...testFiles('tests/e2e')];
step('node and browser tests', 'node', ['--test', ...files], { SEALPOST_DIST: join(root, 'dist') });
if (fuzz) await fuzz.done();
console.log('\nAll tests passed.');
