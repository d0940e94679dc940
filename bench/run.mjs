#!/usr/bin/env node
// Speed and memory of Sealpost against OpenPGP.js, measured in the same run.
//
//   npm run bench                    (node bench/run.mjs; after `npm run build`)
//   npm run bench -- --quick         few runs, small sizes: checks the harness
//   npm run bench -- --help
//
// 1. Serves the project root on 127.0.0.1 and opens bench/page/index.html in
//    Chromium (Debian's /usr/bin/chromium, or CHROME_PATH) through
//    playwright-core. The page imports the shipped www/sealpost.js and
//    OpenPGP.js's browser build (openpgp/dist/openpgp.min.mjs) and runs every
//    case (bench/lib/cases.mjs) as a checked warm-up of each side, then
//    Sealpost, OpenPGP.js, Sealpost, OpenPGP.js, … Instantiate is timed in a
//    fresh browser context per run; memory in a fresh context per library.
// 2. Runs the same cases in Node (bench/node.mjs).
// 3. Prints the tables, writes bench/results/<date>.json, and with --readme
//    puts the summary into bench/README.md.
//
// Benchmarks are not tests: `npm test` never runs this.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../scripts/serve.mjs';
import { plan } from './lib/cases.mjs';
import { machine } from './lib/machine.mjs';
import { caseOptions, childArgs, parseOptions, selected, USAGE } from './lib/options.mjs';
import { resetPeak, residentMemory } from './lib/proc.mjs';
import { memoryTable, timingTable } from './lib/stats.mjs';
import { CHROME_ARGS, CHROME_PATH } from '../scripts/chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const WASM = join(root, 'www', 'pkg', 'sealpost_pgp_bg.wasm');
const OPENPGP_BROWSER = join('node_modules', 'openpgp', 'dist', 'openpgp.min.mjs');
const BENCH_CHROME_ARGS = [
  ...CHROME_ARGS,
  // For the harness only: gc() between runs, and unrounded performance.memory.
  '--js-flags=--expose-gc',
  '--enable-precise-memory-info',
];

/** @param {string} line */
const log = (line) => process.stderr.write(`${line}\n`);
/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** @typedef {import('./lib/options.mjs').Options} Options */
/** @typedef {import('./lib/measure.mjs').CaseResult} CaseResult */
/** @typedef {import('./lib/stats.mjs').MemoryResult} MemoryResult */
/** @typedef {import('playwright-core').Browser} Browser */

// --- A snapshot of the build ---------------------------------------------

