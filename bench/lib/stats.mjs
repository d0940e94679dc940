// Summaries and plain aligned tables, shared by the browser page, Node and
// the runner. No dependencies; runs in both environments.

/** @param {number[]} xs */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/**
 * `{ median, min, max, n }` of a list of milliseconds.
 * @param {number[] | undefined} samples
 */
export function summary(samples) {
  if (!samples?.length) return null;
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), n: samples.length };
}

/** @param {number} x */
export const ms = (x) => (Number.isFinite(x) ? x.toFixed(1) : '-');
/** @param {number} bytes */
export const mib = (bytes) => (Number.isFinite(bytes) ? (bytes / 1048576).toFixed(1) : '-');
/**
 * @param {number} a
 * @param {number} b
 */
export const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : '-');

/**
 * A column of `table()`: its title, and whether it is aligned left or right.
 * @typedef {{ title: string, align: 'l' | 'r' }} Column
 */

/**
 * A plain table: `columns` is a list of `{ title, align: 'l'|'r' }`, `rows`
 * a list of string arrays. Returns the lines joined with '\n'.
 * @param {Column[]} columns
 * @param {string[][]} rows
 */
export function table(columns, rows) {
  const widths = columns.map((c, i) => Math.max(c.title.length, ...rows.map((r) => String(r[i] ?? '').length)));
  /**
   * @param {string} text
   * @param {number} i
   */
  const cell = (text, i) => {
    const s = String(text ?? '');
    return columns[i].align === 'l' ? s.padEnd(widths[i]) : s.padStart(widths[i]);
  };
  /** @param {string[]} r */
  const line = (r) => r.map(cell).join('  ').trimEnd();
  return [line(columns.map((c) => c.title)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * The timing table of one environment's results (see `bench/lib/cases.mjs`).
 * @param {import('./measure.mjs').CaseResult[]} results
 */
export function timingTable(results) {
  /** @type {Column[]} */
  const columns = [
    { title: 'case', align: 'l' },
    { title: 'runs', align: 'r' },
    { title: 'Sealpost ms', align: 'r' },
    { title: 'min-max', align: 'r' },
    { title: 'OpenPGP.js ms', align: 'r' },
    { title: 'min-max', align: 'r' },
    { title: 'ratio', align: 'r' },
    { title: 'format (Sealpost | OpenPGP.js)', align: 'l' },
  ];
  const rows = results.map((r) => {
    if (r.error) return [r.label, '-', '-', '-', '-', '-', '-', `FAILED: ${r.error}`];
    const a = summary(r.sealpost);
    const b = summary(r.openpgp);
    if (!a || !b) throw new Error(`${r.label}: no counted runs to summarise`);
    const fmt = r.format ? (r.format.sealpost === r.format.openpgp ? r.format.sealpost : `${r.format.sealpost} | ${r.format.openpgp}`) : '';
    return [r.label, String(a.n), ms(a.median), `${ms(a.min)}-${ms(a.max)}`, ms(b.median), `${ms(b.min)}-${ms(b.max)}`, ratio(a.median, b.median), fmt];
  });
  return table(columns, rows);
}

/**
 * One library's memory measurement (bench/node.mjs, bench/run.mjs), in bytes.
 * @typedef {{ library: string, error?: undefined, size: number, jsPeakDelta: number, wasmGrowth: number,
 *   wasmBytes: number, rssPeakDelta: number | null, note?: string }} MemoryMeasured
 */
/**
 * A memory measurement, or the library and why it failed.
 * @typedef {MemoryMeasured | { library: string, error: string, note?: undefined }} MemoryResult
 */

/**
 * The memory table: one row per library. Growth over the baseline taken after
 * loading the library, making its key and the plaintext, and a GC.
 * @param {MemoryResult[]} memory
 */
export function memoryTable(memory) {
  /** @type {Column[]} */
  const columns = [
    { title: 'library', align: 'l' },
    { title: 'JS heap peak +MiB', align: 'r' },
    { title: 'wasm memory +MiB', align: 'r' },
    { title: 'JS + wasm +MiB', align: 'r' },
    { title: 'wasm memory total MiB', align: 'r' },
    { title: 'peak RSS +MiB', align: 'r' },
  ];
  // The cast: a failure (with `error`) takes the first branch, but TypeScript does not
  // narrow by `m.error` (an error could be ''), so the second would not type-check.
  const rows = /** @type {(Omit<MemoryMeasured, 'error'> & { error?: string })[]} */ (memory).map((m) =>
    m.error
      ? [m.library, `FAILED: ${m.error}`, '', '', '', '']
      : [m.library, mib(m.jsPeakDelta), mib(m.wasmGrowth), mib(m.jsPeakDelta + m.wasmGrowth), m.wasmBytes ? mib(m.wasmBytes) : '-', mib(m.rssPeakDelta ?? NaN)],
  );
  return table(columns, rows);
}
