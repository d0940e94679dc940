#!/usr/bin/env node
// Runs every test, in the order that fails fastest:
//
//   1. cargo fmt --check, and Biome's recommended lint rules over the
//      JavaScript (biome.json: www/, bin/, scripts/, bench/, tests/)
//   2. the supply chain (scripts/supply-chain.mjs): cargo deny, yanked
//      crates, npm audit; a source it cannot reach is skipped, and says so
//   3. then three lanes side by side, each in its own target folder:
//      - host (target/): cargo test (the native core, same crypto backend
//        as the browser), built by clippy's driver so that the same build
//        is linted with -D warnings (all targets); the doctests; the time
//        zone ground truth (jiff against Python's zoneinfo);
//      - wasm32 (target/wasm/, its output in target/test-logs/): cargo
//        clippy -D warnings for wasm32 (the library with every feature, and
//        each module as shipped), the release wasm build
//        (scripts/build.mjs), then the type check (tsc over the JavaScript
//        and its JSDoc: tsconfig.json for www/, bin/, scripts/, bench/,
//        tests/; tsconfig.worker.json for the page's worker; through the
//        .d.ts of the modules that the build writes);
//      - a fuzz smoke run (fuzz/target/): every fuzz target for 30 s, one
//        at a time, reported last;
//   4. node --test over the wasm build (and its JavaScript build), two
//      files at a time: API, CLIs, interop with real peers, end-to-end
//      tests in Chromium and in Firefox ESR (as it is, and at Tor Browser's
//      "Safer" settings); beside them, in the background, the single file
//      (scripts/release.mjs --check: dist/, then the same commit built
//      again in a fresh clone elsewhere, and compared)
//   5. the tests of that single file (those that import
//      tests/lib/release.mjs), two files at a time
//
// Stops at the first failure and exits non-zero. `--quick` skips the
// ground truth, the second build of the single file and the fuzz smoke
// run. With uncommitted changes the second build is skipped too (it builds
// the commit), and a SKIPPED: line says so.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cargoTargetDir, ensureNodeModules } from './build.mjs';
import { CHROME_PATH } from './chromium.mjs';
import { FIREFOX_PATH } from './firefox.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');

/** Background steps that have not been waited for yet; a failure among them ends the run. */
const running = new Set();

/**
 * Runs one step in the foreground; the run ends at its failure. Before it
 * starts, it gives the background steps' exits a chance to be seen, so
 * that one that failed ends the run now rather than when it is awaited.
 * @param {string} name
 * @param {string} cmd
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env] added to this process's environment
 */
async function step(name, cmd, args, env = {}) {
  await new Promise((resolve) => setImmediate(resolve));
  for (const job of running) if (job.failed()) await job.done();
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
 * target/; `done()` waits for it and reports it as step() does (with
 * the time until its last output, not until it was waited for), printing
 * the log's lines that match `shown`, or the log's end if it failed. For a
 * step that shares no lock with the cargo and browser steps (the fuzz
 * targets build in fuzz/target), so that it uses what they leave of the
 * machine. `stop()` ends it early.
 * @param {string} name
 * @param {string} cmd
 * @param {string[]} args
 * @param {RegExp} [shown]
 */
function background(name, cmd, args, shown = /^(=== (ok|FAILED)|SKIPPED)/) {
  const logDir = join(root, 'target', 'test-logs');
  mkdirSync(logDir, { recursive: true });
  const log = join(logDir, `${name.replace(/\W+/g, '-')}.log`);
  const started = Date.now();
  console.log(`\n=== ${name}, in the background (output in ${relative(root, log)}): ${cmd} ${args.join(' ')}`);
  const fd = openSync(log, 'w');
  const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', fd, fd], detached: true });
  /** @type {number | string | null} */
  let exit = null;
  const exited = new Promise((resolve) =>
    child.on('close', (code, signal) => {
      exit = code ?? signal;
      resolve(exit);
    }),
  );
  const stop = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('exit', stop);
  const job = {
    stop,
    /** Whether it has ended, and not well. */
    failed: () => exit !== null && exit !== 0,
    async done() {
      running.delete(job);
      const status = await exited;
      // While a foreground step runs, this process hears of no exit, so
      // the step ended when it last wrote to its log.
      const secs = ((statSync(log).mtimeMs - started) / 1000).toFixed(1);
      if (status !== 0) {
        const text = readFileSync(log, 'utf8');
        process.stderr.write(text.slice(-8000));
        console.error(`\n=== FAILED: ${name} (exit ${status}, ${secs} s; the whole output is in ${relative(root, log)})`);
        process.exit(1);
      }
      const steps = readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => shown.test(line));
      if (steps.length > 0) console.log(`\n${steps.join('\n')}`);
      console.log(`=== ok: ${name} (${secs} s, started in the background; output in ${relative(root, log)})`);
    },
  };
  running.add(job);
  return job;
}

/**
 * Test files below `dir` (recursively), for node --test.
 * @param {string} dir
 * @returns {string[]}
 */
