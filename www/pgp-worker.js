// The page's OpenPGP worker: runs Sealpost's slow operations (key
// generation, encryption, decryption) off the main thread so that the page
// never freezes.
//
// Protocol: the page posts `{ id, op, args }`; the worker answers
// `{ id, ok: true, result }` or `{ id, ok: false, error: { code, message } }`.
// Errors cross as plain data because structured cloning drops `.code`.
// Nothing is logged: messages, keys and passphrases never reach a console.
//
// `warm` loads the OpenPGP module ahead of use (pgp-pool.js sends it first):
// given the compiled module of an earlier worker it only instantiates it;
// otherwise it compiles the module (fetched with its integrity, or from the
// files handed in first with `supply`) and answers with it, so that the
// page can hand it to the next worker without downloading it again.
// Where this browser runs no WebAssembly it loads the JavaScript build
// (see `engine()` in sealpost.js) and answers null.
import * as sealpost from './sealpost.js';

// What the page may ask for, by name. The arguments come from the page as
// they are: each function checks its own (hence `never[]`: nothing here
// vouches for their types).
/** @type {Map<string, (...args: never[]) => Promise<unknown> | void>} */
const OPERATIONS = new Map(
  Object.entries({
    buildInfo: sealpost.buildInfo,
    inspectKeys: sealpost.inspectKeys,
    encrypt: sealpost.encrypt,
    decrypt: sealpost.decrypt,
    sign: sealpost.sign,
    verify: sealpost.verify,
    generateKey: sealpost.generateKey,
    changeKeyPassphrase: sealpost.changeKeyPassphrase,
    revokeKey: sealpost.revokeKey,
    setKeyExpiry: sealpost.setKeyExpiry,
    extractCert: sealpost.extractCert,
    armor: sealpost.armor,
    supply: sealpost.supply,
  }),
);

/** @type {Promise<WebAssembly.Module | null> | null} */
let warming = null;

// Operations on files, which only the worker offers: their bytes come back
// transferred (never as text), so that the page does not copy or decode a
// file of many megabytes on its own thread.
const FILE_OPERATIONS = {
  /**
   * encrypt(), answering `{ message: Uint8Array, seipd }` armored or not.
   * @param {import('./sealpost.js').EncryptOptions} options
   */
  async encryptFile(options) {
    // With `details: true`, encrypt() resolves to its details.
    const result = /** @type {import('./sealpost.js').Encrypted} */ (await sealpost.encrypt({ ...options, details: true }));
    const message = typeof result.message === 'string' ? new TextEncoder().encode(result.message) : result.message;
    return { value: { ...result, message }, transfer: [message.buffer] };
  },
  /**
   * decrypt(), answering its result without `text`; the page decodes small texts itself.
   * @param {Parameters<typeof sealpost.decrypt>[0]} options
   */
  async decryptFile(options) {
    const { text: _text, ...result } = await sealpost.decrypt(options);
    return { value: result, transfer: result.plaintext?.buffer ? [result.plaintext.buffer] : [] };
  },
};

/**
 * @param {string} code
 * @param {string} message
 */
function coded(code, message) {
  return Object.assign(new Error(message), { code });
}

/**
 * Loads the OpenPGP module; resolves to the module it compiled, or null if it was given one.
 * @param {unknown} given
 * @returns {Promise<WebAssembly.Module | null>}
 */
async function warm(given) {
  if (sealpost.engine().kind !== 'webassembly') {
    await sealpost.load('pgp');
    return null;
  }
  if (given instanceof WebAssembly.Module) {
    await sealpost.load('pgp', given);
    return null;
  }
  const module = await sealpost.compileModule('pgp');
  await sealpost.load('pgp', module);
  return module;
}

self.addEventListener('message', async (/** @type {MessageEvent} */ { data }) => {
  // `op` is a name the page sent; one that is missing is refused below like any unknown name.
  /** @type {{ id?: number, op: string, args?: unknown[] }} */
  const { id, op, args = [] } = data ?? {};
  try {
    if (op === 'warm') {
      warming ??= warm(args[0]);
      const module = await warming;
      try {
        self.postMessage({ id, ok: true, result: module });
      } catch {
        self.postMessage({ id, ok: true, result: null }); // this browser cannot send a compiled module
      }
      return;
    }
    /** @type {Record<string, (...args: never[]) => Promise<{ value: unknown, transfer: Transferable[] }>>} */
    const files = FILE_OPERATIONS;
    const file = Object.hasOwn(files, op) ? files[op] : null;
    const operation = OPERATIONS.get(op);
    if (!file && !operation) throw coded('internal', `The worker does not offer "${op}".`);
    // An operation that arrives while the module loads waits for it, so that it is fetched once.
    await warming?.catch(() => {});
    if (file) {
      const { value, transfer } = await file(.../** @type {never[]} */ (args));
      self.postMessage({ id, ok: true, result: value }, transfer);
      return;
    }
    // Not a file operation, so `operation` is the one found above.
    const result = await /** @type {NonNullable<typeof operation>} */ (operation)(.../** @type {never[]} */ (args));
    self.postMessage({ id, ok: true, result });
  } catch (thrown) {
    const e = /** @type {{ code?: unknown, name?: unknown, message?: unknown, stack?: unknown } | null | undefined} */ (thrown);
    // A trap (WebAssembly's RuntimeError, or the JavaScript build's error of
    // that name) or a stack overflow: the instance is not to be used again.
    const crashed = typeof e?.code !== 'string' && (e?.name === 'RuntimeError' || e instanceof RangeError || e?.name === 'InternalError');
    const error = {
      code: typeof e?.code === 'string' ? e.code : 'internal',
      message: crashed
        ? `Sealpost stopped because of an internal error (a bug: ${e.message}). Nothing was produced; try again.`
        : typeof e?.message === 'string' && e.message
          ? e.message
          : 'Something went wrong inside Sealpost.',
    };
    self.postMessage({ id, ok: false, error });
  }
});
