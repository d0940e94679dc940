// `sealpost window`: reads a maintenance announcement and shows the window
// in several time zones, over the same API as the page.
import { parseArgs as nodeParseArgs } from 'node:util';
import * as sealpost from '../../www/sealpost.js';

/** @typedef {import('../../www/sealpost.js').Window} Window */
/** @typedef {import('../../www/sealpost.js').WindowView} WindowView */
/**
 * Where the command writes: standard output and standard error.
 * @typedef {{ stdout: (text: string) => void, stderr: (text: string) => void }} Io
 */

export const DEFAULT_ZONES = ['UTC', 'America/Vancouver', 'Africa/Lusaka', 'Australia/Perth'];

export const USAGE = `Usage: sealpost window [--reference ISO] [--zone IANA]... [--in ZONE] [--json] TEXT

Reads a maintenance announcement and shows each of its windows in each zone.

  --reference ISO  the instant a date without a year, or "tomorrow", is read
                   from (default: now), e.g. 2026-06-01T00:00:00Z
  --zone IANA      a zone to show (repeatable); default: ${DEFAULT_ZONES.join(', ')}
  --in ZONE        the zone the announcement is written in, when its text
                   names none (e.g. Europe/Berlin)
  --json           print one JSON object: {start, end, warnings, views, windows}
                   (start, end and views of the first window; windows: every
                   window as {start, end, views}), or {error: {code, message}}
                   with exit status 1
  --help           this text

Example:
  sealpost window --reference 2026-06-01T00:00:00Z \\
    "On 24 July between 01:00 and 13:00 UTC we will be moving server NC018"
`;

/**
 * @param {string} code
 * @param {string} message
 */
function coded(code, message) {
  return Object.assign(new Error(message), { code });
}

/**
 * Reads the `window` arguments; throws `invalid-argument` on bad usage.
 * @param {string[]} argv
 */
export function readWindowArgs(argv) {
  let parsed;
  try {
    parsed = nodeParseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        reference: { type: 'string' },
        zone: { type: 'string', multiple: true },
        in: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (thrown) {
    const e = /** @type {NodeJS.ErrnoException} */ (thrown);
    throw coded('invalid-argument', e.message);
  }
  const { values, positionals } = parsed;
  let reference;
  if (values.reference !== undefined) {
    reference = Date.parse(values.reference);
    if (Number.isNaN(reference)) throw coded('invalid-argument', `--reference: cannot read the instant "${values.reference}"`);
  }
  return {
    help: values.help ?? false,
    json: values.json ?? false,
    reference,
    zones: values.zone ?? DEFAULT_ZONES,
    defaultZone: values.in,
    text: positionals.join(' '),
  };
}

/**
 * `2026-07-24T01:00:00Z` for an instant in milliseconds.
 * @param {number} ms
 */
export function utcSeconds(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** @param {WindowView[]} views */
const viewsJson = (views) => (views ?? []).map(({ zone, abbreviation, start, end, label }) => ({ zone, abbreviation, start, end, label }));

/**
 * The `--json` object for a parsed announcement: only the documented fields.
 * @param {Window} w
 */
export function windowJson(w) {
  return {
    start: utcSeconds(w.startMs),
    end: utcSeconds(w.endMs),
    warnings: (w.warnings ?? []).map(({ code, message }) => ({ code, message })),
    views: viewsJson(w.views),
    windows: (w.windows ?? []).map((s) => ({ start: utcSeconds(s.startMs), end: utcSeconds(s.endMs), views: viewsJson(s.views) })),
  };
}

/**
 * The zone table of each window; with several, each under a heading.
 * @param {Window} w
 * @param {string[]} zones
 * @returns {Promise<string>}
 */
async function tables(w, zones) {
  const windows = w.windows?.length ? w.windows : [w];
  let out = '';
  for (const [i, s] of windows.entries()) {
    const table = await sealpost.windowTable({ start: s.startMs, end: s.endMs, zones, format: 'text' });
    if (windows.length > 1) out += `${i > 0 ? '\n' : ''}Window ${i + 1} of ${windows.length}:\n`;
    out += table.endsWith('\n') ? table : `${table}\n`;
  }
  return out;
}

/**
 * Runs `sealpost window`. Returns the exit status; writes through `io`
 * (`{ stdout(text), stderr(text) }`).
 * @param {string[]} argv the arguments after `window`
 * @param {Io} io
 * @returns {Promise<number>}
 */
export async function windowCommand(argv, io) {
  const wantsJson = argv.includes('--json');
  try {
    const args = readWindowArgs(argv);
    if (args.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (!args.text.trim()) throw coded('invalid-argument', 'give the announcement TEXT to read');
    const w = await sealpost.parseWindow({ text: args.text, reference: args.reference, zones: args.zones, defaultZone: args.defaultZone });
    if (args.json) {
      io.stdout(`${JSON.stringify(windowJson(w))}\n`);
      return 0;
    }
    io.stdout(await tables(w, args.zones));
    for (const warning of w.warnings ?? []) io.stderr(`warning: ${warning.message} [${warning.code}]\n`);
    return 0;
  } catch (thrown) {
    const e = /** @type {{ code?: unknown, name?: unknown, message?: unknown, stack?: unknown } | null | undefined} */ (thrown);
    const code = typeof e?.code === 'string' ? e.code : 'internal';
    if (wantsJson) io.stdout(`${JSON.stringify({ error: { code, message: e?.message ?? String(e) } })}\n`);
    else io.stderr(`sealpost window: ${e?.message ?? e}${code === 'invalid-argument' ? `\n\n${USAGE}` : ''}\n`);
    return 1;
  }
}