/** Modification times of www/ and www/pkg/ files, as one comparable string. */
function stamps() {
  return ['www', 'www/pkg']
    .flatMap((d) => readdirSync(join(root, d), { withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(root, d, e.name)))
    .map((f) => `${f}:${statSync(f).mtimeMs}`)
    .sort()
    .join('\n');
}

/**
 * Throws unless the wasm-bindgen glue and the wasm of `dir/www/pkg` are of the same build.
 * @param {string} dir
 */
async function checkPair(dir) {
  const glue = readFileSync(join(dir, 'www', 'pkg', 'sealpost_pgp.js'), 'utf8');
  const module = await WebAssembly.compile(readFileSync(join(dir, 'www', 'pkg', 'sealpost_pgp_bg.wasm')));
  const imports = new Set(WebAssembly.Module.imports(module).map((i) => i.name));
  const exports = WebAssembly.Module.exports(module).map((e) => e.name).filter((n) => !n.startsWith('__'));
  const odd = [
    ...[...imports, ...exports].filter((name) => !glue.includes(name)),
    // The glue's import shims carry a hash of their code: `__wbg_name_0123456789abcdef`.
    ...[...glue.matchAll(/\b__wbg_\w+_[0-9a-f]{16}\b/g)].map((m) => m[0]).filter((n) => !imports.has(n)),
  ];
  if (odd.length) throw new Error(`www/pkg/sealpost_pgp.js and its .wasm are of different builds (${odd.slice(0, 3).join(', ')}…)`);
}

/**
 * Copies www/, the bench page and OpenPGP.js's browser build into a
 * temporary directory, so that a rebuild by someone else during the run
 * cannot mix two builds. Waits while www/pkg/ is being written.
 */
async function snapshot() {
  const deadline = Date.now() + 15 * 60 * 1000;
  for (;;) {
    const before = stamps();
    const newest = Math.max(...before.split('\n').map((l) => Number(l.slice(l.lastIndexOf(':') + 1))));
    if (Date.now() - newest > 20_000) {
      const dir = mkdtempSync(join(tmpdir(), 'sealpost-bench-'));
      cpSync(join(root, 'www'), join(dir, 'www'), { recursive: true });
      cpSync(join(here, 'page'), join(dir, 'bench', 'page'), { recursive: true });
      cpSync(join(here, 'lib'), join(dir, 'bench', 'lib'), { recursive: true });
      mkdirSync(join(dir, 'node_modules', 'openpgp', 'dist'), { recursive: true });
      copyFileSync(join(root, OPENPGP_BROWSER), join(dir, OPENPGP_BROWSER));
      if (stamps() === before) {
        try {
          await checkPair(dir);
          return dir;
        } catch (thrown) {
          const e = /** @type {NodeJS.ErrnoException} */ (thrown);
          log(`bench: ${e.message}; waiting for the build to finish…`);
        }
      }
      rmSync(dir, { recursive: true, force: true });
    } else {
      log('bench: www/pkg/ changed less than 20 s ago; waiting for the build to finish…');
    }
    if (Date.now() > deadline) throw new Error('www/pkg/ kept changing for 15 minutes');
    await sleep(10_000);
  }
}

// --- Chromium ------------------------------------------------------------

/**
 * A new page of `context` with the bench page loaded.
 * @param {import('playwright-core').BrowserContext} context
 * @param {string} base
 */
async function openPage(context, base) {
  const page = await context.newPage();
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  await page.goto(`${base}/bench/page/index.html`);
  await page.waitForFunction(() => window.bench !== undefined);
  return page;
}

/**
 * The timing cases, in one page.
 * @param {Browser} browser
 * @param {string} base
 * @param {Options} o
 */
async function timingCases(browser, base, o) {
  const context = await browser.newContext();
  try {
    const page = await openPage(context, base);
    const hasGc = await page.evaluate(() => window.bench.hasGc);
    if (!hasGc) log('chromium: gc() is not exposed; runs are not preceded by a collection');
    const versions = await page.evaluate(() => window.bench.load());
    /** @type {CaseResult[]} */
    const results = [];
    for (const { id, label } of await page.evaluate((opts) => window.bench.list(opts), caseOptions(o))) {
      if (!selected(o, id, label)) continue;
      log(`chromium: ${label}…`);
      const r = await page.evaluate(
        ([caseId, opts]) => window.bench.run(caseId, opts),
        /** @type {Parameters<Window['bench']['run']>} */ ([id, caseOptions(o)]),
      );
      if (r.error) log(`chromium: ${label}: FAILED: ${r.error}`);
      results.push(r);
    }
    return { versions, results };
  } finally {
    await context.close();
  }
}

/**
 * Import + instantiate, each run in a fresh context (own renderer, empty HTTP cache).
 * @param {Browser} browser
 * @param {string} base
 * @param {number} runs
 */
async function instantiate(browser, base, runs) {
  /** @type {CaseResult & { sealpost: number[], openpgp: number[] }} */
  const r = {
    id: 'instantiate',
    label: 'instantiate (fresh page)',
    runs,
    format: { sealpost: "import sealpost.js + load('pgp')", openpgp: 'import openpgp.min.mjs' },
    sealpost: /** @type {number[]} */ ([]),
    openpgp: /** @type {number[]} */ ([]),
  };
  /** @param {'sealpost' | 'openpgp'} lib */
  const once = async (lib) => {
    const context = await browser.newContext();
    try {
      const page = await openPage(context, base);
      return await page.evaluate((l) => window.bench.instantiate(l), lib);
    } finally {
      await context.close();
    }
  };
  try {
    r.warmup = { sealpost: await once('sealpost'), openpgp: await once('openpgp') };
    for (let i = 0; i < runs; i++) {
      r.sealpost.push(await once('sealpost'));
      r.openpgp.push(await once('openpgp'));
    }
  } catch (thrown) {
    const e = /** @type {NodeJS.ErrnoException} */ (thrown);
    r.error = e.message.split('\n')[0];
  }
  return r;
}

/**
 * Peak memory of one encrypt + decrypt with one library alone in a fresh
 * page: the V8 heap and ArrayBuffer backing stores (CDP Runtime.getHeapUsage,
 * polled, and performance.memory at every step), the wasm memory
 * (memory.buffer.byteLength, which never shrinks, so it is its peak), and the
 * renderer's peak RSS (/proc VmHWM, reset before the run).
 * @param {Browser} browser
 * @param {string} base
 * @param {'sealpost' | 'openpgp'} lib
 * @param {Options} o
 */
async function memory(browser, base, lib, o) {
  const library = lib === 'sealpost' ? 'Sealpost' : 'OpenPGP.js';
  const context = await browser.newContext();
  try {
    const page = await openPage(context, base);
    const cdp = await context.newCDPSession(page);
    const system = await browser.newBrowserCDPSession();
    const prep = await page.evaluate(
      ([l, opts]) => window.bench.memoryPrepare(l, opts),
      /** @type {Parameters<Window['bench']['memoryPrepare']>} */ ([lib, caseOptions(o)]),
    );
    await page.evaluate(() => window.bench.settle());
    // Which renderer is the page's is not exposed: every renderer's peak is
    // reset, and the one that grew the most is taken.
    const renderers = (await system.send('SystemInfo.getProcessInfo').catch(() => ({ processInfo: [] }))).processInfo
      .filter((p) => p.type === 'renderer')
      .map((p) => ({ pid: p.id, reset: resetPeak(p.id), rss0: residentMemory(p.id)?.rss }))
      .filter((p) => p.reset && Number.isFinite(p.rss0));
    const heap = async () => {
      const h = await cdp.send('Runtime.getHeapUsage');
      return h.usedSize + (h.backingStorageSize ?? 0);
    };
    const base0 = await heap();
    const inPage0 = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? null);
    let polling = true;
    let peak = base0;
    const poller = (async () => {
      while (polling) {
        peak = Math.max(peak, await heap().catch(() => 0));
        await sleep(2);
      }
    })();
    let run;
    try {
      run = await page.evaluate(() => window.bench.memoryRun());
    } finally {
      polling = false;
      await poller;
    }
    peak = Math.max(peak, await heap());
    /** @type {((typeof renderers)[number] & { growth: number }) | null} */
    let renderer = null;
    for (const r of renderers) {
      // The cast: `renderers` keeps those with a finite rss0 only.
      const growth = (residentMemory(r.pid)?.hwm ?? 0) - /** @type {number} */ (r.rss0);
      if (!renderer || growth > renderer.growth) renderer = { ...r, growth };
    }
    const inPagePeak = inPage0 !== null ? run.jsHeapPeak - inPage0 : 0;
    return {
      library,
      size: prep.size,
      jsPeakDelta: Math.max(peak - base0, inPagePeak),
      wasmGrowth: run.wasmBytes - prep.wasmBytes,
      wasmBytes: run.wasmBytes,
      rssPeakDelta: renderer?.growth ?? null,
      detail: {
        cdpPeakDelta: peak - base0,
        inPagePeakDelta: inPagePeak,
        baseline: { cdp: base0, inPage: inPage0, rss: renderer?.rss0 ?? null },
        rendererPid: renderer?.pid ?? null,
        renderers: renderers.length,
      },
      note: prep.hasWasmHook ? undefined : 'no handle on the wasm memory: needs a hook in www/sealpost.js',
    };
  } catch (thrown) {
    const e = /** @type {NodeJS.ErrnoException} */ (thrown);
    return { library, error: e.message.split('\n')[0] };
  } finally {
    await context.close();
  }
}

