// Command-line options of bench/run.mjs and bench/node.mjs.

export const USAGE = `Usage: npm run bench -- [options]      (node bench/run.mjs [options])

  --quick          few runs and small sizes (64 KiB / 1 MiB), for trying the harness
  --runs N         counted runs per case (default 7; --quick: 2); RSA key generation: min(N, 5)
  --rsa-runs N     counted runs of RSA-3072 key generation
  --only TEXT      only the timing cases whose id or label contains TEXT (instantiate and
                   memory are cases "instantiate" and "memory")
  --no-browser     skip Chromium
  --no-node        skip Node
  --readme         write the summary into bench/README.md (between its "bench:latest" markers)
  --json-out FILE  (bench/node.mjs) write the results there instead of printing tables
  --www DIR        (bench/node.mjs) load Sealpost from DIR/sealpost.js instead of www/`;

/**
 * The parsed command line.
 * @typedef {{ quick: boolean, runs: number | undefined, rsaRuns: number | undefined, only: string | null, browser: boolean, node: boolean, readme: boolean, jsonOut: string | null, www: string | null, child: string | null, lib: string | null, help?: boolean }} Options
 */

/**
 * @param {string[]} argv
 * @returns {Options}
 */
export function parseOptions(argv) {
  /** @type {Options} */
  const o = { quick: false, runs: undefined, rsaRuns: undefined, only: null, browser: true, node: true, readme: false, jsonOut: null, www: null, child: null, lib: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    const count = () => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) throw new Error(`${a} needs a positive whole number`);
      return n;
    };
    if (a === '--quick') o.quick = true;
    else if (a === '--runs') o.runs = count();
    else if (a === '--rsa-runs') o.rsaRuns = count();
    else if (a === '--only') o.only = value();
    else if (a === '--no-browser') o.browser = false;
    else if (a === '--no-node') o.node = false;
    else if (a === '--readme') o.readme = true;
    else if (a === '--json-out') o.jsonOut = value();
    else if (a === '--www') o.www = value();
    else if (a === '--child') o.child = value();
    else if (a === '--lib') o.lib = value();
    else if (a === '--help' || a === '-h') o.help = true;
    else throw new Error(`unknown option ${a}\n\n${USAGE}`);
  }
  return o;
}

/**
 * The options the case list depends on (passed into the page and to children).
 * @param {Options} o
 * @returns {import('./cases.mjs').PlanOptions}
 */
export function caseOptions(o) {
  return { quick: o.quick, runs: o.runs, rsaRuns: o.rsaRuns };
}

/**
 * Whether `--only` leaves the case `id` (or `label`) in.
 * @param {Options} o
 * @param {string} id
 * @param {string} [label]
 */
export function selected(o, id, label = id) {
  return !o.only || id.includes(o.only) || label.includes(o.only);
}

/**
 * Argument list that reproduces `caseOptions(o)` for a child process.
 * @param {Options} o
 */
export function childArgs(o) {
  return [
    ...(o.quick ? ['--quick'] : []),
    ...(o.runs ? ['--runs', String(o.runs)] : []),
    ...(o.rsaRuns ? ['--rsa-runs', String(o.rsaRuns)] : []),
    ...(o.only ? ['--only', o.only] : []),
  ];
}
