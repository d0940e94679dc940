// Helpers shared by the SOP subcommands.
import * as sealpost from '../../../www/sealpost.js';
import { EXIT, SopError } from './exit.mjs';
import { passwordsToTry, readInput, utf8 } from './io.mjs';

/** @typedef {import('./args.mjs').Args} Args */

/**
 * Reads the KEYS arguments and unlocks them with the `--with-key-password`
 * candidates, so that the core receives keys it can use without guessing
 * which password belongs to which key.
 * @param {string[]} keyArgs
 * @param {string[]} passwordArgs
 * @returns {Promise<(Uint8Array | string)[]>}
 */
export async function unlockedKeys(keyArgs, passwordArgs) {
  const keys = keyArgs.map(readInput);
  const passwords = passwordsToTry(passwordArgs);
  if (passwords.length === 0) return keys;
  return Promise.all(
    keys.map((key) =>
      sealpost.changeKeyPassphrase({ key, oldPassphrases: passwords, newPassphrase: null, armor: false }).catch((e) => {
        if (e.code === 'bad-passphrase' || e.code === 'key-locked') {
          throw new SopError(EXIT.KEY_IS_PROTECTED, 'none of the --with-key-password passwords unlocks the key');
        }
        throw e;
      }),
    ),
  );
}

/**
 * Refuses input that `--as=text` cannot sign or encrypt as text.
 * @param {Uint8Array} data
 * @param {string} as
 */
export function requireText(data, as) {
  if (as !== 'binary' && utf8(data) === null) {
    throw new SopError(EXIT.EXPECTED_TEXT, `--as=${as} needs UTF-8 text on standard input`);
  }
}

/**
 * Requires at least `n` positional arguments.
 * @param {Args} args
 * @param {number} n
 * @param {string} what
 */
export function requirePositionals(args, n, what) {
  if (args.positionals.length < n) throw new SopError(EXIT.MISSING_ARG, `missing ${what}`);
}

/**
 * Whether `data` already is ASCII-armored OpenPGP.
 * @param {Uint8Array} data
 */
export function isArmored(data) {
  const head = new TextDecoder().decode(data.subarray(0, 64)).trimStart();
  return head.startsWith('-----BEGIN PGP ');
}

/**
 * Bytes of an API result that is armored text or binary.
 * @param {string | Uint8Array} data
 * @returns {Uint8Array}
 */
export function toBytes(data) {
  return typeof data === 'string' ? new TextEncoder().encode(data) : data;
}
