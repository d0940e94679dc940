// Exit codes of the Stateless OpenPGP CLI (draft-dkg-openpgp-stateless-cli,
// "Failure Modes"), and the one table that maps Sealpost's error codes
// onto them.

/** The exit codes the SOP draft names. */
export const EXIT = Object.freeze({
  OK: 0,
  GENERIC: 1,
  NO_SIGNATURE: 3,
  UNSUPPORTED_ASYMMETRIC_ALGO: 13,
  CERT_CANNOT_ENCRYPT: 17,
  MISSING_ARG: 19,
  INCOMPLETE_VERIFICATION: 23,
  CANNOT_DECRYPT: 29,
  PASSWORD_NOT_HUMAN_READABLE: 31,
  UNSUPPORTED_OPTION: 37,
  BAD_DATA: 41,
  EXPECTED_TEXT: 53,
  OUTPUT_EXISTS: 59,
  MISSING_INPUT: 61,
  KEY_IS_PROTECTED: 67,
  UNSUPPORTED_SUBCOMMAND: 69,
  UNSUPPORTED_SPECIAL_PREFIX: 71,
  AMBIGUOUS_INPUT: 73,
  KEY_CANNOT_SIGN: 79,
  INCOMPATIBLE_OPTIONS: 83,
  UNSUPPORTED_PROFILE: 89,
  NO_HARDWARE_KEY_FOUND: 97,
  HARDWARE_KEY_FAILURE: 101,
  PRIMARY_KEY_BAD: 103,
  CERT_USERID_NO_MATCH: 107,
});

/** A failure with the SOP exit code it ends the process with. */
export class SopError extends Error {
  /**
   * @param {number} exitCode one of `EXIT`
   * @param {string} message
   */
  constructor(exitCode, message) {
    super(message);
    this.exitCode = exitCode;
  }
}

const SIGNING = ['sign', 'inline-sign'];

// Sealpost error code -> SOP exit code. The first row that matches the code
// (and, when the row names subcommands, the subcommand) wins.
/** @type {[code: string, exit: number, subcommands?: string[]][]} */
const TABLE = [
  ['no-valid-signature', EXIT.NO_SIGNATURE],
  ['unsupported-algorithm', EXIT.CANNOT_DECRYPT, ['decrypt']],
  // A signing key too weak (RSA-1024) or of an algorithm Sealpost cannot use.
  ['unsupported-algorithm', EXIT.KEY_CANNOT_SIGN, SIGNING],
  ['unsupported-algorithm', EXIT.UNSUPPORTED_ASYMMETRIC_ALGO],
  ['key-expired', EXIT.KEY_CANNOT_SIGN, SIGNING],
  ['key-revoked', EXIT.KEY_CANNOT_SIGN, SIGNING],
  ['key-expired', EXIT.CERT_CANNOT_ENCRYPT],
  ['key-revoked', EXIT.CERT_CANNOT_ENCRYPT],
  ['no-encryption-key', EXIT.CERT_CANNOT_ENCRYPT],
  ['no-signing-key', EXIT.KEY_CANNOT_SIGN],
  ['no-recipients', EXIT.MISSING_ARG],
  ['wrong-key', EXIT.CANNOT_DECRYPT],
  ['wrong-password', EXIT.CANNOT_DECRYPT],
  ['wrong-session-key', EXIT.CANNOT_DECRYPT],
  ['manipulated-message', EXIT.CANNOT_DECRYPT],
  ['missing-integrity-protection', EXIT.CANNOT_DECRYPT],
  ['key-locked', EXIT.KEY_IS_PROTECTED],
  ['bad-passphrase', EXIT.KEY_IS_PROTECTED],
  ['unsupported-profile', EXIT.UNSUPPORTED_PROFILE],
  ['not-openpgp', EXIT.BAD_DATA],
  ['malformed-data', EXIT.BAD_DATA],
  ['malformed-key', EXIT.BAD_DATA],
  ['no-keys', EXIT.BAD_DATA],
  ['secret-key-missing', EXIT.BAD_DATA],
  ['input-too-large', EXIT.BAD_DATA],
];

/**
 * The SOP exit code for a Sealpost `.code` raised by `subcommand`.
 * @param {string} code
 * @param {string} subcommand
 * @returns {number}
 */
export function exitCodeFor(code, subcommand) {
  for (const [c, exit, only] of TABLE) {
    if (c === code && (!only || only.includes(subcommand))) return exit;
  }
  return EXIT.GENERIC;
}

/** Every Sealpost code the table maps (for tests). */
export function mappedCodes() {
  return [...new Set(TABLE.map(([c]) => c))];
}
