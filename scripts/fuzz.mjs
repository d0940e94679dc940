#!/usr/bin/env node
// Fuzzes the parsers of the core: builds the cargo-fuzz targets in fuzz/,
// makes their seed corpora from tests/data/, then runs each target for a
// while and prints, per target, the executions, crashes and corpus size.
//
//   node scripts/fuzz.mjs [--seconds N] [--target T]... [--parallel P] [--sanitizer S]
//
// --seconds  how long each target runs (default 60; `npm test` runs a
//            smoke run of 30)
// --target   only this target (repeatable, or comma-separated)
// --parallel run this many targets at once (default 1; one per core)
// --sanitizer  `none` (default: builds and runs about twice as fast) or
//            `address` (ASan; the core forbids unsafe code, but its
//            dependencies have some)
//
// Needs cargo-fuzz (installed into .tools/ when missing) and, for ASan
// only, the nightly toolchain: without a sanitizer cargo-fuzz builds with
// the stable toolchain, which is all a fresh machine has.  Exits non-zero if any target crashed; the
// input that did it is in fuzz/artifacts/<target>/, and
// `cargo fuzz run -s none <target> <that file>` reproduces it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fuzzDir = join(root, 'fuzz');
const pgpData = join(root, 'tests/data/pgp');
const mailData = join(root, 'tests/data/mail');
const TARGETS = ['decrypt', 'inspect_keys', 'verify', 'parse_window', 'zone_lookup', 'read_fragment', 'read_bounce', 'read_headers'];

/**
 * The command line's options, with their defaults.
 * @param {string[]} argv
 */
function options(argv) {
  /** @type {{ seconds: number, targets: string[], sanitizer: string, parallel: number }} */
  const o = { seconds: 60, targets: [], sanitizer: 'none', parallel: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--seconds') o.seconds = Number(value());
    else if (a === '--target') o.targets.push(...value().split(','));
    else if (a === '--sanitizer') o.sanitizer = value();
    else if (a === '--parallel') o.parallel = Number(value());
    else if (a === '--help' || a === '-h') usage();
    else usage(`unknown argument ${a}`);
  }
  if (!Number.isInteger(o.seconds) || o.seconds < 1) usage('--seconds takes a whole number >= 1');
  if (!Number.isInteger(o.parallel) || o.parallel < 1) usage('--parallel takes a whole number >= 1');
  if (!['none', 'address'].includes(o.sanitizer)) usage('--sanitizer is none or address');
  if (o.targets.length === 0) o.targets = [...TARGETS];
  for (const t of o.targets) if (!TARGETS.includes(t)) usage(`unknown target ${t}`);
  return o;
}

/**
 * Prints the usage (after `why`, when given) and exits.
 * @param {string} [why]
 * @returns {never}
 */
function usage(why) {
  if (why) console.error(`fuzz.mjs: ${why}`);
  console.error(`usage: node scripts/fuzz.mjs [--seconds N] [--target ${TARGETS.join('|')}] [--parallel P] [--sanitizer none|address]`);
  process.exit(why ? 2 : 0);
}

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env] added to this process's environment
 */
