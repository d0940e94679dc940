#!/usr/bin/env node
// The Node half of the benchmark: Sealpost through www/sealpost.js (which
// reads www/pkg/*.wasm from disk) against OpenPGP.js's Node build, with the
// same cases as the browser page (bench/lib/cases.mjs).
//
//   node bench/node.mjs [--quick] [--runs N] [--only TEXT] [--json-out FILE]
//
// Normally started by bench/run.mjs. Instantiate and memory are measured in
// fresh child processes (this file with --child instantiate|memory).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fixtures, generateKeys, makeCases, plan, randomBytes, roundTrip, sealpostWasmMemory } from './lib/cases.mjs';
import { machine } from './lib/machine.mjs';
import { runCase } from './lib/measure.mjs';
import { caseOptions, childArgs, parseOptions, selected, USAGE } from './lib/options.mjs';
import { resetPeak, residentMemory } from './lib/proc.mjs';
import { memoryTable, timingTable } from './lib/stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
// `--www DIR`: the www/ to load Sealpost from (bench/run.mjs passes a snapshot,
// so that a rebuild during the run cannot mix two builds).
let www = join(root, 'www');
let SEALPOST = pathToFileURL(join(www, 'sealpost.js')).href;
const self = fileURLToPath(import.meta.url);

setFlagsFromString('--expose-gc');
const gcFn = runInNewContext('gc');
const gc = () => gcFn();
/** Collects garbage twice with a pause, so that freed ArrayBuffers are really gone. */
async function settle() {
  gc();
  await new Promise((r) => setTimeout(r, 50));
  gc();
}

/** @param {string} line */
const log = (line) => process.stderr.write(`${line}\n`);

/**
 * Runs this file as a child with `args`; resolves to its JSON output.
 * @param {string[]} args
 */
function child(args) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [self, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) reject(new Error(`child ${args.join(' ')} exited ${code}: ${err.trim().split('\n').slice(-3).join(' / ')}`));
      else resolve(JSON.parse(out));
    });
  });
}

// --- Children ------------------------------------------------------------

/** @typedef {'sealpost' | 'openpgp'} Lib the library a child measures */

/**
 * Milliseconds from nothing to a usable library, in this fresh process.
 * @param {Lib} lib
 */
async function childInstantiate(lib) {
  const t0 = performance.now();
  if (lib === 'sealpost') {
    const sp = await import(SEALPOST);
    const glue = await sp.load('pgp');
    if (typeof glue.encrypt !== 'function') throw new Error('Sealpost did not load');
  } else {
    const openpgp = await import('openpgp');
    if (typeof openpgp.encrypt !== 'function') throw new Error('OpenPGP.js did not load');
  }
  return { ms: performance.now() - t0 };
}

/**
 * Peak memory of one encrypt + decrypt round trip with one library loaded.
 * @param {Lib} lib
 * @param {import('./lib/cases.mjs').PlanOptions} options
 */
async function childMemory(lib, options) {
  const size = plan(options).memorySize;
  const libs = lib === 'sealpost' ? { sp: await import(SEALPOST) } : { openpgp: await import('openpgp') };
  const wasm = libs.sp ? await sealpostWasmMemory(libs.sp) : null;
  const keys = await generateKeys('v4', libs);
  const pt = randomBytes(size);
  // One small round trip first, so that compiling the code (JIT, wasm tier-up)
  // is not counted as memory the data needs.
  await roundTrip(lib, { ...libs, keys, pt: randomBytes(64 * 1024) });
  await settle();
  const base = process.memoryUsage();
  const wasm0 = wasm?.buffer.byteLength ?? 0;
  const peakReset = resetPeak();
  const rss0 = residentMemory();
  let peak = base.heapUsed + base.arrayBuffers;
  const sample = () => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.heapUsed + m.arrayBuffers);
  };
  const timer = setInterval(sample, 1);
  try {
    await roundTrip(lib, { ...libs, keys, pt, sample });
  } finally {
    clearInterval(timer);
  }
  const rss1 = residentMemory();
  const wasmBytes = wasm?.buffer.byteLength ?? 0;
  return {
    library: lib === 'sealpost' ? 'Sealpost' : 'OpenPGP.js',
    size,
    // V8 heap + ArrayBuffer backing stores (Node's `arrayBuffers` leaves wasm memory out).
    jsPeakDelta: peak - base.heapUsed - base.arrayBuffers,
    wasmGrowth: wasmBytes - wasm0,
    wasmBytes,
    rssPeakDelta: peakReset && rss0 && rss1 ? rss1.hwm - rss0.rss : null,
    baseline: { heapUsed: base.heapUsed, arrayBuffers: base.arrayBuffers, rss: rss0?.rss ?? null, wasmBytes: wasm0 },
    note: wasm || !libs.sp ? undefined : 'no handle on the wasm memory',
  };
}

