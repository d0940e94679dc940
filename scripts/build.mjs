#!/usr/bin/env node
// Builds the WebAssembly modules that the page, the npm API and the CLIs load.
//
//   node scripts/build.mjs
//
// 1. makes sure the wasm32 target and wasm-bindgen-cli (exactly the version
//    of `wasm-bindgen` in Cargo.lock) are installed; the CLI goes into the
//    ignored `.tools/` folder once and is reused afterwards;
// 2. for each module (`sealpost_window`: maintenance times only;
//    `sealpost_pgp`: OpenPGP only; `sealpost_mail`: bounces, headers and
//    PGP/MIME only), `cargo rustc --release --target
//    wasm32-unknown-unknown` with that cargo feature;
// 3. `wasm-bindgen --target web` into `www/pkg/`, without the name and
//    producers sections;
// 4. `wasm-opt -Oz` from npm `binaryen`, skipped when its input is unchanged;
// 5. the JavaScript build of the same module for browsers without
//    WebAssembly (scripts/wasm2js.mjs): `<name>_bg.wasm.js`, the module
//    translated by wasm2js, and `<name>_nowasm.js`, its glue (with its
//    types, `<name>_nowasm.d.ts`); the translation is skipped when the
//    .wasm is unchanged;
// 6. `www/pkg/integrity.js`: the Subresource Integrity of each module, with
//    which www/sealpost.js fetches it.
//
// Every wasm32 build targets WebAssembly 1.0 plus the extensions wasm2js
// can translate (.cargo/config.toml), so one cargo build serves both.
// Second runs only pay for what changed. The modules do not depend on where
// the checkout, Cargo's target folder or its registry are (see
// `RUSTFLAGS` and `CRATE_FLAGS`), so the same commit gives the same bytes
// anywhere.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeModuleIntegrity } from './sri.mjs';
import { FEATURE_FLAGS, glueTypes, importNameOf, patchCore, patchGlue, stripTargetFeatures, translate } from './wasm2js.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tools = join(root, '.tools');
const target = 'wasm32-unknown-unknown';
const outDir = join(root, 'www', 'pkg');
// Cargo's output folder for the wasm32 builds: a folder of their own
// (target/wasm), which they share with no host build anyway, so that
// `npm test` can build the modules while it builds and runs the native
// tests in target/. CARGO_TARGET_DIR moves it elsewhere.
const cargoTarget = process.env.CARGO_TARGET_DIR ? resolve(root, process.env.CARGO_TARGET_DIR) : join(root, 'target', 'wasm');

/** Cargo's output folder for the wasm32 builds of this checkout, as an absolute path. */
export function cargoTargetDir() {
  return cargoTarget;
}
const stageDir = join(cargoTarget, 'wasm-bindgen');

/**
 * `path` with symbolic links resolved, as rustc sees it (or as given, if it does not exist yet).
 * @param {string} path
 * @returns {string}
 */
function real(path) {
  try {
    return realpathSync(path);
  } catch {
    return dirname(path) === path ? path : join(real(dirname(path)), basename(path));
  }
}

/**
 * rustc flags for the modules, added to those of .cargo/config.toml: the
 * paths of Cargo's target folder (build scripts' generated sources) and of
 * Cargo's home (the registry sources) become fixed names wherever the
 * compiler embeds a path, such as a panic location, so that no build
 * depends on the folder it ran in. The most specific prefix comes last,
 * because rustc applies the last one that matches. Every build uses them,
 * so the page, the tests and the release (scripts/release.mjs) all ship the
 * same bytes. RUSTFLAGS in the environment would replace all of these
 * (Cargo takes flags from one place only), so builds ignore it.
 */
export const RUSTFLAGS = [
  [real(process.env.CARGO_HOME ? resolve(process.env.CARGO_HOME) : join(homedir(), '.cargo')), '/cargo'],
  [real(cargoTarget), '/target'],
]
  .sort((a, b) => a[0].length - b[0].length)
  .map(([from, to]) => `--remap-path-prefix=${from}=${to}`);

/**
 * The same for the checkout, given to the sealpost crate alone (`cargo
 * rustc`): the dependencies never see this path, so a checkout elsewhere
 * (the second build of `release.mjs --check`) reuses them from a shared
 * target folder. Cargo puts RUSTFLAGS after these, so a target folder
 * inside the checkout still becomes `/target`.
 */
