// SOP subcommands about keys and armor: version, list-profiles,
// generate-key, change-key-password, revoke-key, extract-cert, armor,
// dearmor.
import { readFileSync } from 'node:fs';
import * as sealpost from '../../../www/sealpost.js';
import { choice, parseArgs } from './args.mjs';
import { EXIT, SopError } from './exit.mjs';
import { newPassword, passwordsToTry, readStdin } from './io.mjs';
import { isArmored, requirePositionals } from './common.mjs';

/** @typedef {import('./io.mjs').Output} Output */

export const NAME = 'sealpost-sop';
export const SOP_SPEC = 'draft-dkg-openpgp-stateless-cli-13';

/** What this implementation leaves out (printed by `version --sop-spec`). */
const DEVIATIONS = [
  'encrypt --session-key-out fails with UNSUPPORTED_OPTION (decrypt takes --session-key-out and --with-session-key).',
  'certify-userid, validate-userid, merge-certs and update-key are not implemented (UNSUPPORTED_SUBCOMMAND).',
];

/**
 * `--profile` names per subcommand; the first is the default. Each row: the
 * name, the profile the API takes, and what it makes.
 * @type {{
 *   'generate-key': [name: string, profile: 'cv25519' | 'rfc9580', description: string][],
 *   encrypt: [name: string, profile: 'rfc4880' | 'rfc9580', description: string][],
 * }}
 */
export const PROFILES = {
  'generate-key': [
    ['cv25519', 'cv25519', 'Ed25519/Cv25519 v4 key, readable by every current OpenPGP implementation (default)'],
    ['rfc4880', 'cv25519', 'same as cv25519: a v4 key as in RFC 4880 and its ECC extensions'],
    ['rfc9580', 'rfc9580', 'v6 key with Ed25519/X25519 as in RFC 9580'],
  ],
  encrypt: [
    ['rfc4880', 'rfc4880', 'SEIPDv1 (with MDC), readable by GnuPG 2.2 (default; with v6 recipients: SEIPDv2 if they all support it)'],
    ['rfc9580', 'rfc9580', 'SEIPDv2 (AEAD) as in RFC 9580'],
  ],
};

/**
 * The API profile for `--profile=NAME` of `subcommand`; `default` (or no
 * `--profile`) is the first listed.
 * @template {keyof typeof PROFILES} S
 * @param {S} subcommand
 * @param {string | null} name
 * @returns {(typeof PROFILES)[S][number][1]}
 */
export function profileFor(subcommand, name) {
  const profiles = PROFILES[subcommand];
  if (name === null || name === 'default') return profiles[0][1];
  const found = profiles.find(([n]) => n === name);
  if (!found) throw new SopError(EXIT.UNSUPPORTED_PROFILE, `${subcommand} has no profile ${name} (see list-profiles ${subcommand})`);
  return found[1];
}

/** @returns {string} */
function packageVersion() {
  /** @type {{ version: string }} */
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
  return pkg.version;
}

/**
 * @param {string[]} argv
 * @param {Output} out
 */
export async function version(argv, out) {
  const args = parseArgs(argv, { flags: ['backend', 'extended', 'sop-spec'] });
  const chosen = ['backend', 'extended', 'sop-spec'].filter((f) => args.flag(f));
  if (chosen.length > 1) throw new SopError(EXIT.INCOMPATIBLE_OPTIONS, `--${chosen.join(' and --')} cannot be combined`);
  const line = `${NAME} ${packageVersion()}\n`;
  if (args.flag('sop-spec')) {
    out.write(`~${SOP_SPEC}\n${DEVIATIONS.join('\n')}\n`);
  } else if (args.flag('backend')) {
    out.write('sequoia-openpgp (crypto-rust backend) in WebAssembly\n');
  } else if (args.flag('extended')) {
    const info = await sealpost.buildInfo();
    out.write(line);
    out.write(`sealpost core ${info.sealpost} (WebAssembly)\n`);
    out.write('OpenPGP: sequoia-openpgp, crypto-rust backend (pure Rust, variable-time)\n');
    if (info.tzdb) out.write(`time zone database ${info.tzdb}\n`);
    out.write(`Node.js ${process.versions.node}\n`);
  } else {
    out.write(line);
  }
}

/**
 * @param {string[]} argv
 * @param {Output} out
 */
