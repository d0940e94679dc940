// The page's side of the OpenPGP worker (pgp-worker.js): starting it, talking to
// it, cancelling it, and keeping it available when the network goes away.
//
// - Preload: once the page is ready and the browser is idle, a worker starts
//   and loads the OpenPGP module, so that sealing works offline from then on.
//   The maintenance view never waits for it.
// - Cancel: a running WebAssembly call cannot be interrupted, so Cancel ends
//   the worker. A spare worker, started once the first one has loaded, takes
//   its place at once; a new spare is then started in the background (when
//   the browser is online). The compiled module is handed from worker to
//   worker, so the large OpenPGP module is downloaded once per page.
// - A worker that cannot start says so only when it is needed, in words.
//
// The state shows as `data-pgp` and `data-pgp-spare` on <html> (`loading`,
// `ready` or `none`) and in words in #pgp-status.
import { coded } from './ui.js';

const IDLE_TIMEOUT_MS = 2000;

/**
 * A worker and the calls it has not answered yet.
 * @typedef {{ worker: Worker | null, pending: Map<number, { resolve: (value: any) => void, reject: (error: Error) => void }>, state: 'loading' | 'ready' | 'dead' }} Slot
 */
/** @typedef {typeof import('./sealpost.js')} Api */
/** @typedef {import('./sealpost.js').Data} Data */
/**
 * What the worker (pgp-worker.js) runs, by name, as the page calls it: the
 * functions of sealpost.js it offers, in the forms the page uses (output
 * armored, so text), and the worker's own file operations.
 * @typedef {object} Operations
 * @property {Api['buildInfo']} buildInfo
 * @property {Api['inspectKeys']} inspectKeys
 * @property {(options: import('./sealpost.js').EncryptOptions & { armor?: true, details: true })
 *   => Promise<import('./sealpost.js').Encrypted<string>>} encrypt
 * @property {Api['decrypt']} decrypt
 * @property {(options: import('./sealpost.js').SignOptions & { armor?: true, details?: false })
 *   => Promise<string>} sign
 * @property {(options: import('./sealpost.js').VerifyWindow
 *   & ({ message: Data, signature?: null } | { plaintext: Data, signature: Data }))
 *   => Promise<import('./sealpost.js').Verified>} verify
 *   a cleartext or inline-signed message, or a plaintext and its detached signature
 * @property {Api['generateKey']} generateKey
 * @property {(options: import('./sealpost.js').ChangeKeyPassphraseOptions & { armor?: true })
 *   => Promise<string>} changeKeyPassphrase
 * @property {(options: Parameters<Api['revokeKey']>[0] & { armor?: true }) => Promise<string>} revokeKey
 * @property {(options: Parameters<Api['setKeyExpiry']>[0] & { armor?: true })
 *   => Promise<string>} setKeyExpiry
 * @property {(options: Parameters<Api['extractCert']>[0] & { armor?: true }) => Promise<string>} extractCert
 * @property {Api['armor']} armor
 * @property {Api['supply']} supply
 * @property {(options: import('./sealpost.js').EncryptOptions)
 *   => Promise<Omit<import('./sealpost.js').Encrypted, 'message'> & { message: Uint8Array }>} encryptFile
 *   encrypt(), answering its message as bytes (armored or not)
 * @property {(options: Parameters<Api['decrypt']>[0])
 *   => Promise<Omit<import('./sealpost.js').Decrypted, 'text'>>} decryptFile
 *   decrypt(), answering without `text`
 */

/** @type {Slot | null} */
let active = null; // the worker that runs the operations
/** @type {Slot | null} */
let spare = null; // a loaded worker that replaces the active one on Cancel
/** @type {WebAssembly.Module | null} */
let shared = null; // the compiled OpenPGP module (WebAssembly.Module), once one worker has it
let everReady = false; // a worker has loaded OpenPGP in this page before
let nextId = 1;
// Where workers come from: pgp-worker.js beside this file, which fetches the
// OpenPGP module itself, unless useWorkerSource() says otherwise.
/** @type {WorkerSource} */
let source = { url: null, type: 'module', files: [] };

