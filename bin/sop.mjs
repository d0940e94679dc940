#!/usr/bin/env node
// sealpost-sop: the Stateless OpenPGP CLI (draft-dkg-openpgp-stateless-cli)
// over Sealpost's WebAssembly core, the same module the web page loads.
//
//   sealpost-sop generate-key 'Alice <alice@example.org>' > alice.key
//   sealpost-sop extract-cert < alice.key > alice.cert
//   sealpost-sop encrypt alice.cert < note.txt > note.asc
//   sealpost-sop decrypt alice.key < note.asc
//
// Data comes on stdin, results go to stdout, diagnostics to stderr. On
// failure nothing is written to stdout and the exit code is the one the
// draft names (see lib/sop/exit.mjs).
import { EXIT, SopError, exitCodeFor } from './lib/sop/exit.mjs';
import { Output } from './lib/sop/io.mjs';
import * as keys from './lib/sop/key-commands.mjs';
import * as messages from './lib/sop/message-commands.mjs';

/** @type {Partial<Record<string, (argv: string[], out: Output) => Promise<void>>>} */
const SUBCOMMANDS = {
  version: keys.version,
  'list-profiles': keys.listProfiles,
  'generate-key': keys.generateKey,
  'change-key-password': keys.changeKeyPassphrase,
  'revoke-key': keys.revokeKey,
  'extract-cert': keys.extractCert,
  sign: messages.sign,
  verify: messages.verify,
  encrypt: messages.encrypt,
  decrypt: messages.decrypt,
  armor: keys.armor,
  dearmor: keys.dearmor,
  'inline-sign': messages.inlineSign,
  'inline-verify': messages.inlineVerify,
  'inline-detach': messages.inlineDetach,
};

const USAGE = `Usage: ${keys.NAME} SUBCOMMAND [OPTIONS] [--] [ARGS]

Subcommands (draft-dkg-openpgp-stateless-cli):
  version [--backend|--extended|--sop-spec]
  list-profiles SUBCOMMAND
  generate-key [--no-armor] [--with-key-password=PASSWORD] [--profile=PROFILE] [--signing-only] [--] [USERID...]
  change-key-password [--no-armor] [--new-key-password=PASSWORD] [--old-key-password=PASSWORD...] < KEYS
  revoke-key [--no-armor] [--with-key-password=PASSWORD...] < KEYS
  extract-cert [--no-armor] < KEYS
  sign [--no-armor] [--as=binary|text] [--with-key-password=PASSWORD...] [--micalg-out=MICALG] KEYS... < DATA
  verify [--not-before=DATE] [--not-after=DATE] SIGNATURES CERTS... < DATA
  encrypt [--as=binary|text] [--no-armor] [--with-password=PASSWORD...] [--with-key-password=PASSWORD...]
          [--sign-with=KEYS...] [--profile=PROFILE] [--] [CERTS...] < DATA
  decrypt [--with-password=PASSWORD...] [--with-key-password=PASSWORD...] [--verifications-out=VERIFICATIONS]
          [--verify-with=CERTS...] [--verify-not-before=DATE] [--verify-not-after=DATE] [--] [KEYS...] < CIPHERTEXT
  armor [--label=auto|sig|key|cert|message] < DATA
  dearmor < DATA
  inline-sign [--no-armor] [--as=binary|text|clearsigned] [--with-key-password=PASSWORD...] KEYS... < DATA
  inline-verify [--not-before=DATE] [--not-after=DATE] [--verifications-out=VERIFICATIONS] CERTS... < DATA
  inline-detach [--no-armor] --signatures-out=SIGNATURES < DATA

PASSWORD, KEYS, CERTS and SIGNATURES name a file, @ENV:NAME or @FD:N.
Session keys (--session-key-out, --with-session-key) are not supported.
`;

/**
 * @param {string[]} argv the arguments after `sealpost-sop`
 * @returns {Promise<number>} the exit code
 */
async function main(argv) {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === 'help' || sub === '-h') {
    process.stdout.write(USAGE);
    return EXIT.OK;
  }
  const run = SUBCOMMANDS[sub];
  if (!run) {
    process.stderr.write(sub === undefined ? USAGE : `${keys.NAME}: unsupported subcommand ${sub}\n`);
    return EXIT.UNSUPPORTED_SUBCOMMAND;
  }
  if (rest.includes('--help')) {
    process.stdout.write(USAGE);
    return EXIT.OK;
  }
  const out = new Output();
  try {
    await run(rest, out);
    out.commit();
    return EXIT.OK;
  } catch (thrown) {
    const e = /** @type {{ code?: unknown, name?: unknown, message?: unknown, stack?: unknown } | null | undefined} */ (thrown);
    if (e instanceof SopError) {
      process.stderr.write(`${keys.NAME} ${sub}: ${e.message}\n`);
      return e.exitCode;
    }
    if (typeof e?.code === 'string' && /^[a-z]+(-[a-z]+)*$/.test(e.code)) {
      process.stderr.write(`${keys.NAME} ${sub}: ${e.message} [${e.code}]\n`);
      return exitCodeFor(e.code, sub);
    }
    process.stderr.write(`${keys.NAME} ${sub}: ${e?.stack ?? e}\n`);
    return EXIT.GENERIC;
  }
}

process.exitCode = await main(process.argv.slice(2));
