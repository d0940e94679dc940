// The browser side of the benchmark. bench/run.mjs calls `window.bench.*`
// through Playwright; the libraries are imported only when asked, so that a
// fresh page can time the import itself and the memory case can load one
// library alone.
import { fixtures, generateKeys, makeCases, plan, randomBytes, roundTrip, sealpostWasmMemory } from '../lib/cases.mjs';
import { runCase } from '../lib/measure.mjs';
import { timingTable } from '../lib/stats.mjs';

const SEALPOST = '/www/sealpost.js';
const OPENPGP = '/node_modules/openpgp/dist/openpgp.min.mjs';

// The cast: `globalThis.gc` was just found to be a function (Chromium started with --expose-gc).
const gc = typeof globalThis.gc === 'function' ? () => /** @type {() => void} */ (globalThis.gc)() : () => {};
/**
 * What `memoryPrepare` leaves for `memoryRun`: one library, its key and the plaintext.
 * @typedef {import('../lib/cases.mjs').Libraries & { lib: 'sealpost' | 'openpgp', keys: import('../lib/cases.mjs').Keys, pt: Uint8Array, wasm: WebAssembly.Memory | null }} MemoryState
 */
/** @type {{ libs: import('../lib/cases.mjs').Libraries, cases: ReturnType<typeof makeCases> | null, memory: MemoryState | null }} */
const state = { libs: {}, cases: null, memory: null };

/** @returns {Promise<Required<import('../lib/cases.mjs').Libraries>>} both libraries, imported once per page */
async function loadLibs() {
  state.libs.sp ??= await import(SEALPOST);
  state.libs.openpgp ??= await import(OPENPGP);
  const { sp, openpgp } = state.libs;
  if (!sp || !openpgp) throw new Error('the libraries did not import');
  await sp.load('pgp');
  return { sp, openpgp };
}

/** @param {import('../lib/cases.mjs').PlanOptions} options */
function cases(options) {
  if (!state.cases) {
    // The cast: list() and run() call loadLibs() first, which imports both.
    const { sp, openpgp } = /** @type {Required<import('../lib/cases.mjs').Libraries>} */ (state.libs);
    state.cases = makeCases({ sp, openpgp, options, shared: fixtures({ sp, openpgp }) });
  }
  return state.cases;
}