function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`fuzz.mjs: ${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

/** The PATH with .tools/bin first, after installing cargo-fuzz if needed. */
function ensureCargoFuzz() {
  const path = `${join(root, '.tools/bin')}:${process.env.PATH}`;
  const has = spawnSync('cargo', ['fuzz', '--version'], { env: { ...process.env, PATH: path } });
  if (has.status !== 0) {
    console.log('=== installing cargo-fuzz into .tools/');
    run('cargo', ['install', '--locked', 'cargo-fuzz', '--root', join(root, '.tools')]);
  }
  return path;
}

/**
 * `+nightly` for ASan (`-Zsanitizer`), else the default toolchain.
 * @param {string} sanitizer
 * @returns {string[]}
 */
function toolchain(sanitizer) {
  return sanitizer === 'none' ? [] : ['+nightly'];
}

/** @param {string} sanitizer */
function hostTriple(sanitizer) {
  const r = spawnSync('rustc', [...toolchain(sanitizer), '-vV'], { encoding: 'utf8' });
  const m = /^host: (\S+)$/m.exec(r.stdout ?? '');
  if (!m) {
    console.error(`fuzz.mjs: no toolchain for --sanitizer ${sanitizer} (ASan needs nightly)`);
    process.exit(1);
  }
  return m[1];
}

// --- Seeds ------------------------------------------------------------------

/**
 * The binary packets of an ASCII-armored block, or null.
 * @param {Buffer} bytes
 */
function dearmor(bytes) {
  const text = bytes.toString('latin1');
  const begin = /-----BEGIN PGP (MESSAGE|PUBLIC KEY BLOCK|PRIVATE KEY BLOCK|SIGNATURE)-----\r?\n/.exec(text);
  if (!begin) return null;
  const rest = text.slice(begin.index + begin[0].length);
  const lines = rest.split(/\r?\n/);
  let i = 0;
  while (i < lines.length && lines[i].includes(':')) i++; // armor headers
  const body = [];
  for (i++; i < lines.length; i++) {
    const l = lines[i].trim();
    if (l.startsWith('=') || l.startsWith('-----')) break;
    body.push(l);
  }
  return Buffer.from(body.join(''), 'base64');
}

/**
 * A seed: its name in the corpus, and its bytes.
 * @typedef {{ name: string, bytes: Buffer }} Seed
 */

/**
 * The files of `dir` whose names match `re`, sorted by name.
 * @param {string} dir
 * @param {RegExp} re
 * @returns {Seed[]}
 */
function files(dir, re) {
  return readdirSync(dir)
    .filter((n) => re.test(n))
    .sort()
    .map((n) => ({ name: n, bytes: readFileSync(join(dir, n)) }));
}

/**
 * Every file and, for armored ones, its binary form too.
 * @param {Seed[]} list
 */
function withBinary(list) {
  const out = [];
  for (const f of list) {
    out.push(f);
    const bin = f.name.endsWith('.asc') ? dearmor(f.bytes) : null;
    if (bin) out.push({ name: `${f.name}.bin`, bytes: bin });
  }
  return out;
}

/** SEIPDv2 seeds from OpenPGP.js (a dev dependency), if it is installed. */
async function openpgpSeeds() {
  let openpgp;
  try {
    openpgp = await import('openpgp');
  } catch {
    return [];
  }
  const text = readFileSync(join(pgpData, 'messages/hello.txt'), 'utf8');
  const password = readFileSync(join(pgpData, 'messages/password.txt'), 'utf8').trim();
  const alice = await openpgp.readKey({ armoredKey: readFileSync(join(pgpData, 'keys/alice_cv25519_pub.asc'), 'utf8') });
  const out = [];
  for (const aeadProtect of [false, true]) {
    // The cheapest S2K (1024 bytes hashed): at GnuPG's 65 MB every input
    // that keeps its password packet costs 0.15 s, and the fuzzer crawls.
    const config = { aeadProtect, s2kIterationCountByte: 0 };
    const message = await openpgp.createMessage({ text });
    const v = aeadProtect ? 'v2' : 'v1';
    const pw = await openpgp.encrypt({ message, passwords: [password], format: 'binary', config });
    out.push({ name: `openpgpjs_password_seipd${v}.pgp`, bytes: Buffer.from(pw) });
    const both = await openpgp.encrypt({ message, encryptionKeys: alice, passwords: [password], format: 'binary', config });
    out.push({ name: `openpgpjs_alice_and_password_seipd${v}.pgp`, bytes: Buffer.from(both) });
  }
  return out;
}

function windowTexts() {
  const out = [];
  const lines = readFileSync(join(root, 'tests/data/window/announcements.txt'), 'utf8').split('\n');
  for (const line of lines) {
    if (!line.includes(' ⟶ ')) continue;
    const text = line.split(' ⟶ ')[0].replace(/^fail: /, '').replaceAll('\\n', '\n');
    out.push({ name: `announcement_${out.length}`, bytes: Buffer.from(text) });
  }
  return out;
}

function zoneSeeds() {
  const zones = new Set([
    'UTC', 'Z', 'GMT', 'utc', 'UTC+05:30', 'UTC-3', 'GMT+1', '+0530', '-03:00', 'UTC+14', 'UTC-12:00',
    'PDT', 'PST', 'EST', 'EDT', 'CET', 'CEST', 'IST', 'CST', 'CAT', 'AWST', 'ACDT', 'NZDT', 'BST', 'MSK', 'HST',
    'America/Vancouver', 'america/los_angeles', 'Europe/Berlin', 'Europe/Kyiv', 'Europe/Kiev', 'Asia/Kolkata',
    'Asia/Calcutta', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Etc/GMT+12', 'Etc/GMT-14', 'US/Pacific',
    'Africa/Lusaka', 'Antarctica/Troll', 'America/Argentina/Buenos_Aires', 'Pacific/Kiritimati',
  ]);
  const lines = readFileSync(join(root, 'tests/data/window/announcements.txt'), 'utf8').split('\n');
  for (const line of lines) {
    if (line.startsWith('@zones ') || line.startsWith('@default ')) {
      for (const z of line.replace(/^@\w+ /, '').split(',')) if (z.trim() && z.trim() !== '-') zones.add(z.trim());
    }
    const m = / \| zone (\S+)/.exec(line);
    if (m) zones.add(m[1]);
  }
  return [...zones].map((z, i) => ({ name: `zone_${i}`, bytes: Buffer.from(z) }));
}

function fragmentSeeds() {
  const list = [
    '#w=20260724T0100Z/20260724T1300Z&z=UTC&t=NC018%20moves&v=Australia/Perth',
    '#w=20260724T0100Z/20260724T1300Z&z=UTC&t=On%2024%20July%20between%2001%3A00%20and%2013%3A00%20UTC&v=America/Vancouver,Africa/Lusaka',
    'w=20261101T0830Z/20261101T0930Z&z=America/New_York',
    '#w=20260329T0030Z/20260329T0130Z&z=Europe/Berlin&v=CEST,UTC%2B05:30,Asia/Kolkata',
    '#w=20260724T010030Z/20260724T130000Z&z=PDT&t=%E2%80%9Cquoted%E2%80%9D',
    '#w=20261231T2300Z/20270101T0100Z&z=UTC-03:00&v=',
  ];
  return list.map((f, i) => ({ name: `fragment_${i}`, bytes: Buffer.from(f) }));
}

/**
 * The .eml files of folders under tests/data/mail/.
 * @param {string[]} dirs
 */
function mailSeeds(dirs) {
  return dirs.flatMap((d) => files(join(mailData, d), /\.eml$/));
}

/**
 * @param {string} target
 * @returns {Promise<Seed[]>}
 */
async function seeds(target) {
  const messages = files(join(pgpData, 'messages'), /\.(asc|pgp|txt)$/);
  switch (target) {
    case 'decrypt': {
      // GnuPG's password messages hash 65 MB per try (see openpgpSeeds).
      const costly = /^(password_|fail_wrong_password)/;
      const list = messages.filter((f) => !f.name.endsWith('.txt') && !costly.test(f.name));
      return [...withBinary(list), ...(await openpgpSeeds())];
    }
    case 'inspect_keys':
      return withBinary(files(join(pgpData, 'keys'), /\.asc$/));
    case 'verify': {
      // First byte: even for inline or cleartext, odd for a detached
      // signature over hello.txt (see fuzz/fuzz_targets/verify.rs).
      /**
       * @param {number} mode
       * @param {Seed} f
       */
      const prefix = (mode, f) => ({ name: f.name, bytes: Buffer.concat([Buffer.from([mode]), f.bytes]) });
      const all = withBinary(messages.filter((f) => !f.name.endsWith('.txt')));
      return all.map((f) => prefix(/\.sig\.asc/.test(f.name) ? 1 : 0, f));
    }
    case 'parse_window':
      return windowTexts();
    case 'zone_lookup':
      return zoneSeeds();
    case 'read_fragment':
      return fragmentSeeds();
    case 'read_bounce':
      return mailSeeds(['bounces/eml', 'not-bounces']);
    case 'read_headers':
      return mailSeeds(['headers', 'not-bounces', 'pgp-mime']);
    default:
      throw new Error(target);
  }
}

/**
 * Writes the seeds into the target's corpus; returns how many.
 * @param {string} target
 */
async function writeSeeds(target) {
  const dir = join(fuzzDir, 'corpus', target);
  mkdirSync(dir, { recursive: true });
  const list = await seeds(target);
  for (const s of list) {
    const id = createHash('sha1').update(s.bytes).digest('hex').slice(0, 12);
    writeFileSync(join(dir, `seed-${s.name.replace(/[^\w.-]/g, '_')}-${id}`), s.bytes);
  }
  return list.length;
}

// --- Running ----------------------------------------------------------------

/**
 * What one target's run gave.
 * @typedef {{ target: string, execs: number, crashes: number, artifacts: string[], corpus: number,
 *   exit: number | NodeJS.Signals | null }} Result
 */

/**
 * Runs one target; resolves to its numbers.
 * @param {string} binary
 * @param {string} target
 * @param {number} seconds
 * @returns {Promise<Result>}
 */
function fuzz(binary, target, seconds) {
  const corpus = join(fuzzDir, 'corpus', target);
  const artifacts = join(fuzzDir, 'artifacts', target);
  mkdirSync(artifacts, { recursive: true });
  const before = new Set(readdirSync(artifacts));
  const args = [
    corpus,
    `-artifact_prefix=${artifacts}/`,
    `-max_total_time=${seconds}`,
    '-print_final_stats=1',
    // One input that takes this long would freeze the page: a finding.
    '-timeout=20',
    '-rss_limit_mb=2048',
  ];
  return new Promise((resolve) => {
    const child = spawn(binary, args, { cwd: root, stdio: ['ignore', 'inherit', 'pipe'] });
    let log = '';
    child.stderr.on('data', (d) => {
      log += d;
      if (log.length > 1 << 20) log = log.slice(-(1 << 19));
    });
    child.on('close', (code, signal) => {
      const execs = /stat::number_of_executed_units:\s*(\d+)/.exec(log)?.[1] ?? lastStatus(log);
      const found = readdirSync(artifacts).filter((n) => !before.has(n));
      const failed = code !== 0 || found.length > 0;
      if (failed) process.stderr.write(log.slice(-6000));
      resolve({
        target,
        execs: Number(execs ?? 0),
        crashes: failed ? Math.max(found.length, 1) : 0,
        artifacts: found.map((n) => join('fuzz/artifacts', target, n)),
        corpus: readdirSync(corpus).length,
        exit: code ?? signal,
      });
    });
  });
}

/**
 * The execution count of libFuzzer's last status line (`#12345 ...`).
 * @param {string} log
 */
