// Reads a subcommand's arguments the way the SOP draft writes them:
// `--flag`, `--option=VALUE` (also `--option VALUE`), positionals, and `--`
// to end the options. An option the subcommand does not know is
// UNSUPPORTED_OPTION, never silently ignored.
import { EXIT, SopError } from './exit.mjs';

/**
 * @param {string[]} argv the arguments after the subcommand
 * @param {{flags?: string[], single?: string[], multi?: string[]}} spec
 *   `single`: options given at most once; `multi`: options that may repeat
 * @returns {{flag: (name: string) => boolean, value: (name: string) => string|null,
 *   values: (name: string) => string[], positionals: string[]}}
 */
export function parseArgs(argv, { flags = [], single = [], multi = [] } = {}) {
  const seenFlags = new Set();
  const values = new Map();
  const positionals = [];
  const valued = new Set([...single, ...multi]);
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('--')) {
      if (arg.startsWith('-') && arg !== '-') throw new SopError(EXIT.UNSUPPORTED_OPTION, `unsupported option ${arg}`);
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (flags.includes(name)) {
      if (eq !== -1) throw new SopError(EXIT.UNSUPPORTED_OPTION, `--${name} takes no value`);
      seenFlags.add(name);
    } else if (valued.has(name)) {
      let value;
      if (eq !== -1) value = arg.slice(eq + 1);
      else if (i + 1 < argv.length) value = argv[++i];
      else throw new SopError(EXIT.MISSING_ARG, `--${name} needs a value`);
      if (single.includes(name) && values.has(name)) {
        throw new SopError(EXIT.UNSUPPORTED_OPTION, `--${name} may be given only once`);
      }
      values.set(name, [...(values.get(name) ?? []), value]);
    } else {
      throw new SopError(EXIT.UNSUPPORTED_OPTION, `unsupported option --${name}`);
    }
  }
  positionals.push(...argv.slice(i));
  return {
    flag: (name) => seenFlags.has(name),
    value: (name) => values.get(name)?.[0] ?? null,
    values: (name) => values.get(name) ?? [],
    positionals,
  };
}

/** The value of an enumerated option such as `--as`, checked against `allowed`. */
export function choice(value, allowed, option) {
  if (value === null) return allowed[0];
  if (!allowed.includes(value)) {
    throw new SopError(EXIT.UNSUPPORTED_OPTION, `--${option}=${value} is not supported (use ${allowed.join(', ')})`);
  }
  return value;
}

/** Parses a `--not-before`/`--not-after` DATE: ISO 8601, `now`, or `-` (no limit). */
export function dateArg(value, option, { now }) {
  if (value === null || value === '-') return null;
  if (value === 'now') return now;
  const ms = Date.parse(/^\d{8}T\d{6}Z$/.test(value) ? compactIso(value) : value);
  if (Number.isNaN(ms)) throw new SopError(EXIT.UNSUPPORTED_OPTION, `--${option}: cannot read the date ${value}`);
  return ms;
}

/** `20240102T030405Z` -> `2024-01-02T03:04:05Z`. */
function compactIso(v) {
  return `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}T${v.slice(9, 11)}:${v.slice(11, 13)}:${v.slice(13, 15)}Z`;
}