export async function listProfiles(argv, out) {
  const args = parseArgs(argv, {});
  requirePositionals(args, 1, 'SUBCOMMAND');
  const [sub] = args.positionals;
  const profiles = /** @type {Partial<Record<string, [string, string, string][]>>} */ (PROFILES)[sub];
  if (!profiles) {
    const known = COMMANDS_WITHOUT_PROFILES.includes(sub);
    throw new SopError(known ? EXIT.UNSUPPORTED_PROFILE : EXIT.UNSUPPORTED_SUBCOMMAND, `${sub} has no profiles`);
  }
  for (const [name, , description] of profiles) out.write(`${name}: ${description}\n`);
}

const COMMANDS_WITHOUT_PROFILES = [
  'version', 'list-profiles', 'change-key-password', 'revoke-key', 'extract-cert', 'sign', 'verify',
  'decrypt', 'armor', 'dearmor', 'inline-sign', 'inline-verify', 'inline-detach',
];

/**
 * @param {string[]} argv
 * @param {Output} out
 */
export async function generateKey(argv, out) {
  const args = parseArgs(argv, { flags: ['no-armor', 'signing-only'], single: ['with-key-password', 'profile'] });
  const profile = profileFor('generate-key', args.value('profile'));
  // `value()` gives the same string again: not null here.
  const passphrase = args.value('with-key-password') === null
    ? null
    : newPassword(/** @type {string} */ (args.value('with-key-password')));
  const key = await sealpost.generateKey({
    userIds: args.positionals,
    profile,
    passphrase,
    signingOnly: args.flag('signing-only'),
  });
  out.write(args.flag('no-armor') ? await sealpost.dearmor(key.secretKey) : key.secretKey);
}

/**
 * `change-key-password` (the draft's name; it changes a key's passphrase).
 * @param {string[]} argv
 * @param {Output} out
 */
export async function changeKeyPassphrase(argv, out) {
  const args = parseArgs(argv, { flags: ['no-armor'], single: ['new-key-password'], multi: ['old-key-password'] });
  // `value()` gives the same string again: not null here.
  const newPassphrase = args.value('new-key-password') === null
    ? null
    : newPassword(/** @type {string} */ (args.value('new-key-password')));
  const key = await sealpost.changeKeyPassphrase({
    key: readStdin(),
    oldPassphrases: passwordsToTry(args.values('old-key-password')),
    newPassphrase,
    armor: !args.flag('no-armor'),
  });
  out.write(key);
}

/**
 * @param {string[]} argv
 * @param {Output} out
 */
export async function revokeKey(argv, out) {
  const args = parseArgs(argv, { flags: ['no-armor'], multi: ['with-key-password'] });
  const cert = await sealpost.revokeKey({
    key: readStdin(),
    passphrases: passwordsToTry(args.values('with-key-password')),
    armor: !args.flag('no-armor'),
  });
  out.write(cert);
}

/**
 * @param {string[]} argv
 * @param {Output} out
 */
export async function extractCert(argv, out) {
  const args = parseArgs(argv, { flags: ['no-armor'] });
  out.write(await sealpost.extractCert({ key: readStdin(), armor: !args.flag('no-armor') }));
}

/**
 * `--label` values and the labels Sealpost's `armor()` takes.
 * @type {Record<string, 'signature' | 'key' | 'cert' | 'message' | null>}
 */
const LABELS = { auto: null, sig: 'signature', key: 'key', cert: 'cert', message: 'message' };

/**
 * @param {string[]} argv
 * @param {Output} out
 */
export async function armor(argv, out) {
  const args = parseArgs(argv, { single: ['label'] });
  const label = LABELS[choice(args.value('label'), Object.keys(LABELS), 'label')];
  const data = readStdin();
  // Armoring armored data changes nothing (the draft asks for idempotence).
  out.write(isArmored(data) ? data : await sealpost.armor(data, label));
}

/**
 * @param {string[]} argv
 * @param {Output} out
 */
export async function dearmor(argv, out) {
  parseArgs(argv, {});
  const data = readStdin();
  // Binary OpenPGP data starts with a packet tag (high bit set): already dearmored.
  out.write(data.length > 0 && data[0] & 0x80 ? data : await sealpost.dearmor(data));
}