/**
 * The Chromium half: timing cases, instantiate and memory.
 * @param {Options} o
 * @param {string} dir the snapshot to serve
 */
async function runBrowser(o, dir) {
  const { chromium } = await import('playwright-core');
  const executablePath = CHROME_PATH;
  if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath} (set CHROME_PATH)`);
  const server = await serve(dir, 0);
  // The cast: a server listening on a TCP port has an AddressInfo.
  const base = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
  const browser = await chromium.launch({ executablePath, args: BENCH_CHROME_ARGS });
  try {
    const p = plan(caseOptions(o));
    const { versions, results } = await timingCases(browser, base, o);
    if (selected(o, 'instantiate')) {
      log('chromium: instantiate (fresh context per run)…');
      results.push(await instantiate(browser, base, p.runs));
    }
    /** @type {MemoryResult[]} */
    const mem = [];
    if (selected(o, 'memory')) {
      for (const lib of /** @type {const} */ (['sealpost', 'openpgp'])) {
        log(`chromium: memory, ${lib}…`);
        mem.push(await memory(browser, base, lib, o));
      }
    }
    return {
      // As a literal type, by which summaryText tells the environments apart.
      environment: /** @type {const} */ ('chromium'),
      versions: { chromium: browser.version(), ...versions },
      memorySize: p.memorySize,
      cases: results,
      memory: mem,
    };
  } finally {
    await browser.close();
    server.close();
  }
}

// --- Node ----------------------------------------------------------------

/**
 * The Node half: bench/node.mjs in a child process.
 * @param {Options} o
 * @param {string} dir the snapshot whose www/ to load
 * @returns {Promise<Awaited<ReturnType<typeof import('./node.mjs').runNode>>>}
 */
function runNode(o, dir) {
  const out = join(tmpdir(), `sealpost-bench-node-${process.pid}.json`);
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [join(here, 'node.mjs'), '--json-out', out, '--www', join(dir, 'www'), ...childArgs(o)], { stdio: ['ignore', 'inherit', 'inherit'] });
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bench/node.mjs exited ${code}`));
      try {
        resolve(JSON.parse(readFileSync(out, 'utf8')));
      } catch (e) {
        reject(e);
      } finally {
        rmSync(out, { force: true });
      }
    });
  });
}

