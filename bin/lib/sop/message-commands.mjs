// SOP subcommands about messages: sign, verify, encrypt, decrypt,
// inline-sign, inline-verify, inline-detach.
import * as sealpost from '../../../www/sealpost.js';
import { choice, dateArg, parseArgs } from './args.mjs';
import { EXIT, SopError } from './exit.mjs';
import { newPassword, outputTarget, passwordsToTry, readInput, readStdin } from './io.mjs';
import { requirePositionals, requireText, toBytes, unlockedKeys } from './common.mjs';
import { profileFor } from './key-commands.mjs';
import { verificationLines } from './verifications.mjs';

/** @typedef {import('./args.mjs').Args} Args */
/** @typedef {import('./io.mjs').Output} Output */

/**
 * @param {Args} args
 * @param {...string} options
 */
function unsupportedSessionKeys(args, ...options) {
  for (const option of options) {
    if (args.values(option).length > 0) {
      throw new SopError(EXIT.UNSUPPORTED_OPTION, `--${option} is not supported: Sealpost's encrypt does not expose session keys (decrypt does)`);
    }
  }
}

/**
 * @param {string[]} argv
 * @param {Output} out
 */
export async function sign(argv, out) {
  const args = parseArgs(argv, { flags: ['no-armor'], single: ['as', 'micalg-out'], multi: ['with-key-password'] });
  const as = choice(args.value('as'), ['binary', 'text'], 'as');
  requirePositionals(args, 1, 'KEYS');
  // `value()` gives the same string again: not null here.
  const micalgTarget = args.value('micalg-out') === null
    ? null
    : outputTarget(/** @type {string} */ (args.value('micalg-out')));
  const data = readStdin();
  requireText(data, as);
  const signers = await unlockedKeys(args.positionals, args.values('with-key-password'));
  const armor = !args.flag('no-armor');
  const signed = await sealpost.sign({ plaintext: data, signers, mode: 'detached', armor, text: as === 'text', details: true });
  if (micalgTarget) out.toTarget(micalgTarget, signed.micalg);
  out.write(signed.signature);
}

/**
 * @param {Args} args
 * @param {string} before the option of the earliest time
 * @param {string} after the option of the latest time
 */
function verifyWindow(args, before, after) {
  const now = Date.now();
  return {
    now,
    notBefore: dateArg(args.value(before), before, { now }),
    notAfter: args.value(after) === null ? now : dateArg(args.value(after), after, { now }),
  };
}

/**
 * @param {string[]} argv
 * @param {Output} out
 */
export async function verify(argv, out) {
  const args = parseArgs(argv, { single: ['not-before', 'not-after'] });
  requirePositionals(args, 2, 'SIGNATURES and CERTS');
  const [sigArg, ...certArgs] = args.positionals;
  const signature = readInput(sigArg);
  const certs = certArgs.map(readInput);
  const window = verifyWindow(args, 'not-before', 'not-after');
  const result = await sealpost.verify({ plaintext: readStdin(), signature, certs, ...window });
  const lines = await verificationLines(result.verifications, certs, window);
  if (lines.length === 0) throw new SopError(EXIT.NO_SIGNATURE, noSignature(result.verifications));
  for (const l of lines) out.write(l);
}

/**
 * @param {import('../../../www/sealpost.js').Verification[]} verifications
 */
function noSignature(verifications) {
  const seen = verifications.map((v) => `${v.status}${v.message ? ` (${v.message})` : ''}`).join(', ');
  return `no acceptable signature${seen ? `: ${seen}` : ''}`;
}

/**
 * @param {string[]} argv
 * @param {Output} out
 */
