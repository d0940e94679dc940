// `sealpost bounce` and `sealpost headers`: read messages (.eml files, or a
// header block) over the same API as the page.
import { readFile } from 'node:fs/promises';
import { parseArgs as nodeParseArgs } from 'node:util';
import * as sealpost from '../../www/sealpost.js';
import { bounceLines, headerLines } from '../../www/mail-words.js';

/** @typedef {import('../../www/sealpost.js').Bounce} Bounce */
/** @typedef {import('../../www/sealpost.js').Headers} Headers */
/**
 * Where the command writes, and what it reads for `-` (default: process.stdin).
 * @typedef {{ stdout: (text: string) => void, stderr: (text: string) => void,
 *   stdin?: AsyncIterable<Buffer> }} Io
 */

const JSON_FIELDS = {
  bounce: 'bounce: {"bounce": bool, "kind", "recipients": [...], "original", "reportingMta", "warnings"}',
  headers: 'headers: {"hops": [...], "authentication": [...], "summary": {...}, "subject", "warnings"}',
};

/** @param {'bounce' | 'headers'} command */
export function usage(command) {
  const what =
    command === 'bounce'
      ? 'Reads bounces (delivery failure and delay reports): for each recipient that\ndid not get the message, what kind of problem it is and what to do.'
      : 'Reads the header block of a received message: each hop with its TLS and\ndelay, the SPF, DKIM and DMARC results, and a summary in words.';
  return `Usage: sealpost ${command} [--json] [FILE...]

${what}
FILE is a whole message (.eml) or, for headers, a header block; "-" or no
FILE reads standard input.

  --json   print one JSON object (${JSON_FIELDS[command]});
           with several files, one object per line, each with a "file" field.
           A file that cannot be read gives {"error": {"code", "message"}}
           (with "file" when there are several) in its place
  --help   this text

The exit status is 0 when every file was read, 1 when any failed, 2 on bad usage.
`;
}

/**
 * @param {string} code
 * @param {string} message
 */
function coded(code, message) {
  return Object.assign(new Error(message), { code });
}

/**
 * @param {string} file a file name, or `-` for standard input
 * @param {() => Promise<Buffer>} stdin
 * @returns {Promise<Buffer>}
 */
async function readInput(file, stdin) {
  if (file === '-') return stdin();
  try {
    return await readFile(file);
  } catch (thrown) {
    const e = /** @type {NodeJS.ErrnoException} */ (thrown);
    throw coded('file-unreadable', `cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
}

/**
 * All of standard input, read once.
 * @param {AsyncIterable<Buffer>} stream
 * @returns {() => Promise<Buffer>}
 */
function stdinOnce(stream) {
  /** @type {Promise<Buffer> | null} */
  let read = null;
  return () => {
    read ??= (async () => {
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);
      return Buffer.concat(chunks);
    })();
    return read;
  };
}

/**
 * The documented JSON of a result.
 * @param {'bounce' | 'headers'} command
 * @param {Bounce | Headers} result what `command` read: a `Bounce` for `bounce`
 */
function jsonOf(command, result) {
  if (command === 'bounce') {
    const { bounce, kind, recipients, original, reportingMta, warnings } = /** @type {Bounce} */ (result);
    return { bounce, kind, recipients, original: original ?? null, reportingMta: reportingMta ?? null, warnings };
  }
  const { hops, authentication, summary, subject, warnings } = /** @type {Headers} */ (result);
  return { hops, authentication, summary, subject: subject ?? null, warnings };
}

/**
 * Runs `sealpost bounce` or `sealpost headers`. Returns the exit status;
 * writes through `io` (`{ stdout(text), stderr(text), stdin? }`).
 * @param {'bounce' | 'headers'} command
 * @param {string[]} argv the arguments after the command
 * @param {Io} io
 * @returns {Promise<number>}
 */
export async function mailCommand(command, argv, io) {
  let parsed;
  try {
    parsed = nodeParseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, help: { type: 'boolean' } } });
  } catch (thrown) {
    const e = /** @type {NodeJS.ErrnoException} */ (thrown);
    io.stderr(`sealpost ${command}: ${e.message}\n\n${usage(command)}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(usage(command));
    return 0;
  }
  const files = positionals.length ? positionals : ['-'];
  const several = files.length > 1;
  const stdin = stdinOnce(io.stdin ?? process.stdin);
  const read = command === 'bounce' ? sealpost.readBounce : sealpost.readHeaders;
  let status = 0;
  for (const [i, file] of files.entries()) {
    const name = file === '-' ? '-' : file;
    try {
      const result = await read({ message: await readInput(file, stdin) });
      if (values.json) {
        io.stdout(`${JSON.stringify(several ? { file: name, ...jsonOf(command, result) } : jsonOf(command, result))}\n`);
      } else {
        if (several) io.stdout(`${i > 0 ? '\n' : ''}== ${name} ==\n`);
        // `result` is what `read` gives for `command`.
        io.stdout(
          `${(command === 'bounce'
            ? bounceLines(/** @type {Bounce} */ (result))
            : headerLines(/** @type {Headers} */ (result))
          ).join('\n')}\n`,
        );
      }
    } catch (thrown) {
      const e = /** @type {{ code?: unknown, name?: unknown, message?: unknown, stack?: unknown } | null | undefined} */ (thrown);
      status = 1;
      const code = typeof e?.code === 'string' ? e.code : 'internal';
      const message = e?.message ?? String(e);
      if (values.json) io.stdout(`${JSON.stringify(several ? { file: name, error: { code, message } } : { error: { code, message } })}\n`);
      else io.stderr(`sealpost ${command}: ${name}: ${message} [${code}]\n`);
    }
  }
  return status;
}
