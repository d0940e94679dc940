// Inputs and outputs of the SOP CLI.
//
// Arguments that name data are indirect: `@ENV:NAME` (an environment
// variable), `@FD:N` (an open file descriptor), otherwise a file name. Any
// other `@` prefix is refused. Nothing is written until the subcommand has
// succeeded: stdout and every `--*-out` file are buffered in an `Output`
// and committed at the end, so a failure leaves stdout empty.
import { existsSync, readFileSync, readSync, writeFileSync, writeSync } from 'node:fs';
import { EXIT, SopError } from './exit.mjs';

const ENV = '@ENV:';
const FD = '@FD:';

/**
 * Where `Output` sends a side output: an open file descriptor, or a new file.
 * @typedef {{ fd: number, file?: undefined, name: string }
 *   | { fd?: undefined, file: string, name: string }} Target
 */

/** @param {string} arg */
function fdNumber(arg) {
  const n = arg.slice(FD.length);
  if (!/^\d+$/.test(n)) throw new SopError(EXIT.UNSUPPORTED_SPECIAL_PREFIX, `${arg} is not a file descriptor`);
  return Number(n);
}

/** @param {string} arg */
function unknownPrefix(arg) {
  if (existsSync(arg)) {
    throw new SopError(EXIT.AMBIGUOUS_INPUT, `${arg} is both a file and an unknown special designator; rename the file`);
  }
  throw new SopError(EXIT.UNSUPPORTED_SPECIAL_PREFIX, `unsupported special designator ${arg}`);
}

/**
 * Reads a whole file descriptor, waiting out EAGAIN on non-blocking pipes.
 * @param {number} fd
 * @returns {Buffer}
 */
export function readFd(fd) {
  const chunks = [];
  const buf = Buffer.alloc(64 * 1024);
  for (;;) {
    let n;
    try {
      n = readSync(fd, buf, 0, buf.length, null);
    } catch (thrown) {
      const e = /** @type {NodeJS.ErrnoException} */ (thrown);
      if (e.code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if (e.code === 'EOF') break;
      throw new SopError(EXIT.MISSING_INPUT, `cannot read file descriptor ${fd}: ${e.message}`);
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks);
}

/** All of standard input. */
export function readStdin() {
  return readFd(0);
}

/**
 * The bytes an input argument designates.
 * @param {string} arg
 * @returns {Buffer}
 */
export function readInput(arg) {
  if (arg.startsWith(ENV)) {
    const value = process.env[arg.slice(ENV.length)];
    if (value === undefined) throw new SopError(EXIT.MISSING_INPUT, `environment variable ${arg.slice(ENV.length)} is not set`);
    return Buffer.from(value, 'utf8');
  }
  if (arg.startsWith(FD)) return readFd(fdNumber(arg));
  if (arg.startsWith('@')) unknownPrefix(arg);
  try {
    return readFileSync(arg);
  } catch (thrown) {
    const e = /** @type {NodeJS.ErrnoException} */ (thrown);
    throw new SopError(EXIT.MISSING_INPUT, `cannot read ${arg}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
}

const strict = new TextDecoder('utf-8', { fatal: true });

/**
 * UTF-8 text of `bytes`, or null when it is not UTF-8.
 * @param {Uint8Array} bytes
 * @returns {string | null}
 */
export function utf8(bytes) {
  try {
    return strict.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * A password that will protect new material (`encrypt --with-password`,
 * `--with-key-password` of generate-key, `--new-key-password`): it must be
 * UTF-8; trailing whitespace (a file's final newline) is removed.
 * @param {string} arg
 * @returns {string}
 */
export function newPassword(arg) {
  const text = utf8(readInput(arg));
  if (text === null) throw new SopError(EXIT.PASSWORD_NOT_HUMAN_READABLE, `the password in ${arg} is not UTF-8 text`);
  return text.replace(/\s+$/u, '');
}

/**
 * Passwords to try on existing material: each without its trailing
 * whitespace, then as given. (The draft asks for both; trimmed first,
 * because a password file usually ends in a newline and every wrong try
 * costs a full key derivation.)
 * @param {string[]} args
 * @returns {string[]}
 */
export function passwordsToTry(args) {
  /** @type {string[]} */
  const out = [];
  for (const arg of args) {
    const text = new TextDecoder().decode(readInput(arg));
    for (const p of [text.replace(/\s+$/u, ''), text]) if (!out.includes(p)) out.push(p);
  }
  return out;
}

/**
 * Where an output argument goes; refuses existing files before any work is done.
 * @param {string} arg
 * @returns {Target}
 */
export function outputTarget(arg) {
  if (arg.startsWith(FD)) return { fd: fdNumber(arg), name: arg };
  if (arg.startsWith(ENV)) throw new SopError(EXIT.UNSUPPORTED_SPECIAL_PREFIX, `${arg} cannot receive output`);
  if (arg.startsWith('@')) unknownPrefix(arg);
  if (existsSync(arg)) throw new SopError(EXIT.OUTPUT_EXISTS, `${arg} already exists`);
  return { file: arg, name: arg };
}

const encoder = new TextEncoder();

/**
 * @param {string | Uint8Array} data
 * @returns {Uint8Array}
 */
function asBytes(data) {
  return typeof data === 'string' ? encoder.encode(data) : data;
}

/** Everything a subcommand produces, written only by `commit()`. */
export class Output {
  /** @type {Uint8Array[]} */
  #stdout = [];
  /** @type {[Target, Uint8Array][]} */
  #side = [];

  /**
   * Appends text or bytes to standard output.
   * @param {string | Uint8Array} data
   */
  write(data) {
    this.#stdout.push(asBytes(data));
  }

  /**
   * Queues `data` for an output target made by `outputTarget`.
   * @param {Target} target
   * @param {string | Uint8Array} data
   */
  toTarget(target, data) {
    this.#side.push([target, asBytes(data)]);
  }

  /** Writes the side outputs, then standard output. */
  commit() {
    for (const [target, data] of this.#side) {
      if (target.fd !== undefined) writeAll(target.fd, data);
      else {
        try {
          writeFileSync(target.file, data, { flag: 'wx' });
        } catch (thrown) {
          const e = /** @type {NodeJS.ErrnoException} */ (thrown);
          throw new SopError(e.code === 'EEXIST' ? EXIT.OUTPUT_EXISTS : EXIT.GENERIC, `cannot write ${target.file}: ${e.message}`);
        }
      }
    }
    for (const chunk of this.#stdout) writeAll(1, chunk);
  }
}

/**
 * @param {number} fd
 * @param {Uint8Array} data
 */
function writeAll(fd, data) {
  let off = 0;
  while (off < data.length) {
    try {
      off += writeSync(fd, data, off, data.length - off);
    } catch (thrown) {
      const e = /** @type {NodeJS.ErrnoException} */ (thrown);
      if (e.code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}