export const CRATE_FLAGS = [`--remap-path-prefix=${real(root)}=/sealpost`];

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {import('node:child_process').SpawnSyncOptions} [opts]
 */
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.error) throw new Error(`${cmd} could not be started: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
}

/**
 * The standard output of a command, or null if it fails.
 * @param {string} cmd
 * @param {string[]} args
 * @returns {string | null}
 */
function output(cmd, args) {
  try {
    return execFileSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}

/**
 * The version of a crate as locked in Cargo.lock.
 * @param {string} name
 * @returns {string}
 */
export function lockedVersion(name) {
  const lock = readFileSync(join(root, 'Cargo.lock'), 'utf8');
  const m = lock.match(new RegExp(`\\[\\[package\\]\\]\\nname = "${name}"\\nversion = "([^"]+)"`));
  if (!m) throw new Error(`${name} is not in Cargo.lock`);
  return m[1];
}

function ensureTarget() {
  const installed = output('rustup', ['target', 'list', '--installed']) ?? '';
  if (!installed.split('\n').includes(target)) run('rustup', ['target', 'add', target]);
}

/**
 * Path of a wasm-bindgen binary of exactly `version`, installing it if needed.
 * @param {string} version
 * @returns {string}
 */
export function ensureWasmBindgen(version) {
  const local = join(tools, 'bin', 'wasm-bindgen');
  for (const bin of [local, 'wasm-bindgen']) {
    const v = output(bin, ['--version']);
    if (v && v.trim().split(/\s+/)[1] === version) return bin;
  }
  console.log(`Installing wasm-bindgen-cli ${version} into .tools/ (once per machine; about 3 minutes)…`);
  // Only the one binary the build runs, without the test runner's TLS
  // stack (default features), and compiled for a quick build rather than
  // for speed: its output is the same byte for byte, and it takes well
  // under a second per module either way.
  const env = {
    ...process.env,
    CARGO_PROFILE_RELEASE_OPT_LEVEL: '1',
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS: '16',
    CARGO_PROFILE_RELEASE_LTO: 'false',
    CARGO_PROFILE_RELEASE_DEBUG: 'false',
  };
  run('cargo', ['install', 'wasm-bindgen-cli', '--version', version, '--root', tools, '--no-default-features', '--bin', 'wasm-bindgen'], { env });
  return local;
}

/** @param {string} file */
function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * A binaryen tool from npm `binaryen`.
 * @param {string} tool
 */
function binaryen(tool) {
  const path = join(root, 'node_modules', '.bin', tool);
  if (!existsSync(path)) throw new Error(`${tool} is missing: run \`npm ci\` first (npm package binaryen)`);
  return path;
}

/**
 * Writes `data` into www/pkg/ unless the file holds those bytes already,
 * and then through a new file renamed over the old one: a page or a test
 * reading www/pkg/ while a build runs (npm test builds the single file
 * beside the browser tests) sees the old file or the new, never half of
 * one, and an unchanged file is not touched at all.
 * @param {string} file
 * @param {string | Buffer} data
 */
function writeIfChanged(file, data) {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  if (existsSync(file) && readFileSync(file).equals(bytes)) return;
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, file);
}

/**
 * Runs `make()` unless `outputs` exist and were made from the same `inputs`
 * (files and strings), as recorded in `stamp`.
 * @param {string} stamp
 * @param {string[]} inputs
 * @param {string[]} outputs
 * @param {() => void} make
 */