function testFiles(dir) {
  /** @type {string[]} */
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
async function ensureSystemPackages() {
  const needed = { chromium: CHROME_PATH, 'firefox-esr': FIREFOX_PATH, gnupg: 'gpg', sqop: 'sqop', gosop: 'gosop' };
  const missing = Object.entries(needed)
    .filter(([, bin]) => spawnSync('sh', ['-c', `command -v "${bin}"`]).status !== 0)
    .map(([pkg]) => pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0 || spawnSync('sh', ['-c', 'command -v apt-get']).status !== 0) {
    console.error(`Missing ${missing.join(', ')}: install them (apt-get install -y ${missing.join(' ')}) and run again.`);
    process.exit(1);
  }
  await step('system packages', 'sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}`]);
}

/** The steps that build and check the wasm32 modules: the second lane. */
async function wasmLane() {
  const wasm = ['--target', 'wasm32-unknown-unknown'];
  // build.mjs keeps the wasm32 builds in their own target folder, so that
  // this lane never waits for the host lane's lock on target/.
  const own = { CARGO_TARGET_DIR: cargoTargetDir() };
  await step('clippy (wasm32)', 'cargo', ['clippy', '--lib', ...wasm, '--', '-D', 'warnings'], own);
  for (const features of ['pgp', 'window', 'mail']) {
    await step(`clippy (wasm32, ${features} module)`, 'cargo', ['clippy', '--lib', ...wasm, '--no-default-features', '--features', features, '--', '-D', 'warnings'], own);
  }
  await step('wasm build', 'node', ['scripts/build.mjs']);
  // The type check reads the modules' glue through the .d.ts the build
  // writes into www/pkg/, so it runs right after the build.
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  await step('type check (tsc, page and Node)', tsc, ['-p', 'tsconfig.json']);
  await step('type check (tsc, the worker)', tsc, ['-p', 'tsconfig.worker.json']);
}

/**
 * The single file (dist/): built twice and compared when the tree is
 * committed (the second build is of the commit), once otherwise.
 */
function singleFile() {
  const changes = spawnSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' });
  const committed = changes.status === 0 && changes.stdout.trim() === '';
  if (quick) return background('single file', 'node', ['scripts/release.mjs']);
  if (!committed) {
    console.log('\nSKIPPED: the second build of the single file (uncommitted changes; it rebuilds the commit)');
    return background('single file', 'node', ['scripts/release.mjs']);
  }
  return background('single file, built twice and compared', 'node', ['scripts/release.mjs', '--check'], /^(release --check| {2}(same|DIFFERS) )/);
}

/**
 * Whether a test file reads the single file of dist/ (through tests/lib/release.mjs).
 * @param {string} file
 */
function readsDist(file) {
  return readFileSync(join(root, file), 'utf8').includes('lib/release.mjs');
}

if (process.argv.includes('--wasm-lane')) {
  await wasmLane();
  process.exit(0);
}

ensureNodeModules();
await ensureSystemPackages();
await step('format', 'cargo', ['fmt', '--check']);
await step('lint (Biome)', join(root, 'node_modules', '.bin', 'biome'), ['lint', '--error-on-warnings']);
await step('supply chain', 'node', ['scripts/supply-chain.mjs']);
// The fuzz smoke run builds its targets in their own target folder, then
// fuzzes one target at a time; the wasm32 lane builds in its own folder
// too. Both run beside the host steps below, so that one lane's
// single-threaded stretches (the biggest crates, the modules' link-time
// optimisation) use the core that the other leaves idle.
const fuzz = quick ? null : background('fuzz smoke run', 'node', ['scripts/fuzz.mjs', '--seconds', '30', '--parallel', '1']);
const wasmSteps = background('wasm32 lane: clippy, wasm build, type check', 'node', ['scripts/test.mjs', '--wasm-lane', ...(quick ? ['--quick'] : [])]);
// Clippy's lints for the host run inside the test build itself: clippy's
// driver compiles the sealpost crate (and only it: the dependencies are
// built as by a plain `cargo test`, and shared with it), so the host
// dependencies are compiled once rather than checked once for clippy and
// built again for the tests. Cargo does not count the driver in what makes
// a build fresh, so the crate is marked changed first: the lints run on
// every call, even after a plain `cargo test`.
const clippyDriver = join(spawnSync('rustc', ['--print', 'sysroot'], { encoding: 'utf8' }).stdout.trim(), 'bin', 'clippy-driver');
const lint = { RUSTC_WORKSPACE_WRAPPER: clippyDriver, CLIPPY_ARGS: ['-D', 'warnings'].join('__CLIPPY_HACKERY__') };
const now = new Date();
utimesSync(join(root, 'src', 'lib.rs'), now, now);
await step('clippy (host, all targets) and cargo test', 'cargo', ['test', '--all-targets'], lint);
await step('cargo test (doctests)', 'cargo', ['test', '--doc'], lint);
if (!quick) await step('time zone ground truth', 'bash', ['scripts/tzdb-truth.sh']);
await wasmSteps.done();

// Test files run two at a time: most of a browser test is spent waiting for
// the page, so a second file fills the time. The files that test the single
// file run last; the others run while it is built (it reads www/pkg/ and
// writes dist/ and its own clone, which no other test touches).
const files = [...testFiles('tests/node'), ...testFiles('tests/interop'), ...testFiles('tests/e2e')];
const ofDist = files.filter(readsDist);
const single = singleFile();
await step('node and browser tests', 'node', ['--test', '--test-concurrency=2', ...files.filter((f) => !readsDist(f))]);
await single.done();
await step('node and browser tests of the single file', 'node', ['--test', '--test-concurrency=2', ...ofDist], { SEALPOST_DIST: join(root, 'dist') });
if (fuzz) await fuzz.done();
console.log('\nAll tests passed.');