export async function encrypt(argv, out) {
  const args = parseArgs(argv, {
    flags: ['no-armor'],
    single: ['as', 'profile', 'session-key-out'],
    multi: ['with-password', 'with-key-password', 'sign-with'],
  });
  unsupportedSessionKeys(args, 'session-key-out');
  const as = choice(args.value('as'), ['binary', 'text'], 'as');
  const profileName = args.value('profile');
  if (args.positionals.length === 0 && args.values('with-password').length === 0) {
    throw new SopError(EXIT.MISSING_ARG, 'give at least one CERTS file or --with-password');
  }
  const passwords = args.values('with-password').map(newPassword);
  const recipients = args.positionals.map(readInput);
  const profile = await encryptProfile(profileName, recipients);
  const data = readStdin();
  requireText(data, as);
  const signers = await unlockedKeys(args.values('sign-with'), args.values('with-key-password'));
  const armor = !args.flag('no-armor');
  // Without `details`, encrypt gives the message alone.
  out.write(
    /** @type {string | Uint8Array} */ (
      await sealpost.encrypt({ plaintext: data, recipients, passwords, signers, armor, profile, mode: as })
    ),
  );
}

/**
 * The API profile for `encrypt --profile`. The default is rfc4880 (SEIPDv1,
 * which GnuPG reads), except that RFC 4880 messages cannot address a v6
 * key: with a v6 recipient the default is the core's `auto` (SEIPDv2 when
 * every recipient advertises it, as OpenPGP.js's v6 keys need not).
 * @param {string | null} name
 * @param {Uint8Array[]} recipients
 * @returns {Promise<import('../../../www/sealpost.js').Profile>}
 */
async function encryptProfile(name, recipients) {
  const profile = profileFor('encrypt', name);
  if (name !== null && name !== 'default') return profile;
  for (const cert of recipients) {
    const cards = await sealpost.inspectKeys(cert).catch(() => []);
    if (/** @type {{ version: number }[]} */ ([]).concat(cards).some((card) => card.version >= 6)) return 'auto';
  }
  return profile;
}

/**
 * @param {string[]} argv
 * @param {Output} out
 */
export async function decrypt(argv, out) {
  const args = parseArgs(argv, {
    single: ['session-key-out', 'verifications-out', 'verify-out', 'verify-not-before', 'verify-not-after'],
    multi: ['with-session-key', 'with-password', 'with-key-password', 'verify-with'],
  });
  if (args.value('verifications-out') !== null && args.value('verify-out') !== null) {
    throw new SopError(EXIT.INCOMPATIBLE_OPTIONS, '--verify-out is the old name of --verifications-out; give one');
  }
  const verificationsOut = args.value('verifications-out') ?? args.value('verify-out');
  const verifyWith = args.values('verify-with');
  if (verifyWith.length > 0 && verificationsOut === null) {
    throw new SopError(EXIT.INCOMPLETE_VERIFICATION, '--verify-with needs --verifications-out');
  }
  if (verificationsOut !== null && verifyWith.length === 0) {
    throw new SopError(EXIT.INCOMPLETE_VERIFICATION, '--verifications-out needs --verify-with');
  }
  const sessionKeys = args.values('with-session-key').map(sessionKeyArg);
  if (args.positionals.length === 0 && args.values('with-password').length === 0 && sessionKeys.length === 0) {
    throw new SopError(EXIT.MISSING_ARG, 'give at least one KEYS file, --with-password or --with-session-key');
  }
  const target = verificationsOut === null ? null : outputTarget(verificationsOut);
  // `value()` gives the same string again: not null here.
  const sessionKeyTarget = args.value('session-key-out') === null
    ? null
    : outputTarget(/** @type {string} */ (args.value('session-key-out')));
  const certs = verifyWith.map(readInput);
  const passwords = passwordsToTry(args.values('with-password'));
  const keys = await unlockedKeys(args.positionals, args.values('with-key-password'));
  const window = verifyWindow(args, 'verify-not-before', 'verify-not-after');
  const result = await sealpost.decrypt({
    message: readStdin(),
    keys,
    passwords,
    sessionKeys,
    revealSessionKey: sessionKeyTarget !== null,
    verifyWith: certs,
    now: window.now,
  });
  if (target) out.toTarget(target, (await verificationLines(result.verifications ?? [], certs, window)).join(''));
  if (sessionKeyTarget) out.toTarget(sessionKeyTarget, `${result.sessionKey}\n`);
  out.write(result.plaintext);
}

