#!/usr/bin/env node
// sealpost: command-line front end over the same WebAssembly module as the
// page.
//
//   sealpost window [--reference ISO] [--zone IANA]... [--json] TEXT
//   sealpost bounce [--json] [FILE...]
//   sealpost headers [--json] [FILE...]
//
// For OpenPGP operations, use sealpost-sop (the Stateless OpenPGP CLI).
import { mailCommand } from './lib/mail.mjs';
import { windowCommand } from './lib/window.mjs';

const USAGE = `Usage: sealpost COMMAND [OPTIONS]

Commands:
  window [--reference ISO] [--zone IANA]... [--json] TEXT
      show a maintenance window in several time zones (sealpost window --help)
  bounce [--json] [FILE...]
      why a message bounced, for each recipient (sealpost bounce --help)
  headers [--json] [FILE...]
      how a message travelled: hops, TLS, delay, SPF/DKIM/DMARC (sealpost headers --help)

For OpenPGP (encrypt, decrypt, sign, verify, keys) use sealpost-sop.
`;

/** @type {import('./lib/mail.mjs').Io} */
const io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * @param {string[]} argv the arguments after `sealpost`
 * @returns {Promise<number>} the exit code
 */
async function main([command, ...rest]) {
  if (command === 'window') return windowCommand(rest, io);
  if (command === 'bounce' || command === 'headers') return mailCommand(command, rest, io);
  if (command === '--help' || command === 'help' || command === '-h') {
    io.stdout(USAGE);
    return 0;
  }
  io.stderr(command === undefined ? USAGE : `sealpost: unknown command ${command}\n\n${USAGE}`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
