// Reads a subcommand's arguments the way the SOP draft writes them:
// `--flag`, `--option=VALUE` (also `--option VALUE`), positionals, and `--`
// to end the options. node:util parseArgs splits them; this file gives each
// misuse its SOP exit code. An option the subcommand does not know is
// UNSUPPORTED_OPTION, never silently ignored.
import { parseArgs as split } from 'node:util';
import { EXIT, SopError } from './exit.mjs';

/**
 * What `parseArgs` read: the flags given, the values of each option, and the positionals.
 * @typedef {{flag: (name: string) => boolean, value: (name: string) => string|null,
 *   values: (name: string) => string[], positionals: string[]}} Args
 */

/**
 * @param {string[]} argv the arguments after the subcommand
 * @param {{flags?: string[], single?: string[], multi?: string[]}} spec
 *   `single`: options given at most once; `multi`: options that may repeat
 * @returns {Args}
 */
export function parseArgs(argv, { flags = [], single = [], multi = [] } = {}) {
  /** @type {Record<string, {type: 'boolean'|'string', multiple?: boolean}>} */
  const options = {};
  for (const name of flags) options[name] = { type: 'boolean' };
  for (const name of [...single, ...multi]) options[name] = { type: 'string', multiple: true };
  // Not strict: every misuse is reported below, with the exit code the SOP draft gives it.
  const { tokens } = split({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  const seenFlags = new Set();
  /** @type {Map<string, string[]>} */
  const values = new Map();
  const positionals = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const { name, rawName, value, inlineValue } = token;
    if (!Object.hasOwn(options, name) || !rawName.startsWith('--')) throw new SopError(EXIT.UNSUPPORTED_OPTION, `unsupported option ${rawName}`);
    if (options[name].type === 'boolean') {
      if (inlineValue) throw new SopError(EXIT.UNSUPPORTED_OPTION, `--${name} takes no value`);
      seenFlags.add(name);
      continue;
    }
    if (value === undefined) throw new SopError(EXIT.MISSING_ARG, `--${name} needs a value`);
    if (single.includes(name) && values.has(name)) throw new SopError(EXIT.UNSUPPORTED_OPTION, `--${name} may be given only once`);
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  return {
    flag: (name) => seenFlags.has(name),
    value: (name) => values.get(name)?.[0] ?? null,
    values: (name) => values.get(name) ?? [],
    positionals,
  };
}

/**
 * The value of an enumerated option such as `--as`, checked against `allowed`.
 * @template {string} T
 * @param {string | null} value
 * @param {T[]} allowed the first is the default
 * @param {string} option
 * @returns {T}
 */
export function choice(value, allowed, option) {
  if (value === null) return allowed[0];
  if (!/** @type {string[]} */ (allowed).includes(value)) {
    throw new SopError(EXIT.UNSUPPORTED_OPTION, `--${option}=${value} is not supported (use ${allowed.join(', ')})`);
  }
  // One of `allowed`, as checked above.
  return /** @type {T} */ (value);
}

/**
 * Parses a `--not-before`/`--not-after` DATE: ISO 8601, `now`, or `-` (no limit).
 * @param {string | null} value
 * @param {string} option
 * @param {{ now: number }} clock `now` in milliseconds
 * @returns {number | null} milliseconds, or null for no limit
 */
export function dateArg(value, option, { now }) {
  if (value === null || value === '-') return null;
  if (value === 'now') return now;
  const ms = Date.parse(/^\d{8}T\d{6}Z$/.test(value) ? compactIso(value) : value);
  if (Number.isNaN(ms)) throw new SopError(EXIT.UNSUPPORTED_OPTION, `--${option}: cannot read the date ${value}`);
  return ms;
}

/**
 * `20240102T030405Z` -> `2024-01-02T03:04:05Z`.
 * @param {string} v
 */
function compactIso(v) {
  return `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}T${v.slice(9, 11)}:${v.slice(11, 13)}:${v.slice(13, 15)}Z`;
}