// --- Report --------------------------------------------------------------

/**
 * What a run writes to bench/results/.
 * @typedef {object} Report
 * @property {string} date
 * @property {import('./lib/cases.mjs').PlanOptions} options
 * @property {ReturnType<typeof machine> & { loadAverageAtEnd?: number[] }} machine
 * @property {{ file: string, bytes: number, sha256: string, rebuiltDuringRun?: boolean }} wasm
 * @property {Awaited<ReturnType<typeof runBrowser>>} [chromium]
 * @property {Awaited<ReturnType<typeof runNode>>} [node]
 * @property {string} [sealpost]
 * @property {string} [openpgp]
 * @property {number} [seconds]
 */

/** @param {Report} report */
function summaryText(report) {
  const { machine: m, options: opts } = report;
  const lines = [];
  const p = plan(opts);
  lines.push(`Date: ${report.date}`);
  lines.push(
    `Machine: ${m.nproc} CPUs (nproc), ${m.cpu}, ${m.memoryGiB} GiB RAM, ${m.platform}; ` +
      `load average ${m.loadAverage[0]} at the start, ${m.loadAverageAtEnd?.[0] ?? '?'} at the end`,
  );
  lines.push(
    `Versions: Sealpost ${report.sealpost ?? '?'} (pgp wasm ${report.wasm.bytes} bytes), OpenPGP.js ${report.openpgp ?? '?'}, ` +
      `Chromium ${report.chromium?.versions.chromium ?? '-'}, Node ${m.node}`,
  );
  lines.push(
    `Runs: ${p.runs} counted per case (RSA-3072 key generation: ${p.rsaRuns}) after one checked warm-up of each side, ` +
      `alternating Sealpost/OpenPGP.js${opts.quick ? '; --quick' : ''}.`,
  );
  lines.push('Times: median and min-max in ms; ratio = Sealpost median / OpenPGP.js median (below 1: Sealpost is faster).');
  for (const env of [report.chromium, report.node]) {
    if (!env) continue;
    const title = env.environment === 'chromium' ? `Chromium ${env.versions.chromium}` : `Node ${env.versions.node}`;
    if (env.cases.length) lines.push('', title, '', timingTable(env.cases));
    if (env.memory.length) {
      lines.push('', `${title}: memory of one ${env.memorySize / 1048576} MiB encrypt + decrypt (SEIPDv1, binary), growth over the loaded library`, '');
      lines.push(memoryTable(env.memory));
      for (const x of env.memory) if (x.note) lines.push(`  ${x.library}: ${x.note}`);
    }
  }
  return lines.join('\n');
}