/** What bench/run.mjs calls in the page, as `window.bench` (bench/page/globals.d.ts). */
const bench = {
  hasGc: typeof globalThis.gc === 'function',

  /** Imports both libraries; returns versions. */
  async load() {
    const { sp, openpgp } = await loadLibs();
    // The cast: load('pgp') returns the pgp glue (its first @overload), but tsc takes the implementation's Promise<object>.
    const glue = /** @type {typeof import('../../www/pkg/sealpost_pgp.js')} */ (await sp.load('pgp'));
    /** @type {import('../../www/sealpost.js').BuildInfo} */
    const info = glue.buildInfo(); // the pgp module's own, without loading the window module
    return { sealpost: info.sealpost, openpgp: openpgp.config.versionString, userAgent: navigator.userAgent };
  },

  /**
   * `[{ id, label, runs }]` of the timing cases.
   * @param {import('../lib/cases.mjs').PlanOptions} options
   */
  async list(options) {
    await loadLibs();
    return cases(options).map(({ id, label, runs }) => ({ id, label, runs }));
  },

  /**
   * Runs one timing case (see bench/lib/measure.mjs).
   * @param {string} id
   * @param {import('../lib/cases.mjs').PlanOptions} options
   */
  async run(id, options) {
    await loadLibs();
    const c = cases(options).find((x) => x.id === id);
    if (!c) throw new Error(`no case ${id}`);
    return runCase(c, { gc });
  },

  /**
   * Milliseconds to get a usable library in this (fresh) page: Sealpost's
   * `import(sealpost.js)` + `load('pgp')` (fetch, compile and instantiate the
   * wasm), or `import(openpgp.min.mjs)`.
   * @param {'sealpost' | 'openpgp'} lib
   */
  async instantiate(lib) {
    const t0 = performance.now();
    let ok;
    if (lib === 'sealpost') {
      const sp = await import(SEALPOST);
      const glue = await sp.load('pgp');
      ok = typeof glue.encrypt === 'function';
    } else {
      const openpgp = await import(OPENPGP);
      ok = typeof openpgp.encrypt === 'function';
    }
    const ms = performance.now() - t0;
    if (!ok) throw new Error(`${lib} did not load`);
    return ms;
  },

  /** Loads one library, its v4 key and the plaintext; returns the wasm memory size. */
  /**
   * Loads ONE library (the other is never imported into this page), makes
   * its v4 key and the plaintext; returns the wasm memory size.
   * @param {'sealpost' | 'openpgp'} lib
   * @param {{ quick?: boolean, runs?: number, rsaRuns?: number }} options
   */
  async memoryPrepare(lib, options) {
    const size = plan(options).memorySize;
    const libs = lib === 'sealpost' ? { sp: await import(SEALPOST) } : { openpgp: await import(OPENPGP) };
    if (libs.sp) await libs.sp.load('pgp');
    const keys = await generateKeys('v4', libs);
    const pt = randomBytes(size);
    state.memory = { lib, ...libs, keys, pt, wasm: libs.sp ? await sealpostWasmMemory(libs.sp) : null };
    // One small round trip first, so that compiling the code (JIT, wasm tier-up)
    // is not counted as memory the data needs.
    await roundTrip(lib, { ...libs, keys, pt: randomBytes(64 * 1024) });
    await window.bench.settle();
    return {
      size,
      wasmBytes: state.memory.wasm?.buffer.byteLength ?? 0,
      hasWasmHook: Boolean(state.memory.wasm) || !libs.sp,
      // Chromium's precise performance.memory: V8 heap + ArrayBuffer backing stores, not wasm memory.
      jsHeap: performance.memory?.usedJSHeapSize ?? null,
    };
  },

  /** The encrypt + decrypt round trip; in-page heap samples at each step. */
  async memoryRun() {
    const m = state.memory;
    if (!m) throw new Error('memoryRun needs memoryPrepare first');
    /** @type {{ step: string, used: number | null }[]} */
    const samples = [];
    /** @param {string} step */
    const sample = (step) => samples.push({ step, used: performance.memory?.usedJSHeapSize ?? null });
    const timer = setInterval(() => sample('timer'), 1);
    try {
      await roundTrip(m.lib, { ...m, sample });
    } finally {
      clearInterval(timer);
    }
    return {
      wasmBytes: m.wasm?.buffer.byteLength ?? 0,
      jsHeapPeak: Math.max(...samples.map((s) => s.used ?? 0)),
      samples: samples.filter((s) => s.step !== 'timer'),
    };
  },

  gc,

  /** Collects garbage twice with a pause, so that freed ArrayBuffers are really gone. */
  async settle() {
    gc();
    await new Promise((r) => setTimeout(r, 50));
    gc();
  },
};
window.bench = bench;
/** @typedef {typeof bench} Bench */

// By hand: a quick run of the timing cases, printed as a table.
const button = /** @type {HTMLButtonElement} */ (document.getElementById('run'));
const status = document.getElementById('status');
if (!status) throw new Error('the page has no #status element');
button.disabled = false;
status.textContent = 'ready';
button.addEventListener('click', async () => {
  button.disabled = true;
  const options = { quick: true };
  const results = [];
  try {
    for (const { id, label } of await window.bench.list(options)) {
      status.textContent = label;
      results.push(await window.bench.run(id, options));
      const out = document.getElementById('out');
      if (!out) throw new Error('the page has no #out element');
      out.textContent = timingTable(results);
    }
    status.textContent = 'done';
  } catch (thrown) {
    const e = /** @type {Error} */ (thrown);
    status.textContent = `failed: ${e.message}`;
  }
  button.disabled = false;
});