/**
 * A `--with-session-key` input: `ALGO:HEX` (the core checks the form), in a
 * file, `@ENV:` or `@FD:`, with surrounding white space dropped.
 * @param {string} arg
 */
function sessionKeyArg(arg) {
  const text = Buffer.from(readInput(arg)).toString('utf8').trim();
  if (!/^\d{1,3}:[0-9A-Fa-f]+$/.test(text)) {
    throw new SopError(EXIT.BAD_DATA, `--with-session-key: ${arg} does not hold a session key written ALGO:HEX`);
  }
  return text;
}

/**
 * @param {string[]} argv
 * @param {Output} out
 */
export async function inlineSign(argv, out) {
  const args = parseArgs(argv, { flags: ['no-armor'], single: ['as'], multi: ['with-key-password'] });
  const as = choice(args.value('as'), ['binary', 'text', 'clearsigned'], 'as');
  if (as === 'clearsigned' && args.flag('no-armor')) {
    throw new SopError(EXIT.INCOMPATIBLE_OPTIONS, '--as=clearsigned cannot be combined with --no-armor');
  }
  requirePositionals(args, 1, 'KEYS');
  const data = readStdin();
  requireText(data, as);
  const signers = await unlockedKeys(args.positionals, args.values('with-key-password'));
  const mode = as === 'clearsigned' ? 'cleartext' : 'inline';
  out.write(await sealpost.sign({ plaintext: data, signers, mode, armor: !args.flag('no-armor'), text: as !== 'binary' }));
}

/**
 * @param {string[]} argv
 * @param {Output} out
 */
export async function inlineVerify(argv, out) {
  const args = parseArgs(argv, { single: ['not-before', 'not-after', 'verifications-out'] });
  requirePositionals(args, 1, 'CERTS');
  // `value()` gives the same string again: not null here.
  const target = args.value('verifications-out') === null
    ? null
    : outputTarget(/** @type {string} */ (args.value('verifications-out')));
  const certs = args.positionals.map(readInput);
  const window = verifyWindow(args, 'not-before', 'not-after');
  const message = readStdin();
  // A signed message (no detached signature) always comes back with its plaintext.
  const result = /** @type {import('../../../www/sealpost.js').Verified & { plaintext: Uint8Array }} */ (
    await sealpost.verify({ message, signature: null, certs, ...window })
  );
  const lines = await verificationLines(result.verifications, certs, window);
  if (lines.length === 0) throw new SopError(EXIT.NO_SIGNATURE, noSignature(result.verifications));
  if (target) out.toTarget(target, lines.join(''));
  out.write(isCleartextSigned(message) ? withFramingLineEnding(result.plaintext) : result.plaintext);
}

const CLEARTEXT_HEADER = '-----BEGIN PGP SIGNED MESSAGE-----';

/**
 * Whether `message` uses the cleartext signature framework.
 * @param {Uint8Array} message
 */
function isCleartextSigned(message) {
  const start = Buffer.from(message.subarray(0, 256)).toString('latin1').trimStart();
  return start.startsWith(CLEARTEXT_HEADER);
}

/**
 * The signed text with the line ending that the cleartext framing puts
 * before `-----BEGIN PGP SIGNATURE-----`. The core returns exactly what was
 * signed; GnuPG and sqop print the text with that line ending, and so does
 * this CLI, so that a text survives sign and verify through every peer.
 * @param {Uint8Array} text
 */
function withFramingLineEnding(text) {
  return Buffer.concat([Buffer.from(text), Buffer.from('\n')]);
}

/**
 * @param {string[]} argv
 * @param {Output} out
 */
export async function inlineDetach(argv, out) {
  const args = parseArgs(argv, { flags: ['no-armor'], single: ['signatures-out'] });
  if (args.value('signatures-out') === null) throw new SopError(EXIT.MISSING_ARG, 'inline-detach needs --signatures-out');
  // Not null: checked above.
  const target = outputTarget(/** @type {string} */ (args.value('signatures-out')));
  const result = await sealpost.inlineDetach({ message: readStdin(), armor: !args.flag('no-armor') });
  out.toTarget(target, toBytes(result.signatures));
  out.write(result.plaintext);
}