/**
 * Starts workers from `url` (a script of `type` `module` or `classic`)
 * instead of pgp-worker.js, and hands each of them `files` (`[name, bytes]`
 * pairs, see `supply` in sealpost.js) before anything else. The single-file
 * release, which has no files to fetch, gives the `blob:` URL of its worker
 * bundle (classic: browsers refuse module workers from `blob:` URLs of a
 * page opened from disk) and its modules.
 * @typedef {{ url: string | URL | null, type: WorkerType, files: [string, Uint8Array][] }} WorkerSource
 * @param {{ url: string | URL | null, type?: WorkerType, files?: [string, Uint8Array][] }} source
 */
export function useWorkerSource({ url, type = 'module', files = [] }) {
  source = { url, type, files };
}

/**
 * The error for a worker that could not start; `reason`, the worker's own error, if it said why.
 * @param {{ code?: string, message: string } | null} [reason]
 */
function startFailure(reason = null) {
  if (everReady) return coded('module-unavailable', 'The OpenPGP part could not restart without the network; reload the page when you are online. Nothing was done.');
  const why = reason?.code === 'module-unavailable' ? ` ${reason.message.replace(/^.*? could not be loaded \((.*)\)\.$/s, 'The file $1.')}` : '';
  return coded('module-unavailable', `The OpenPGP part of Sealpost could not be loaded, so nothing was done.${why} Check the network connection, then try again or reload the page.`);
}

/** Shows the state of the workers in the page. */
function report() {
  const root = document.documentElement.dataset;
  root.pgp = active?.state ?? 'none';
  root.pgpSpare = spare?.state ?? 'none';
  const status = document.getElementById('pgp-status');
  if (!status) return;
  status.textContent =
    active?.state === 'ready'
      ? 'The OpenPGP part is loaded: this section keeps working if the network goes away.'
      : active?.state === 'loading'
        ? 'Loading the OpenPGP part…'
        : '';
}

/**
 * Posts `op` to `slot`; resolves with its answer. Throws at once if `args` cannot be sent.
 * @param {Slot} slot
 * @param {string} op
 * @param {unknown[]} args
 * @param {Transferable[]} [transfer]
 * @returns {Promise<unknown>}
 */
function send(slot, op, args, transfer = []) {
  const id = nextId++;
  const answer = new Promise((resolve, reject) => slot.pending.set(id, { resolve, reject }));
  try {
    // Only a slot that is not dead is sent to, and it has its worker.
    /** @type {Worker} */ (slot.worker).postMessage({ id, op, args }, transfer);
  } catch (e) {
    slot.pending.delete(id);
    throw e;
  }
  return answer;
}

/**
 * Ends `slot`; its pending calls fail with `error`.
 * @param {Slot | null} slot
 * @param {Error} error
 */
function kill(slot, error) {
  if (!slot || slot.state === 'dead') return;
  slot.state = 'dead';
  slot.worker?.terminate();
  const calls = [...slot.pending.values()];
  slot.pending.clear();
  for (const call of calls) call.reject(error);
  if (slot === active) {
    active = spare;
    spare = null;
    keepSpare();
  }
  if (slot === spare) spare = null;
  report();
}