function unlessUnchanged(stamp, inputs, outputs, make) {
  const hash = createHash('sha256');
  for (const input of inputs) hash.update(existsSync(input) ? sha256(input) : input).update('\0');
  const digest = hash.digest('hex');
  if (outputs.every((f) => existsSync(f)) && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  make();
  writeFileSync(stamp, digest);
}

/**
 * @param {string} input
 * @param {string} output
 * @param {string} stamp
 */
function optimise(input, output, stamp) {
  const args = ['-Oz', ...FEATURE_FLAGS, '--strip-debug', '--strip-producers'];
  unlessUnchanged(stamp, [input, ...args], [output], () => run(binaryen('wasm-opt'), [...args, input, '-o', output]));
}

/**
 * The JavaScript build of `name` from its shipped .wasm and its staged glue.
 * @param {string} name
 * @param {string} stage
 */
function buildJavaScript(name, stage) {
  const wasm = join(outDir, `${name}_bg.wasm`);
  const glue = readFileSync(join(stage, `${name}.js`), 'utf8');
  const importName = importNameOf(glue);
  const core = join(outDir, `${name}_bg.wasm.js`);
  unlessUnchanged(join(stage, 'wasm2js.input-sha256'), [wasm, importName, readFileSync(join(root, 'scripts', 'wasm2js.mjs'), 'utf8')], [core], () => {
    const raw = join(stage, `${name}.wasm2js.js`);
    translate({ wasmOpt: binaryen('wasm-opt'), wasm2js: binaryen('wasm2js'), input: wasm, work: join(stage, `${name}.lowered.wasm`), output: raw });
    writeIfChanged(core, patchCore(readFileSync(raw, 'utf8'), importName));
  });
  writeIfChanged(join(outDir, `${name}_nowasm.js`), patchGlue(glue));
  writeIfChanged(join(outDir, `${name}_nowasm.d.ts`), glueTypes(readFileSync(join(stage, `${name}.d.ts`), 'utf8')));
}

/** Installs the npm devDependencies (binaryen's wasm-opt, …) when any is missing. */
export function ensureNodeModules() {
  const { devDependencies = {} } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const missing = Object.keys(devDependencies).filter((name) => !existsSync(join(root, 'node_modules', name, 'package.json')));
  if (missing.length === 0 && existsSync(join(root, 'node_modules', '.bin', 'wasm-opt'))) return;
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

/**
 * The modules the page loads: the maintenance-times view must not download
 * the OpenPGP code, so each feature is its own module.
 */
export const MODULES = [
  { name: 'sealpost_window', features: 'window' },
  { name: 'sealpost_pgp', features: 'pgp' },
  { name: 'sealpost_mail', features: 'mail' },
];

/**
 * @param {string} bindgen the wasm-bindgen binary
 * @param {{ name: string, features: string }} module one of `MODULES`
 */
function buildModule(bindgen, { name, features }) {
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, CARGO_TARGET_DIR: cargoTarget };
  delete env.RUSTFLAGS;
  delete env.CARGO_ENCODED_RUSTFLAGS;
  // Arrays given with --config are appended to those of the config files.
  const flags = `target.${target}.rustflags=${JSON.stringify(RUSTFLAGS)}`;
  run('cargo', ['rustc', '--release', '--lib', '--target', target, '--no-default-features', '--features', features, '--config', flags, '--', ...CRATE_FLAGS], { env });
  const stage = join(stageDir, name);
  mkdirSync(stage, { recursive: true });
  // Without the section that lists reference types, wasm-bindgen keeps
  // JavaScript values in a plain array, which wasm2js can translate.
  const linked = join(stage, `${name}.linked.wasm`);
  writeFileSync(linked, stripTargetFeatures(readFileSync(join(cargoTarget, target, 'release', 'sealpost.wasm'))));
  run(bindgen, [
    '--target', 'web',
    '--out-dir', stage,
    '--out-name', name,
    '--remove-name-section',
    '--remove-producers-section',
    linked,
  ]);
  for (const f of [`${name}.js`, `${name}.d.ts`, `${name}_bg.wasm.d.ts`]) {
    writeIfChanged(join(outDir, f), readFileSync(join(stage, f)));
  }
  optimise(join(stage, `${name}_bg.wasm`), join(outDir, `${name}_bg.wasm`), join(stage, 'wasm-opt.input-sha256'));
  buildJavaScript(name, stage);
  console.log(`Built ${join('www', 'pkg', `${name}_bg.wasm`)} and its JavaScript build ${join('www', 'pkg', `${name}_bg.wasm.js`)}`);
}

export function build() {
  ensureNodeModules();
  ensureTarget();
  const bindgen = ensureWasmBindgen(lockedVersion('wasm-bindgen'));
  mkdirSync(outDir, { recursive: true });
  for (const module of MODULES) buildModule(bindgen, module);
  writeModuleIntegrity(outDir);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    build();
  } catch (thrown) {
    const e = /** @type {NodeJS.ErrnoException} */ (thrown);
    console.error(`build: ${e.message}`);
    process.exit(1);
  }
}