/** @param {string} text */
function updateReadme(text) {
  const readme = join(here, 'README.md');
  const start = '<!-- bench:latest:start -->';
  const end = '<!-- bench:latest:end -->';
  const body = readFileSync(readme, 'utf8');
  const i = body.indexOf(start);
  const j = body.indexOf(end);
  if (i < 0 || j < i) throw new Error(`bench/README.md has no ${start} … ${end} section`);
  writeFileSync(readme, `${body.slice(0, i + start.length)}\n\n\`\`\`\n${text}\n\`\`\`\n\n${body.slice(j)}`);
}

async function main() {
  const o = parseOptions(process.argv.slice(2));
  if (o.help) {
    console.log(USAGE);
    return;
  }
  if (!existsSync(WASM)) throw new Error('www/pkg/sealpost_pgp_bg.wasm is missing: run `npm run build` first.');
  const dir = await snapshot();
  try {
    await run(o, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * @param {Options} o
 * @param {string} dir
 */
async function run(o, dir) {
  const wasm = readFileSync(join(dir, 'www', 'pkg', 'sealpost_pgp_bg.wasm'));
  const started = new Date();
  /** @type {Report} */
  const report = {
    date: started.toISOString(),
    options: caseOptions(o),
    machine: machine(),
    wasm: { file: relative(root, WASM), bytes: wasm.length, sha256: createHash('sha256').update(wasm).digest('hex') },
  };
  if (o.browser) report.chromium = await runBrowser(o, dir);
  if (o.node) report.node = await runNode(o, dir);
  report.sealpost = report.chromium?.versions.sealpost ?? report.node?.versions.sealpost;
  report.openpgp = (report.chromium?.versions.openpgp ?? report.node?.versions.openpgp)?.replace(/^OpenPGP\.js /, '');
  report.seconds = Math.round((Date.now() - started.getTime()) / 1000);
  report.machine.loadAverageAtEnd = machine().loadAverage;
  const live = existsSync(WASM) ? createHash('sha256').update(readFileSync(WASM)).digest('hex') : null;
  if (live !== report.wasm.sha256) {
    report.wasm.rebuiltDuringRun = true;
    log('bench: www/pkg/ was rebuilt during the run; the numbers are for the build copied at the start.');
  }

  const text = summaryText(report);
  console.log(`\n${text}`);
  const results = join(here, 'results');
  mkdirSync(results, { recursive: true });
  const file = join(results, `${report.date.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')}${o.quick ? '-quick' : ''}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nResults: ${relative(root, file)} (${report.seconds} s)`);
  if (o.readme) {
    updateReadme(text);
    console.log('Summary written to bench/README.md');
  }
  const failed = [report.chromium, report.node].flatMap((env) => [...(env?.cases ?? []), ...(env?.memory ?? [])]).filter((r) => r.error);
  if (failed.length) {
    console.error(`${failed.length} case(s) failed: see the tables.`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(`bench: ${e.message}`);
  process.exit(1);
});