// --- The Node run --------------------------------------------------------

/** @param {import('./lib/options.mjs').Options} o */
export async function runNode(o) {
  const sp = await import(SEALPOST);
  const openpgp = await import('openpgp');
  await sp.load('pgp');
  const options = caseOptions(o);
  const p = plan(options);
  /** @type {import('./lib/measure.mjs').CaseResult[]} */
  const results = [];
  const cases = makeCases({ sp, openpgp, options, shared: fixtures({ sp, openpgp }) });
  for (const c of cases) {
    if (!selected(o, c.id, c.label)) continue;
    log(`node: ${c.label}…`);
    const r = await runCase(c, { gc });
    if (r.error) log(`node: ${c.label}: FAILED: ${r.error}`);
    results.push(r);
  }

  if (selected(o, 'instantiate')) {
    log('node: instantiate (fresh process per run)…');
    /** @type {import('./lib/measure.mjs').CaseResult & { sealpost: number[], openpgp: number[] }} */
    const r = {
      id: 'instantiate',
      label: 'instantiate (fresh process)',
      runs: p.runs,
      format: { sealpost: "import sealpost.js + load('pgp')", openpgp: "import 'openpgp'" },
      sealpost: /** @type {number[]} */ ([]),
      openpgp: /** @type {number[]} */ ([]),
    };
    try {
      /** @param {string} lib */
      const args = (lib) => ['--child', 'instantiate', '--lib', lib, '--www', www];
      r.warmup = { sealpost: (await child(args('sealpost'))).ms, openpgp: (await child(args('openpgp'))).ms };
      for (let i = 0; i < p.runs; i++) {
        r.sealpost.push((await child(args('sealpost'))).ms);
        r.openpgp.push((await child(args('openpgp'))).ms);
      }
    } catch (thrown) {
      const e = /** @type {NodeJS.ErrnoException} */ (thrown);
      r.error = e.message;
    }
    results.push(r);
  }

  /** @type {import('./lib/stats.mjs').MemoryResult[]} */
  const memory = [];
  if (selected(o, 'memory')) {
    for (const lib of ['sealpost', 'openpgp']) {
      log(`node: memory, ${lib}…`);
      try {
        memory.push(await child(['--child', 'memory', '--lib', lib, '--www', www, ...childArgs(o)]));
      } catch (thrown) {
        const e = /** @type {NodeJS.ErrnoException} */ (thrown);
        memory.push({ library: lib === 'sealpost' ? 'Sealpost' : 'OpenPGP.js', error: e.message });
      }
    }
  }
  return {
    // As a literal type, by which bench/run.mjs tells the environments apart.
    environment: /** @type {const} */ ('node'),
    versions: { node: process.version, v8: process.versions.v8, sealpost: (await sp.load('pgp')).buildInfo().sealpost, openpgp: openpgp.config.versionString },
    memorySize: p.memorySize,
    cases: results,
    memory,
  };
}

async function main() {
  const o = parseOptions(process.argv.slice(2));
  if (o.help) {
    console.log(USAGE);
    return;
  }
  if (o.www) {
    www = resolve(o.www);
    SEALPOST = pathToFileURL(join(www, 'sealpost.js')).href;
  }
  // The casts: runNode starts the children with `--lib sealpost` or `--lib openpgp`.
  if (o.child === 'instantiate') {
    console.log(JSON.stringify(await childInstantiate(/** @type {Lib} */ (o.lib))));
    return;
  }
  if (o.child === 'memory') {
    console.log(JSON.stringify(await childMemory(/** @type {Lib} */ (o.lib), caseOptions(o))));
    return;
  }
  try {
    readFileSync(join(www, 'pkg', 'sealpost_pgp_bg.wasm'));
  } catch {
    throw new Error('www/pkg/sealpost_pgp_bg.wasm is missing: run `npm run build` first.');
  }
  const result = await runNode(o);
  if (o.jsonOut) {
    writeFileSync(o.jsonOut, JSON.stringify(result));
    return;
  }
  console.log(`Node ${process.version} (${machine().cpu}), ${result.versions.openpgp}`);
  if (result.cases.length) console.log(timingTable(result.cases));
  if (result.memory.length) {
    console.log(`\nMemory, one ${result.memorySize / 1048576} MiB encrypt + decrypt (SEIPDv1, binary)`);
    console.log(memoryTable(result.memory));
  }
}

main().catch((e) => {
  console.error(`bench/node: ${e.message}`);
  process.exit(1);
});
