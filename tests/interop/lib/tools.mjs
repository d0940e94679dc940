// Running Sealpost's SOP CLI and the peers' command-line tools.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as openpgp from 'openpgp';
import { run } from '../../lib/run.mjs';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SOP = join(ROOT, 'bin', 'sop.mjs');
export const DATA = fileURLToPath(new URL('../data/', import.meta.url));

/** @typedef {Parameters<typeof run>[2]} RunOptions what `run` takes besides the command: input, env, cwd, stdio */
/** @typedef {ReturnType<typeof run>} RunResult */

/**
 * The text of a fixture in tests/interop/data.
 * @param {string} name
 */
export function fixture(name) {
  return readFileSync(join(DATA, name));
}

/**
 * Whether `name` is an executable on PATH.
 * @param {string} name
 */
export function installed(name) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, name)));
}

export { run };

/**
 * Runs `node bin/sop.mjs ARGS`.
 * @param {readonly string[]} args
 * @param {RunOptions} [options]
 */
export function sealpost(args, options) {
  return run(process.execPath, [SOP, ...args], options);
}

/**
 * Asserts byte equality with a message that shows where the bytes differ
 * (for the matrix notes), e.g. `65 bytes ending "✓", expected 66 ending "✓\n"`.
 * @param {string | Uint8Array} actual
 * @param {string | Uint8Array} expected
 * @param {string} [what]
 */
export function sameBytes(actual, expected, what = 'plaintext') {
  const a = Buffer.from(actual);
  const e = Buffer.from(expected);
  if (a.equals(e)) return;
  const tail = (/** @type {Buffer} */ b) => JSON.stringify(b.subarray(-6).toString('utf8'));
  assert.fail(`${what}: ${a.length} bytes ending ${tail(a)}, expected ${e.length} ending ${tail(e)}`);
}

/**
 * Asserts exit status 0 and returns stdout.
 * @param {RunResult} result
 * @param {string} what
 */
export function ok(result, what) {
  assert.equal(result.status, 0, `${what} failed with exit ${result.status}: ${result.stderr}`);
  return result.stdout;
}

/** A throwaway folder under the system temp folder. */
export class Workdir {
  /** @param {string} prefix the start of the folder's name */
  constructor(prefix) {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    this.count = 0;
  }

  /**
   * Writes `data` to a fresh file and returns its path.
   * @param {string} name
   * @param {string | NodeJS.ArrayBufferView} data
   */
  file(name, data) {
    const path = join(this.dir, `${++this.count}-${name}`);
    writeFileSync(path, data);
    return path;
  }

  /**
   * A path that does not exist yet.
   * @param {string} name
   */
  fresh(name) {
    return join(this.dir, `${++this.count}-${name}`);
  }

  remove() {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The primary fingerprint of an armored certificate, as OpenPGP.js reads it.
 * @param {string | Buffer} armored
 */
export async function primaryFingerprint(armored) {
  const key = await openpgp.readKey({ armoredKey: armored.toString() });
  return key.getFingerprint().toUpperCase();
}

/**
 * Every key fingerprint (primary and subkeys) of an armored certificate.
 * @param {string | Buffer} armored
 */
export async function allFingerprints(armored) {
  const key = await openpgp.readKey({ armoredKey: armored.toString() });
  return key.getKeys().map((k) => k.getFingerprint().toUpperCase());
}

/**
 * Parses SOP verification lines into `{ created, signing, primary, rest }`.
 * @param {string} text
 */
export function verificationLines(text) {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [created, signing, primary, ...rest] = line.split(' ');
      return { created, signing, primary, rest: rest.join(' ') };
    });
}

/** GnuPG in a throwaway home, driven in batch mode. */
export class Gpg {
  constructor() {
    this.home = mkdtempSync(join(tmpdir(), 'sp-gpg-'));
  }

  /**
   * Runs gpg; `args` come after the batch options.
   * @param {readonly string[]} args
   * @param {RunOptions} [options]
   */
  run(args, options = {}) {
    return run(
      'gpg',
      ['--homedir', this.home, '--batch', '--no-tty', '--yes', '--pinentry-mode', 'loopback', '--trust-model', 'always', ...args],
      options,
    );
  }

  /**
   * Runs gpg and asserts success; returns stdout.
   * @param {readonly string[]} args
   * @param {RunOptions} [options]
   */
  ok(args, options) {
    return ok(this.run(args, options), `gpg ${args.join(' ')}`);
  }

  /** @param {string | Uint8Array} data keys or certificates */
  import(data) {
    this.ok(['--import'], { input: data });
  }

  /**
   * Generates a key without passphrase; returns its fingerprint.
   * @param {string} userId
   * @param {string} [algo] as `--quick-gen-key` names it
   */
  generate(userId, algo = 'future-default') {
    this.ok(['--passphrase', '', '--quick-gen-key', userId, algo, 'default', 'never']);
    return this.fingerprint(userId);
  }

  /**
   * Generates a key protected by `passphrase`; returns its fingerprint.
   * @param {string} userId
   * @param {string} passphrase
   */
  generateLocked(userId, passphrase) {
    this.ok(['--passphrase', passphrase, '--quick-gen-key', userId, 'future-default', 'default', 'never']);
    return this.fingerprint(userId);
  }

  /**
   * The primary fingerprint of the key whose user ID contains `who`.
   * @param {string} who
   * @returns {string}
   */
  fingerprint(who) {
    const colons = this.ok(['--with-colons', '--list-keys', who]).toString();
    // gpg lists the key it has just made or imported: there is an fpr line.
    return /** @type {string} */ (colons.split('\n').find((l) => l.startsWith('fpr:'))).split(':')[9];
  }

  /** @param {string} fpr */
  exportCert(fpr) {
    return this.ok(['--armor', '--export', fpr]);
  }

  /** @param {string} fpr */
  exportKey(fpr) {
    return this.ok(['--passphrase', '', '--armor', '--export-secret-keys', fpr]);
  }

  /**
   * `[GNUPG:] KEYWORD args…` lines of `--status-fd 1` output.
   * @param {string | Buffer} stdout
   * @param {string} keyword
   */
  static status(stdout, keyword) {
    return stdout
      .toString()
      .split('\n')
      .filter((l) => l.startsWith(`[GNUPG:] ${keyword} `) || l === `[GNUPG:] ${keyword}`)
      .map((l) => l.slice(`[GNUPG:] ${keyword}`.length).trim().split(' '));
  }

  close() {
    run('gpgconf', ['--homedir', this.home, '--kill', 'all']);
    rmSync(this.home, { recursive: true, force: true });
  }
}
