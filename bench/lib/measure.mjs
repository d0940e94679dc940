// Runs one case: a warm-up of each side (whose outputs are checked), then
// the counted runs alternating Sealpost, OpenPGP.js, Sealpost, OpenPGP.js, …
// with a garbage collection (when available) before every timed call.

/**
 * @template T
 * @param {() => Promise<T>} fn
 */
async function timed(fn) {
  const t0 = performance.now();
  const out = await fn();
  return { ms: performance.now() - t0, out };
}

/**
 * What a case gives: its times in ms and the format of each side, or the error.
 * @typedef {{ id: string, label: string, runs: number, warmup?: { sealpost: number, openpgp: number },
 *   format?: import('./cases.mjs').Formats, sealpost?: number[], openpgp?: number[], error?: string }}
 *   CaseResult
 */

/**
 * `{ id, label, runs, sealpost: [ms…], openpgp: [ms…], warmup, format }`, or
 * `{ id, label, error }` when the setup, a run or the check fails.
 * @param {import('./cases.mjs').Case} c
 * @param {{ gc?: () => void, runs?: number }} [options]
 */
export async function runCase(c, { gc = () => {}, runs = c.runs } = {}) {
  /** @type {CaseResult} */
  const result = { id: c.id, label: c.label, runs };
  try {
    const ctx = await c.setup();
    gc();
    const a = await timed(() => c.sealpost(ctx));
    gc();
    const b = await timed(() => c.openpgp(ctx));
    result.warmup = { sealpost: a.ms, openpgp: b.ms };
    result.format = await c.check(ctx, a.out, b.out);
    result.sealpost = [];
    result.openpgp = [];
    for (let i = 0; i < runs; i++) {
      gc();
      result.sealpost.push((await timed(() => c.sealpost(ctx))).ms);
      gc();
      result.openpgp.push((await timed(() => c.openpgp(ctx))).ms);
    }
  } catch (thrown) {
    const e = /** @type {{ code?: unknown, name?: unknown, message?: unknown, stack?: unknown } | null | undefined} */ (thrown);
    result.error = String(e?.message ?? e).split('\n')[0];
  }
  return result;
}
