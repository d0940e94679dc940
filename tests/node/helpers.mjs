// Shared by the Node tests: the API over the wasm build, and the CLIs.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../lib/run.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The three modules of the wasm build (scripts/build.mjs). */
export const WASM = ['sealpost_window_bg.wasm', 'sealpost_pgp_bg.wasm', 'sealpost_mail_bg.wasm'].map((f) => join(ROOT, 'www', 'pkg', f));
export const INTEROP_DATA = join(ROOT, 'tests', 'interop', 'data');

/** The JS API (www/sealpost.js) over the wasm build; fails clearly when it is not built. */
export async function loadApi() {
  const missing = WASM.filter((f) => !existsSync(f));
  if (missing.length > 0) throw new Error(`${missing.join(', ')} missing: run \`node scripts/build.mjs\` first`);
  return import('../../www/sealpost.js');
}

/**
 * Runs `node bin/<script> ARGS`.
 * @param {string} script
 * @param {readonly string[]} args
 * @param {Parameters<typeof run>[2]} [options]
 * @returns {ReturnType<typeof run>}
 */
export function cli(script, args, options) {
  return run(process.execPath, [join(ROOT, 'bin', script), ...args], options);
}

/**
 * Runs the SOP CLI.
 * @param {readonly string[]} args
 * @param {Parameters<typeof run>[2]} [options]
 */
export function sop(args, options) {
  return cli('sop.mjs', args, options);
}

/**
 * Awaits `promise` and returns the error it rejects with (fails if it resolves).
 * @param {Promise<unknown>} promise a call of Sealpost's, which rejects with a SealpostError
 * @returns {Promise<import('../../www/sealpost.js').SealpostError>}
 */
export async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return /** @type {import('../../www/sealpost.js').SealpostError} */ (e);
  }
  throw new Error('expected a rejection, but the call succeeded');
}