/** Starts a worker and has it load the OpenPGP module. */
/** @returns {Slot} */
function spawn() {
  /** @type {Slot} */
  const slot = { worker: null, pending: new Map(), state: 'loading' };
  try {
    slot.worker = new Worker(source.url ?? new URL('./pgp-worker.js', import.meta.url), { type: source.type });
  } catch {
    slot.state = 'dead';
    return slot;
  }
  const worker = /** @type {Worker} */ (slot.worker); // started just above
  worker.addEventListener('message', ({ data }) => {
    const call = slot.pending.get(data?.id);
    if (!call) return;
    slot.pending.delete(data.id);
    if (data.ok) {
      call.resolve(data.result);
      return;
    }
    call.reject(coded(data.error.code, data.error.message));
    // A crashed WebAssembly instance is not reused.
    if (data.error.code === 'internal') kill(slot, coded('internal', 'Sealpost stopped after an internal error, so nothing was produced. Try again.'));
  });
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    kill(slot, slot.state === 'ready' ? coded('internal', 'The OpenPGP worker stopped unexpectedly, so nothing was produced. Try again.') : startFailure());
  });
  worker.addEventListener('messageerror', () => {
    kill(slot, coded('internal', 'The OpenPGP worker sent an answer the page could not read; nothing was done.'));
  });

  // A worker that could not take them fails its `warm` below, and says so there.
  for (const [file, bytes] of source.files) send(slot, 'supply', [file, bytes]).catch(() => {});
  let warming;
  try {
    warming = send(slot, 'warm', shared ? [shared] : []);
  } catch {
    warming = send(slot, 'warm', []); // this browser cannot hand a compiled module to a worker
  }
  warming.then(
    (module) => {
      if (slot.state === 'dead') return;
      if (module && typeof WebAssembly === 'object' && module instanceof WebAssembly.Module) shared = module;
      slot.state = 'ready';
      everReady = true;
      if (slot === active) keepSpare();
      report();
    },
    (reason) => kill(slot, startFailure(reason)),
  );
  return slot;
}

/** Starts a spare worker unless there is one; offline, waits until the browser is online. */
function keepSpare() {
  if (spare || active?.state !== 'ready') return;
  if (navigator.onLine === false) {
    addEventListener('online', keepSpare, { once: true });
    return;
  }
  spare = spawn();
  if (spare.state === 'dead') spare = null;
  report();
}

/** The worker to run an operation on, starting one if none is available. */
function current() {
  if (active) return active;
  const slot = spawn();
  active = slot.state === 'dead' ? null : slot;
  report();
  return slot;
}

/**
 * Runs `op` of sealpost.js in the worker.
 * @template {keyof Operations} K
 * @param {K} op
 * @param {Parameters<Operations[K]>} args
 * @returns {Promise<Awaited<ReturnType<Operations[K]>>>}
 */
export function work(op, ...args) {
  return workWith([], op, ...args);
}

/**
 * Runs `op` in the worker, handing it the ArrayBuffers in `transfer` (which
 * are then gone from the page) instead of copying them.
 * @template {keyof Operations} K
 * @param {Transferable[]} transfer
 * @param {K} op
 * @param {Parameters<Operations[K]>} args
 * @returns {Promise<Awaited<ReturnType<Operations[K]>>>}
 */
export async function workWith(transfer, op, ...args) {
  const slot = current();
  if (slot.state === 'dead') throw startFailure();
  try {
    // The worker answers with what the operation resolved to.
    return /** @type {Awaited<ReturnType<Operations[K]>>} */ (await send(slot, op, args, transfer));
  } catch (thrown) {
    const e = /** @type {{ code?: unknown, name?: unknown, message?: unknown, stack?: unknown } | null | undefined} */ (thrown);
    if (typeof e?.code === 'string') throw e;
    throw coded('internal', `The page could not hand this to the OpenPGP worker (${e?.message ?? e}); nothing was done.`);
  }
}

/** Stops the running operation: its worker ends and the spare takes over. */
export function cancelWork() {
  kill(active, coded('cancelled', 'Cancelled. Nothing was produced.'));
}

/** Loads OpenPGP, and what `alongside()` loads, in the background once the browser is idle (and online). */
export function preloadWhenIdle(alongside = () => {}) {
  const preload = () => {
    if (navigator.onLine === false) {
      addEventListener('online', preload, { once: true });
      return;
    }
    alongside();
    if (active) return;
    current();
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(preload, { timeout: IDLE_TIMEOUT_MS });
  else setTimeout(preload, IDLE_TIMEOUT_MS);
}
