// The page's OpenPGP worker: runs Sealpost's slow operations (key
// generation, encryption, decryption) off the main thread so that the page
// never freezes.
//
// Protocol: the page posts `{ id, op, args }`; the worker answers
// `{ id, ok: true, result }` or `{ id, ok: false, error: { code, message } }`.
// Errors cross as plain data because structured cloning drops `.code`.
// Nothing is logged: messages, keys and passphrases never reach a console.
import * as sealpost from './sealpost.js';

const OPERATIONS = new Set([
  'buildInfo',
  'inspectKeys',
  'encrypt',
  'decrypt',
  'sign',
  'verify',
  'generateKey',
  'extractCert',
  'armor',
]);

self.addEventListener('message', async ({ data }) => {
  const { id, op, args = [] } = data ?? {};
  try {
    if (!OPERATIONS.has(op)) {
      throw Object.assign(new Error(`The worker does not offer "${op}".`), { code: 'internal' });
    }
    const result = await sealpost[op](...args);
    self.postMessage({ id, ok: true, result });
  } catch (e) {
    const crashed = e instanceof WebAssembly.RuntimeError;
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
