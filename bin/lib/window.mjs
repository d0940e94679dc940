// `sealpost window`: reads a maintenance announcement and shows the window
// in several time zones, over the same API as the page.
import { parseArgs as nodeParseArgs } from 'node:util';
import * as sealpost from '../../www/sealpost.js';

export const DEFAULT_ZONES = ['UTC', 'America/Vancouver', 'Africa/Lusaka', 'Australia/Perth'];

export const USAGE = `Usage: sealpost window [--reference ISO] [--zone IANA]... [--json] TEXT

Reads a maintenance announcement and shows the window in each zone.

  --reference ISO  the instant a date without a year is read after (default: now),
                   e.g. 2026-06-01T00:00:00Z
  --zone IANA      a zone to show (repeatable); default: ${DEFAULT_ZONES.join(', ')}
  --json           print one JSON object: {start, end, warnings, views}, or
                   {error: {code, message}} with exit status 1
  --help           this text

Example:
  sealpost window --reference 2026-06-01T00:00:00Z \\
    "On 24 July between 01:00 and 13:00 UTC we will be moving server NC018"
`;

function coded(code, message) {
  return Object.assign(new Error(message), { code });
}

/** Reads the `window` arguments; throws `invalid-argument` on bad usage. */
export function readWindowArgs(argv) {
  let parsed;
  try {
    parsed = nodeParseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        reference: { type: 'string' },
        zone: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (e) {
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
    text: positionals.join(' '),
  };
}

/** `2026-07-24T01:00:00Z` for an instant in milliseconds. */
export function utcSeconds(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The `--json` object for a parsed window: only the documented fields. */
export function windowJson(w) {
  return {
    start: utcSeconds(w.startMs),
    end: utcSeconds(w.endMs),
    warnings: (w.warnings ?? []).map(({ code, message }) => ({ code, message })),
    views: (w.views ?? []).map(({ zone, abbreviation, start, end, label }) => ({ zone, abbreviation, start, end, label })),
  };
}

/**
 * Runs `sealpost window`. Returns the exit status; writes through `io`
 * (`{ stdout(text), stderr(text) }`).
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
    const w = await sealpost.parseWindow({ text: args.text, reference: args.reference, zones: args.zones });
    if (args.json) {
      io.stdout(`${JSON.stringify(windowJson(w))}\n`);
      return 0;
    }
    const table = await sealpost.windowTable({ start: w.startMs, end: w.endMs, zones: args.zones, format: 'text' });
    io.stdout(table.endsWith('\n') ? table : `${table}\n`);
    for (const warning of w.warnings ?? []) io.stderr(`warning: ${warning.message} [${warning.code}]\n`);
    return 0;
  } catch (e) {
    const code = typeof e?.code === 'string' ? e.code : 'internal';
    if (wantsJson) io.stdout(`${JSON.stringify({ error: { code, message: e?.message ?? String(e) } })}\n`);
    else io.stderr(`sealpost window: ${e?.message ?? e}${code === 'invalid-argument' ? `\n\n${USAGE}` : ''}\n`);
    return 1;
  }
}