function lastStatus(log) {
  const all = [...log.matchAll(/^#(\d+)\s/gm)];
  return all.length ? all[all.length - 1][1] : null;
}

async function main() {
  const o = options(process.argv.slice(2));
  const PATH = ensureCargoFuzz();
  const triple = hostTriple(o.sanitizer);
  const targetDir = join(fuzzDir, 'target', o.sanitizer === 'none' ? 'none' : 'asan');

  let started = Date.now();
  console.log(`=== building ${o.targets.length} target(s), sanitizer ${o.sanitizer}`);
  // One cargo invocation for all the targets: the dependencies are compiled
  // once. `-O` leaves assertions and overflow checks to fuzz/Cargo.toml's
  // profile (on for everything but mail-parser, see there); without it
  // cargo-fuzz would turn them on for every crate through RUSTFLAGS.
  const build = [...toolchain(o.sanitizer), 'fuzz', 'build', '-s', o.sanitizer, '-O', '--target-dir', targetDir];
  if (o.targets.length === TARGETS.length) run('cargo', build, { PATH });
  else for (const t of o.targets) run('cargo', [...build, t], { PATH });
  const buildSecs = (Date.now() - started) / 1000;
  console.log(`=== built in ${buildSecs.toFixed(1)} s`);

  /** @type {Map<string, string>} */
  const binaries = new Map();
  for (const t of o.targets) {
    const binary = join(targetDir, triple, 'release', t);
    if (!existsSync(binary)) {
      console.error(`fuzz.mjs: ${binary} was not built`);
      process.exit(1);
    }
    binaries.set(t, binary);
  }
  /** @type {Map<string, Result>} */
  const results = new Map();
  started = Date.now();
  const queue = [...o.targets];
  async function worker() {
    while (queue.length) {
      // The queue is not empty (the loop's test), and each target has its binary (above).
      const t = /** @type {string} */ (queue.shift());
      const n = await writeSeeds(t);
      console.log(`\n=== ${t}: ${n} seeds, ${o.seconds} s`);
      results.set(t, await fuzz(/** @type {string} */ (binaries.get(t)), t, o.seconds));
    }
  }
  await Promise.all(Array.from({ length: Math.min(o.parallel, o.targets.length) }, worker));
  const runSecs = (Date.now() - started) / 1000;

  console.log('\ntarget          executions   crashes   corpus');
  // Every target has run.
  for (const r of o.targets.map((t) => /** @type {Result} */ (results.get(t)))) {
    console.log(`${r.target.padEnd(15)} ${String(r.execs).padStart(10)} ${String(r.crashes).padStart(9)} ${String(r.corpus).padStart(8)}`);
    for (const a of r.artifacts) console.log(`    ${a}`);
  }
  console.log(`\nbuild ${buildSecs.toFixed(1)} s, fuzzing ${runSecs.toFixed(1)} s`);
  const crashed = [...results.values()].filter((r) => r.crashes > 0);
  if (crashed.length) {
    console.error(`\nFAILED: ${crashed.map((r) => r.target).join(', ')} crashed`);
    process.exit(1);
  }
  console.log(`${results.size} passed, 0 failed`);
}

await main();
