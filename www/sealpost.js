// Sealpost's JavaScript API: async functions over the WebAssembly core.
//
// The same file serves the page, its Web Worker, and Node (the npm package
// and the CLIs in bin/). Every function loads the module on first use.
// Results are plain objects; every failure is thrown as an `Error` with a
// stable `.code` (see `errorCodes()`), and its `.message` is a sentence for
// people.
//
// Text may be given as a string (encoded as UTF-8) or as bytes
// (`Uint8Array`, `ArrayBuffer`). Functions that depend on the time take
// `now` (a `Date` or milliseconds since 1970; default: the current time),
// because the WebAssembly core has no clock of its own.
// Three modules: `window` (maintenance times, small), `pgp` (OpenPGP) and
// `mail` (bounces, header blocks, PGP/MIME). Each is fetched and compiled only when a function needs it, so the
// maintenance view never downloads the OpenPGP code. A browser fetches each
// .wasm with its Subresource Integrity (pkg/integrity.js, written by the
// build) and refuses a module that differs from the one that was built.
//
// Each module also comes as JavaScript (binaryen's wasm2js translation of
// the same .wasm), for browsers that have no WebAssembly or refuse to
// compile it (Tor Browser at "Safer", iOS Lockdown Mode, a security policy
// without 'wasm-unsafe-eval'). It is loaded only then: `engine()` says
// which one runs. It gives the same results and errors, much more slowly,
// so the few operations that would take minutes there are refused with the
// code `too-slow-without-webassembly`.
/**
 * The exports of each module's glue (the JavaScript build's glue has the
 * same functions).
 * @typedef {{ window: typeof import('./pkg/sealpost_window.js'), pgp: typeof import('./pkg/sealpost_pgp.js'), mail: typeof import('./pkg/sealpost_mail.js') }} Glues
 */
/**
 * The exports of a module's wasm2js translation (`pkg/<module>_bg.wasm.js`).
 * @typedef {{ instantiate: (imports: object) => object }} Translation
 */
/**
 * Where each module's files are. `jsCore` is typed by hand: TypeScript
 * reads `<module>_bg.wasm.js` through wasm-bindgen's `<module>_bg.wasm.d.ts`,
 * which describes the .wasm, not its translation.
 * @typedef {object} ModuleFiles
 * @property {() => Promise<Glues[keyof Glues]>} glue
 * @property {string} file
 * @property {() => Promise<{ default: (instantiate: Translation['instantiate']) => object }>} jsGlue
 * @property {() => Promise<unknown>} jsCore
 */
/** @type {Record<keyof Glues, ModuleFiles>} */
const MODULES = {
  window: {
    glue: () => import('./pkg/sealpost_window.js'),
    file: 'sealpost_window_bg.wasm',
    jsGlue: () => import('./pkg/sealpost_window_nowasm.js'),
    jsCore: () => import('./pkg/sealpost_window_bg.wasm.js'),
  },
  pgp: {
    glue: () => import('./pkg/sealpost_pgp.js'),
    file: 'sealpost_pgp_bg.wasm',
    jsGlue: () => import('./pkg/sealpost_pgp_nowasm.js'),
    jsCore: () => import('./pkg/sealpost_pgp_bg.wasm.js'),
  },
  mail: {
    glue: () => import('./pkg/sealpost_mail.js'),
    file: 'sealpost_mail_bg.wasm',
    jsGlue: () => import('./pkg/sealpost_mail_nowasm.js'),
    jsCore: () => import('./pkg/sealpost_mail_bg.wasm.js'),
  },
};
/** @type {Partial<Record<keyof Glues, Promise<object> | null>>} */
const loading = {};
/** @type {Map<string, Uint8Array>} */
const supplied = new Map();
/** What each module does, for messages. */
const PART_NAMES = { window: 'time zone', pgp: 'OpenPGP', mail: 'message reading' };

/**
 * Hands Sealpost the bytes of one of its module files (a file name of
 * `www/pkg/`, such as `sealpost_pgp_bg.wasm`), to be used instead of
 * fetching it. The single-file release, which has nothing to fetch,
 * supplies every module this way before the first call.
 * @param {string} file
 * @param {Uint8Array|ArrayBuffer} data
 */
export function supply(file, data) {
  if (typeof file !== 'string') throw coded('invalid-argument', 'The file name must be text.');
  supplied.set(file, bytes(data, 'The module'));
}

/** The smallest WebAssembly module: compiling it shows whether this browser compiles any. */
const EMPTY_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
/**
 * Which build of the core runs here, as `engine()` says.
 * @typedef {{ kind: 'webassembly'|'javascript', reason: null|'webassembly-missing'|'webassembly-refused' }} Engine
 */
/** @type {Engine | null} */
let probed = null;

/**
 * Which build of the core runs here: `{ kind: 'webassembly', reason: null }`,
 * or `{ kind: 'javascript', reason }` with `reason` `webassembly-missing`
 * (the browser offers none, or has it turned off) or `webassembly-refused`
 * (it refuses to compile, e.g. by the page's security policy). Decided once,
 * by compiling an empty module; a real module that fails later is an error,
 * never a reason to switch.
 * @returns {{ kind: 'webassembly'|'javascript', reason: null|'webassembly-missing'|'webassembly-refused' }}
 */
export function engine() {
  probed ??= probe();
  return { ...probed };
}

/** @returns {Engine} */
function probe() {
  const wasm = globalThis.WebAssembly;
  if (typeof wasm !== 'object' || wasm === null || typeof wasm.Module !== 'function' || typeof wasm.Instance !== 'function') {
    return { kind: 'javascript', reason: 'webassembly-missing' };
  }
  try {
    new wasm.Instance(new wasm.Module(EMPTY_MODULE), {});
    return { kind: 'webassembly', reason: null };
  } catch {
    return { kind: 'javascript', reason: 'webassembly-refused' };
  }
}

/**
 * The API as www/sealpost.d.ts types it (what importers of this file see).
 * @typedef {typeof import('./sealpost.js')} Api
 */
/** @typedef {import('./sealpost.js').Data} Data */
/** @typedef {import('./sealpost.js').When} When */

/**
 * What `load()` instantiates a module from.
 * @typedef {Uint8Array|ArrayBuffer|WebAssembly.Module|URL|string|Translation} Source
 */

/**
 * Loads one of the modules (`window`, `pgp` or `mail`). Every function loads what it
 * needs; call this only to load early (e.g. when the page is idle) or from
 * a source of your own.
 * @template {keyof Glues} P
 * @overload
 * @param {P} part
 * @param {Source} [source]
 * @returns {Promise<Glues[P]>}
 */
/**
 * @overload
 * @returns {Promise<Glues['window']>}
 */
/**
 * @param {keyof Glues} [part]
 * @param {Source} [source]
 *   the `.wasm` (bytes, compiled, or where to fetch it), or the JavaScript
 *   build: the exports of `pkg/<module>_bg.wasm.js`. Default: the build
 *   that `engine()` picks, from `pkg/` beside this file.
 * @returns {Promise<object>} the module's exports
 */
export function load(part = 'window', source) {
  const module = MODULES[part];
  if (!module) return Promise.reject(coded('invalid-argument', `There is no module called ${part}.`));
  loading[part] ??= instantiate(module, source).catch((/** @type {Error} */ e) => {
    loading[part] = null;
    throw coded('module-unavailable', `The ${PART_NAMES[part]} part of Sealpost could not be loaded (${e.message}).`);
  });
  return loading[part];
}

/**
 * Compiles the WebAssembly module of `part` without instantiating it (from
 * supplied bytes, or fetched with its integrity), e.g. to hand it to a worker.
 * @param {'window'|'pgp'|'mail'} part
 * @returns {Promise<WebAssembly.Module>}
 */
export async function compileModule(part) {
  const module = MODULES[part];
  if (!module) throw coded('invalid-argument', `There is no module called ${part}.`);
  try {
    const source = await moduleSource(module.file);
    if (!(typeof Response === 'function' && source instanceof Response)) return await WebAssembly.compile(/** @type {BufferSource} */ (source));
    if (!source.ok) throw new Error(`the server answered ${source.status}`);
    return source.headers.get('Content-Type') === 'application/wasm'
      ? await WebAssembly.compileStreaming(source)
      : await WebAssembly.compile(await source.arrayBuffer());
  } catch (thrown) {
    const e = /** @type {Error} */ (thrown);
    throw coded('module-unavailable', `The ${PART_NAMES[part]} part of Sealpost could not be loaded (${e.message}).`);
  }
}

const inNode = typeof process !== 'undefined' && Boolean(process.versions?.node);

/**
 * `file` of www/pkg/: its bytes when supplied, or read from disk in Node;
 * otherwise its fetch() response, fetched with its Subresource Integrity.
 * @param {string} file
 * @returns {Promise<Uint8Array | Response>}
 */
async function moduleSource(file) {
  const given = supplied.get(file);
  if (given) return given;
  const url = new URL(`./pkg/${file}`, import.meta.url);
  if (inNode && url.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    return readFile(url);
  }
  /** @type {{ default: Record<string, string | undefined> }} */
  const { default: integrity } = await import('./pkg/integrity.js');
  if (!integrity[file]) throw new Error(`pkg/integrity.js has no hash for ${file}: rebuild with \`node scripts/build.mjs\``);
  try {
    return await fetch(url, { integrity: integrity[file] });
  } catch (thrown) {
    const e = /** @type {Error} */ (thrown);
    // Browsers report a failed integrity check like a network failure.
    throw new Error(`${file} could not be fetched, or it is not the file this page was built with (${e.message})`);
  }
}

/**
 * @param {ModuleFiles} module
 * @param {Source} [source]
 * @returns {Promise<object>}
 */
async function instantiate(module, source) {
  if (typeof (/** @type {Partial<Translation>} */ (source)?.instantiate) === 'function') return instantiateJs(module, /** @type {Translation} */ (source));
  if (source === undefined && engine().kind === 'javascript') return instantiateJs(module, /** @type {Translation} */ (await module.jsCore()));
  if (engine().kind === 'javascript') throw new Error('this browser runs no WebAssembly, and a .wasm was given.');
  const core = await module.glue();
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) {
    core.initSync({ module: source });
  } else {
    // Bytes are compiled asynchronously: browsers limit compiling on the main thread.
    await core.default({ module_or_path: source ?? (await moduleSource(module.file)) });
  }
  return core;
}

/**
 * The JavaScript build: its glue, instantiated from `translation` (the exports of `*_bg.wasm.js`).
 * @param {ModuleFiles} module
 * @param {Translation} translation
 */
async function instantiateJs(module, translation) {
  const core = await module.jsGlue();
  core.default(translation.instantiate);
  return core;
}

/**
 * Refuses, in the JavaScript build, an operation that would take minutes there.
 * @param {string} what
 * @param {string} why
 */
function refuseSlow(what, why) {
  if (engine().kind !== 'javascript') return;
  throw coded(
    'too-slow-without-webassembly',
    `${what} is not offered in this browser: without WebAssembly it ${why}. Nothing was done. In a browser with WebAssembly (in Tor Browser: the Standard security level) it is many times faster.`,
  );
}

/**
 * An Error with a stable `.code`.
 * @param {string} code
 * @param {string} message
 * @returns {Error & { code: string }}
 */
function coded(code, message) {
  const e = /** @type {Error & { code: string }} */ (new Error(message));
  e.code = code;
  return e;
}

const encoder = new TextEncoder();

/**
 * Bytes of a string (UTF-8) or of binary input.
 * @param {unknown} value
 * @param {string} what
 * @returns {Uint8Array}
 */
function bytes(value, what) {
  if (typeof value === 'string') return encoder.encode(value);
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw coded('invalid-argument', `${what} must be text or bytes.`);
}

/**
 * The options object of a call (`undefined` and `null` mean none). Anything
 * else is refused here, before it reaches the WebAssembly glue.
 * @template {object} T
 * @param {T | null | undefined} value
 * @returns {Partial<T>}
 */
function optionsOf(value) {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw coded('invalid-argument', 'The options must be an object.');
  return value;
}

/**
 * A string; the glue would otherwise pass other values to the core as garbage.
 * @param {unknown} value
 * @param {string} what
 */
function string(value, what) {
  if (typeof value !== 'string') throw coded('invalid-argument', `${what} must be text.`);
  return value;
}

/**
 * A list of zone names.
 * @param {unknown} value
 * @returns {string[]}
 */
function zoneList(value) {
  if (!Array.isArray(value) || !value.every((z) => typeof z === 'string')) {
    throw coded('invalid-argument', 'The zones must be a list of time zone names.');
  }
  return value;
}

/**
 * A request for the core: `fields` without the ones the caller left out
 * (`undefined`), so that the core's defaults apply. Defaults live in the
 * Rust request types only; this file writes none of them.
 * @param {Record<string, unknown>} fields
 */
function request(fields) {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/**
 * One or more blobs as a list of bytes; nothing for `undefined` or `null`.
 * @param {unknown} value
 * @param {string} what
 */
function list(value, what) {
  if (value === undefined || value === null) return undefined;
  return (Array.isArray(value) ? value : [value]).map((v) => bytes(v, what));
}

/**
 * The value of an option that was renamed: `options[name]`, or the same
 * value under its old name (kept for one release). Both at once are refused.
 * @param {Record<string, unknown>} options
 * @param {string} name
 * @param {string} old
 */
function renamed(options, name, old) {
  if (options[name] !== undefined && options[old] !== undefined) {
    throw coded('invalid-argument', `Give ${name} or its old name ${old}, not both.`);
  }
  return options[name] ?? options[old];
}

/**
 * Bytes of an optional input; nothing for `undefined` or `null`.
 * @param {unknown} value
 * @param {string} what
 */
function optionalBytes(value, what) {
  return value === undefined || value === null ? undefined : bytes(value, what);
}

/**
 * One or more strings as a list; nothing for `undefined`.
 * @param {string | string[] | undefined} value
 * @returns {string[] | undefined}
 */
function strings(value) {
  return value === undefined ? undefined : /** @type {string[]} */ ([]).concat(value);
}

/**
 * Milliseconds since 1970 of a Date or a number; now when left out.
 * @param {unknown} now
 * @param {string} [what]
 * @returns {number}
 */
function millis(now, what = 'now') {
  if (now === undefined || now === null) return Date.now();
  const ms = now instanceof Date ? now.getTime() : now;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw coded('invalid-argument', `${what} must be a Date or a number of milliseconds.`);
  return ms;
}

/**
 * `millis()` of an optional time; null when left out.
 * @param {unknown} value
 * @param {string} what
 */
function optionalMillis(value, what) {
  return value === undefined || value === null ? null : millis(value, what);
}

/**
 * A secret key for the core, with its passphrase and the keys derived from
 * it here (`unlockable()`).
 * @typedef {{ key: Uint8Array, passphrase: string | null, derivedKeys?: object[] }} SecretKey
 */

/**
 * @param {unknown} value
 * @returns {SecretKey[] | undefined}
 */
function secretKeys(value) {
  if (value === undefined || value === null) return undefined;
  return (Array.isArray(value) ? value : [value]).map((k) =>
    typeof k === 'string' || k instanceof Uint8Array || k instanceof ArrayBuffer
      ? { key: bytes(k, 'A key'), passphrase: null }
      : { key: bytes(k?.key, 'A key'), passphrase: k.passphrase ?? null },
  );
}

// Passphrases without WebAssembly. OpenPGP's iterated and salted S2K
// hashes `salt || passphrase` repeated over tens of megabytes; in the
// JavaScript build of the core that takes about two minutes per key, but
// the browser's own SHA (WebCrypto, native code even with the JIT off)
// does it in well under a second. So there the core says what to hash
// (`s2kSpecs` for a key's protection, `s2kFresh` for a new one), this
// file hashes, and hands the derived key to the core beside the
// passphrase. With WebAssembly the core derives as before.
/** @type {Partial<Record<string, number>>} */
const DIGEST_BYTES = { 'SHA-1': 20, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

/**
 * What the core asks to hash for one iterated and salted S2K (`hash` is a
 * WebCrypto name), and the key derived for it.
 * @typedef {{ hash: string, salt: Uint8Array, count: number, keyLen: number }} S2kSpec
 * @typedef {{ hash: string, salt: Uint8Array, count: number, key: Uint8Array }} DerivedKey
 */

function deriveNatively() {
  return engine().kind === 'javascript' && typeof globalThis.crypto?.subtle?.digest === 'function';
}

/**
 * The key of one S2K spec (`{ hash, salt, count, keyLen }`) for `passphrase`, by WebCrypto.
 * @param {S2kSpec} spec
 * @param {string} passphrase
 * @returns {Promise<DerivedKey>}
 */
async function deriveS2k(spec, passphrase) {
  const digest = DIGEST_BYTES[spec?.hash];
  if (!digest) throw coded('invalid-argument', 'This passphrase protection uses a hash the browser does not offer.');
  const pass = encoder.encode(passphrase);
  const unit = new Uint8Array(spec.salt.length + pass.length);
  unit.set(spec.salt);
  unit.set(pass, spec.salt.length);
  // At least `salt || passphrase` once, even when `count` is smaller.
  const len = Math.max(spec.count, unit.length);
  const parts = Math.ceil(spec.keyLen / digest);
  const key = new Uint8Array(parts * digest);
  for (let i = 0; i < parts; i++) {
    // The i-th part of the key hashes i zero octets, then the stream.
    const data = new Uint8Array(i + len);
    let filled = Math.min(unit.length, len);
    data.set(unit.subarray(0, filled), i);
    while (filled < len) {
      const n = Math.min(filled, len - filled);
      data.copyWithin(i + filled, i, i + n);
      filled += n;
    }
    key.set(new Uint8Array(await globalThis.crypto.subtle.digest(spec.hash, data)), i * digest);
    data.fill(0);
  }
  unit.fill(0);
  return { hash: spec.hash, salt: spec.salt, count: spec.count, key: key.slice(0, spec.keyLen) };
}

// Argon2 (RFC 9580's memory-hard S2K) has no WebCrypto counterpart, so
// the JavaScript build runs it itself, and only when it is cheap. Measured
// in Firefox ESR at Tor Browser's "Safer" level (bench/firefox.mjs): one
// pass over 4 MiB opens a message in about 4 s, 8 MiB in 9 s, 16 MiB in
// 13 s; OpenPGP.js's default (3 passes over 64 MiB) would take minutes.
/** The most Argon2 work the JavaScript build does, in KiB of memory times passes. */
const SLOW_ARGON2_BUDGET = 4096;

/**
 * What one Argon2 S2K asks for; `memoryKib` is null beyond any computer's memory.
 * @typedef {{ passes: number, lanes: number, memoryKib: number | null }} Argon2Cost
 */

/** @param {Argon2Cost} cost */
function argon2Work(cost) {
  return cost.memoryKib === null ? Number.POSITIVE_INFINITY : cost.memoryKib * cost.passes;
}

/** @param {Argon2Cost} cost */
function argon2Words(cost) {
  const memory = cost.memoryKib === null ? 'more memory than any computer has' : `${cost.memoryKib / 1024} MiB of memory`;
  return `${cost.passes} ${cost.passes === 1 ? 'pass' : 'passes'} over ${memory}`;
}

/**
 * Refuses, in the JavaScript build, Argon2 that costs more than it does in a few seconds.
 * @param {Argon2Cost[]} costs
 * @param {string} what
 */
function refuseArgon2(costs, what) {
  const over = costs.find((c) => argon2Work(c) > SLOW_ARGON2_BUDGET);
  if (over) {
    refuseSlow(what, `would take minutes: its Argon2 password hashing asks for ${argon2Words(over)}, and this mode does at most one pass over ${SLOW_ARGON2_BUDGET / 1024} MiB`);
  }
}

/**
 * Derived keys for every iterated S2K of `key` under each of `passphrases`.
 * @param {Glues['pgp']} core
 * @param {Uint8Array} key
 * @param {(string | null)[]} passphrases
 * @returns {Promise<DerivedKey[]>}
 */
async function derivedFor(core, key, passphrases) {
  const given = /** @type {string[]} */ (passphrases.filter((p) => typeof p === 'string' && p !== ''));
  if (given.length === 0 || engine().kind !== 'javascript') return [];
  let costs = [];
  try {
    costs = core.argon2Costs(key);
  } catch {
    // not OpenPGP data: the operation itself says so
  }
  refuseArgon2(costs, 'Unlocking this key');
  if (!deriveNatively()) return [];
  /** @type {S2kSpec[]} */
  let specs;
  try {
    specs = core.s2kSpecs(key);
  } catch {
    return []; // not a key: the operation itself says so
  }
  const out = [];
  for (const p of given) for (const spec of specs) out.push(await deriveS2k(spec, p));
  return out;
}

/**
 * `secretKeys(value)` with derived keys beside each passphrase.
 * @param {Glues['pgp']} core
 * @param {unknown} value
 */
async function unlockable(core, value) {
  const keys = secretKeys(value);
  if (!keys) return keys;
  for (const k of keys) k.derivedKeys = await derivedFor(core, k.key, [k.passphrase]);
  return keys;
}

/**
 * Message passwords in the JavaScript build: keys derived for new password
 * packets, in place of the passwords; `{ passwords }` as given elsewhere.
 * @param {Glues['pgp']} core
 * @param {string | string[] | undefined} passwords
 */
async function sealingPasswords(core, passwords) {
  const given = strings(passwords);
  if (!given || !deriveNatively() || !given.every((p) => typeof p === 'string' && p !== '')) return { passwords: given };
  const derivedPasswords = [];
  for (const p of given) derivedPasswords.push(await deriveS2k(core.s2kFresh(), p));
  return { derivedPasswords };
}

/**
 * What the password packets of a message ask to derive (`passwordSpecs`):
 * `otherHashes` and `cheap` count packets.
 * @typedef {{ iterated: S2kSpec[], otherHashes: number, argon2: Argon2Cost[], cheap: number }} PasswordSpecs
 */

/**
 * Message passwords in the JavaScript build: keys derived for the
 * message's iterated password packets, and the Argon2 it may run. When no
 * password packet can be tried in reasonable time and no key is given, it
 * refuses before starting.
 * @param {Glues['pgp']} core
 * @param {Uint8Array} message
 * @param {string | string[] | undefined} passwords
 * @param {boolean} keysGiven
 */
async function openingPasswords(core, message, passwords, keysGiven) {
  const given = strings(passwords);
  const typed = (given ?? []).filter((p) => typeof p === 'string' && p !== '');
  if (typed.length === 0 || engine().kind !== 'javascript') return { passwords: given };
  /** @type {PasswordSpecs} */
  let specs;
  try {
    specs = core.passwordSpecs(message);
  } catch {
    return { passwords: given }; // not OpenPGP: decrypt says so
  }
  const native = deriveNatively();
  const cheapArgon2 = specs.argon2.filter((c) => argon2Work(c) <= SLOW_ARGON2_BUDGET);
  const doable = (native ? specs.iterated.length : 0) + specs.cheap + cheapArgon2.length;
  if (doable === 0 && !keysGiven) {
    if (specs.argon2.length > 0) refuseArgon2(specs.argon2, 'Opening this message with a password');
    if (specs.otherHashes > 0) {
      refuseSlow('Opening this message with a password', 'would take minutes: its password is hashed with a function this browser offers only to WebAssembly');
    }
  }
  /** @type {{ passwords: string[] | undefined, argon2Budget: number, derivedPasswords?: DerivedKey[] }} */
  const out = { passwords: given, argon2Budget: SLOW_ARGON2_BUDGET };
  if (native) {
    out.derivedPasswords = [];
    for (const p of typed) for (const spec of specs.iterated) out.derivedPasswords.push(await deriveS2k(spec, p));
  }
  return out;
}

/**
 * A derived key for a new protection with `passphrase`, or undefined where the core derives.
 * @param {Glues['pgp']} core
 * @param {string | null | undefined} passphrase
 */
async function freshDerived(core, passphrase) {
  if (!passphrase || !deriveNatively()) return undefined;
  return deriveS2k(core.s2kFresh(), passphrase);
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The UTF-8 text of `data`, or null when it is not valid UTF-8.
 * @param {Uint8Array | null | undefined} data
 */
function textOf(data) {
  try {
    return data ? decoder.decode(data) : null;
  } catch {
    return null;
  }
}

/**
 * Armored output as a string, binary output as bytes. Armor starts with
 * `-----BEGIN PGP`; binary OpenPGP never starts with `-` (its first octet
 * has the high bit set).
 * @param {Uint8Array} out
 * @returns {string | Uint8Array}
 */
function shaped(out) {
  return out[0] === 0x2d ? new TextDecoder().decode(out) : out;
}

/** `{ sealpost, tzdb, features }`: the version and the bundled IANA time zone release. */
export async function buildInfo() {
  const core = await load('window');
  return core.buildInfo();
}

/**
 * The codes that only JavaScript raises, the one list of them (the core's
 * come from src/error.rs). tests/node/codes.test.mjs fails when www/ or
 * bin/ raises, compares or maps a code that is in neither.
 */
const JS_CODES = Object.freeze([
  'module-unavailable', // this file: a module could not be loaded or started
  'too-slow-without-webassembly', // this file: the JavaScript build refuses work it would take minutes over
  'cancelled', // the page: Cancel ended the worker
  'empty-message', // the page: nothing to seal or open
  'no-passphrase', // the page: a new key without a passphrase
  'passphrase-mismatch', // the page: the two passphrases differ
  'password-mismatch', // the page: the two passwords differ
  'no-user-id', // the page: a new key without a name or address
  'file-unreadable', // the CLIs: a file named on the command line could not be read
]);

/** Warning codes that only JavaScript gives (the core's: `WarningCode` and mail warnings). */
// biome-ignore lint/correctness/noUnusedVariables: the declaration tests/node/codes.test.mjs reads; nothing here needs it
const JS_WARNING_CODES = Object.freeze(['zone-from-field']);

/** Every `.code` a Sealpost error can carry. */
export async function errorCodes() {
  const core = await load('window');
  return [...new Set([...core.errorCodes(), ...JS_CODES])];
}

// --- OpenPGP ------------------------------------------------------------

/**
 * Reads every key and certificate in `data` and says what each can do now.
 * @param {Data} data
 * @param {Parameters<Api['inspectKeys']>[1]} [options]
 * @returns {Promise<object[]>} one card per key (fingerprint, user IDs, verdicts…)
 */
export async function inspectKeys(data, options) {
  const { now } = optionsOf(options);
  const core = await load('pgp');
  return core.inspectKeys(bytes(data, 'The key'), millis(now));
}

/**
 * Encrypts `plaintext` (its old name `message` still works) to every
 * recipient certificate and password; signs it when `signers` are given.
 * Refuses if any recipient cannot be encrypted to. With `details: true`,
 * resolves to `{ message, seipd, symmetric, aead }`: the message and the
 * format it was written in.
 * @param {import('./sealpost.js').EncryptOptions} options
 * @returns {Promise<string|Uint8Array|object>} armored text, or bytes with `armor: false`
 */
export async function encrypt(options) {
  const opts = optionsOf(options);
  const { recipients, passwords, signers, armor, profile, filename, mode, details, now } = opts;
  const plaintext = renamed(opts, 'plaintext', 'message');
  const core = await load('pgp');
  const result = core.encrypt(
    request({
      plaintext: bytes(plaintext, 'The plaintext'),
      recipients: list(recipients, 'A recipient key'),
      ...(await sealingPasswords(core, passwords)),
      signers: await unlockable(core, signers),
      armor,
      profile,
      filename,
      mode,
      nowMs: millis(now),
    }),
  );
  const sealed = shaped(result.message);
  return details === true ? { ...result, message: sealed } : sealed;
}

/**
 * Decrypts `message` with secret keys, passwords or session keys
 * (`sessionKeys`, each `ALGO:HEX` as SOP writes them) and checks its
 * signatures against `verifyWith`. With `revealSessionKey: true` the result
 * has the `sessionKey` that opened it. Releases no plaintext unless the
 * integrity check passed.
 * @param {Parameters<Api['decrypt']>[0]} options
 * @returns {Promise<object>} `{ plaintext, text, verifications, … }`
 */
export async function decrypt(options) {
  const { message, keys, passwords, verifyWith, sessionKeys, revealSessionKey, now } = optionsOf(options);
  const core = await load('pgp');
  const sealed = bytes(message, 'The message');
  const secrets = await unlockable(core, keys);
  const result = core.decrypt(
    request({
      message: sealed,
      keys: secrets,
      ...(await openingPasswords(core, sealed, passwords, Boolean(secrets?.length))),
      verifyWith: list(verifyWith, 'A certificate'),
      sessionKeys: strings(sessionKeys),
      revealSessionKey: revealSessionKey === true,
      nowMs: millis(now),
    }),
  );
  const { sessionKey, ...rest } = result;
  const revealed = revealSessionKey === true ? { sessionKey: sessionKey ?? null } : {};
  return { ...rest, ...revealed, text: textOf(result.plaintext) };
}

/**
 * Signs `plaintext` (its old name `message` still works): `mode` is
 * `cleartext`, `detached` (default) or `inline`. With `details: true`,
 * resolves to `{ signature, hash, micalg }` (detached) or
 * `{ message, hash, micalg }` (inline, cleartext).
 * @param {import('./sealpost.js').SignOptions} options
 * @returns {Promise<string|Uint8Array|object>}
 */
export async function sign(options) {
  const opts = optionsOf(options);
  const { signers, mode, armor, text, details, now } = opts;
  const plaintext = bytes(renamed(opts, 'plaintext', 'message'), 'The plaintext');
  const core = await load('pgp');
  const result = core.sign(request({ plaintext, signers: await unlockable(core, signers), mode, armor, text, nowMs: millis(now) }));
  const field = 'signature' in result ? 'signature' : 'message';
  const signed = shaped(result[field]);
  return details === true ? { ...result, [field]: signed } : signed;
}

/**
 * The options of `verify()` in either form, as read here.
 * @typedef {import('./sealpost.js').VerifyWindow
 *   & { message?: Data, plaintext?: Data, signature?: Data | null }} VerifyOptions
 */

/**
 * Checks the signatures of a cleartext or inline-signed `message`, or of
 * `plaintext` against its detached `signature` (which before `plaintext`
 * had its name was given as `message`, as it still may be).
 * @param {VerifyOptions} options
 * @returns {Promise<import('./sealpost.js').Verified>} `{ good, verifications, plaintext, text }`
 */
export async function verify(options) {
  const { message, plaintext, signature, certs, notBefore, notAfter, now } = optionsOf(options);
  const detached = signature !== undefined && signature !== null;
  const signed = detached && plaintext === undefined ? { plaintext: message } : { message, plaintext };
  const core = await load('pgp');
  const result = core.verify(
    request({
      message: optionalBytes(signed.message, 'The message'),
      plaintext: optionalBytes(signed.plaintext, 'The plaintext'),
      signature: optionalBytes(signature, 'The signature'),
      certs: list(certs, 'A certificate'),
      notBeforeMs: optionalMillis(notBefore, 'notBefore'),
      notAfterMs: optionalMillis(notAfter, 'notAfter'),
      nowMs: millis(now),
    }),
  );
  return { ...result, text: textOf(result.plaintext) };
}

/**
 * Generates a key. `profile`: `cv25519` (default), `rsa3072`, `rsa4096` or
 * `rfc9580`. `validitySeconds`: default three years, 0 for no expiry.
 * @param {Parameters<Api['generateKey']>[0]} [options]
 * @returns {Promise<object>} `{ secretKey, publicKey, revocation, fingerprint, … }`
 */
export async function generateKey(options) {
  const { userIds, userId, profile, passphrase, validitySeconds, signingOnly, now } = optionsOf(options);
  if (profile === 'rsa3072' || profile === 'rsa4096') refuseSlow('Making an RSA key', 'would take many minutes (finding large primes)');
  const core = await load('pgp');
  const derivedKey = await freshDerived(core, passphrase);
  return core.generateKey(
    request({
      userIds: userIds ?? (userId ? [userId] : undefined),
      profile,
      passphrase: derivedKey ? undefined : passphrase,
      derivedKey,
      validitySeconds,
      signingOnly,
      nowMs: millis(now),
    }),
  );
}

/**
 * Changes a secret key's passphrase (`newPassphrase: null` removes it).
 * @param {import('./sealpost.js').ChangeKeyPassphraseOptions} options
 */
export async function changeKeyPassphrase(options) {
  const { key, oldPassphrases, newPassphrase, armor, now } = optionsOf(options);
  const core = await load('pgp');
  const secret = bytes(key, 'The key');
  const olds = strings(oldPassphrases) ?? [];
  const newDerivedKey = await freshDerived(core, newPassphrase);
  const out = core.changeKeyPassphrase(
    request({
      key: secret,
      oldPassphrases: olds,
      oldDerivedKeys: await derivedFor(core, secret, olds),
      newPassphrase: newDerivedKey ? undefined : newPassphrase,
      newDerivedKey,
      armor,
      nowMs: millis(now),
    }),
  );
  return shaped(out);
}

/**
 * The old name of `changeKeyPassphrase` (a passphrase unlocks a key; a
 * password opens a message), kept for one release.
 * @deprecated Use `changeKeyPassphrase`.
 */
export const changeKeyPassword = changeKeyPassphrase;

/**
 * Revokes a key with its secret key; returns the revoked certificate.
 * @param {Parameters<Api['revokeKey']>[0]} options
 */
export async function revokeKey(options) {
  const { key, passphrases, reason, armor, now } = optionsOf(options);
  const core = await load('pgp');
  const secret = bytes(key, 'The key');
  const given = strings(passphrases) ?? [];
  const derivedKeys = await derivedFor(core, secret, given);
  const out = core.revokeKey(request({ key: secret, passphrases: given, derivedKeys, reason, armor, nowMs: millis(now) }));
  return shaped(out);
}

/**
 * Sets when a key and all its subkeys expire (`expires`, a Date or
 * milliseconds; null or left out: never), with new self-signatures made at
 * `now`; needs the key's passphrase. Returns the secret key, protected as
 * before; export its public key again to publish the change.
 * @param {Parameters<Api['setKeyExpiry']>[0]} options
 */
export async function setKeyExpiry(options) {
  const { key, passphrases, expires, armor, now } = optionsOf(options);
  const core = await load('pgp');
  const secret = bytes(key, 'The key');
  const given = strings(passphrases) ?? [];
  const derivedKeys = await derivedFor(core, secret, given);
  const out = core.setKeyExpiry(
    request({ key: secret, passphrases: given, derivedKeys, expiresMs: optionalMillis(expires, 'expires'), armor, nowMs: millis(now) }),
  );
  return shaped(out);
}

/**
 * The public certificate of a secret key.
 * @param {Parameters<Api['extractCert']>[0]} options
 */
export async function extractCert(options) {
  const { key, armor } = optionsOf(options);
  const core = await load('pgp');
  return shaped(core.extractCert(request({ key: bytes(key, 'The key'), armor })));
}

/**
 * Splits an inline- or cleartext-signed message into text and signatures.
 * @param {Parameters<Api['inlineDetach']>[0]} options
 */
export async function inlineDetach(options) {
  const { message, armor } = optionsOf(options);
  const core = await load('pgp');
  const result = core.inlineDetach(request({ message: bytes(message, 'The message'), armor }));
  return { ...result, text: textOf(result.plaintext) };
}

/**
 * Adds ASCII armor; `label` overrides the detected kind.
 * @param {Data} data
 * @param {Parameters<Api['armor']>[1]} [label]
 */
export async function armor(data, label = null) {
  const core = await load('pgp');
  const kind = label === null || label === undefined ? null : string(label, 'The label');
  return new TextDecoder().decode(core.armor(bytes(data, 'The data'), kind));
}

/**
 * Removes ASCII armor.
 * @param {Data} data
 */
export async function dearmor(data) {
  const core = await load('pgp');
  return core.dearmor(bytes(data, 'The data'));
}

// --- Maintenance windows -------------------------------------------------

/**
 * A window request of the options that were given. Every default is the
 * core's: an option left out (or `undefined`) is not sent, because the glue
 * would pass `undefined` on as a value rather than as a missing option.
 * @param {Record<string, unknown>} request
 */
function given(request) {
  return Object.fromEntries(Object.entries(request).filter(([, value]) => value !== undefined));
}

/**
 * The windows of a calendar file or link: `windows` (each `{ start, end }`
 * as Dates or milliseconds, or a window of `parseWindow`'s `windows`), or
 * `undefined` when none were given.
 * @param {unknown} windows
 */
function windowList(windows) {
  if (windows === undefined || windows === null) return undefined;
  if (!Array.isArray(windows) || windows.some((w) => typeof w !== 'object' || w === null)) {
    throw coded('invalid-argument', 'The windows must be a list of { start, end }.');
  }
  return windows.map((w) => ({ startMs: millis(w.startMs ?? w.start, 'A window\'s start'), endMs: millis(w.endMs ?? w.end, 'A window\'s end') }));
}

/**
 * `startMs` and `endMs` of one window, or `windows` (the core refuses both).
 * @param {unknown} start
 * @param {unknown} end
 * @param {unknown} windows
 */
function oneOrMany(start, end, windows) {
  const list = windowList(windows);
  if (!list) return { startMs: millis(start, 'start'), endMs: millis(end, 'end') };
  /**
   * @param {unknown} t
   * @param {string} what
   */
  const given = (t, what) => (t === undefined ? undefined : millis(t, what));
  return { startMs: given(start, 'start'), endMs: given(end, 'end'), windows: list };
}

/**
 * Reads a maintenance announcement and converts it to `zones` and to
 * `readerZone`. A text without a year takes the next occurrence after
 * `reference` (default: now). `windows` lists every window the text names
 * (one for most announcements); the other fields are those of the first.
 * @param {Parameters<Api['parseWindow']>[0]} options
 */
export async function parseWindow(options) {
  const { text, reference, zones, readerZone, defaultZone } = optionsOf(options);
  const core = await load('window');
  return core.parseWindow(given({ text, referenceMs: millis(reference, 'reference'), zones, readerZone, defaultZone }));
}

/**
 * Builds a window from fields: `{ date, start, end | durationMinutes, zone }`.
 * @param {Parameters<Api['windowFromFields']>[0]} options
 */
export async function windowFromFields(options) {
  const { date, start, end, durationMinutes, zone, zones, readerZone, text } = optionsOf(options);
  const core = await load('window');
  return core.windowFromFields(given({ date, start, end, durationMinutes, zone, zones, readerZone, text }));
}

/**
 * Views of the window `[start, end)` in each zone.
 * @param {When} start
 * @param {When} end
 * @param {string[]} zones
 */
export async function convertWindow(start, end, zones) {
  const core = await load('window');
  return core.convertWindow(millis(start, 'start'), millis(end, 'end'), zoneList(zones));
}

/**
 * `{ state: upcoming | in-progress | ended, text, seconds }` at `now`.
 * @param {When} start
 * @param {When} end
 * @param {When} [now]
 */
export async function windowStatus(start, end, now) {
  const core = await load('window');
  return core.windowStatus(millis(start, 'start'), millis(end, 'end'), millis(now));
}

/**
 * An RFC 5545 `.ics` calendar file: one event for `start`-`end`, or one for each of `windows`.
 * @param {import('./sealpost.js').CalendarOptions} options
 */
export async function windowIcs(options) {
  const { start, end, windows, summary, description, now } = optionsOf(options);
  const core = await load('window');
  return core.windowIcs(given({ ...oneOrMany(start, end, windows), summary, description, nowMs: millis(now) }));
}

/**
 * A Google Calendar link that adds the window (one: a link holds one event).
 * @param {import('./sealpost.js').CalendarOptions} options
 */
export async function googleCalendarUrl(options) {
  const { start, end, windows, summary, description, now } = optionsOf(options);
  const core = await load('window');
  return core.googleCalendarUrl(given({ ...oneOrMany(start, end, windows), summary, description, nowMs: millis(now) }));
}

/**
 * The URL fragment (`#…`) that reopens the window (or all `windows`) in the page.
 * @param {Parameters<Api['shareFragment']>[0]} options
 */
export async function shareFragment(options) {
  const { start, end, windows, zone, text, zones } = optionsOf(options);
  const core = await load('window');
  return core.shareFragment(given({ ...oneOrMany(start, end, windows), zone, text, zones }));
}

/**
 * Reads a fragment made by `shareFragment`: `windows` lists every window,
 * and `startMs`/`endMs` are the first.
 * @param {string} fragment
 */
export async function readFragment(fragment) {
  const core = await load('window');
  const link = core.readFragment(string(fragment, 'The link'));
  const windows = link.windows?.length ? link.windows : [{ startMs: link.startMs, endMs: link.endMs }];
  return { ...link, startMs: windows[0].startMs, endMs: windows[0].endMs, windows };
}

/**
 * The provider's zone table, `format` `text` or `markdown`; rows named by
 * `abbreviation` (default) or `zone`.
 * @param {Parameters<Api['windowTable']>[0]} options
 */
export async function windowTable(options) {
  const { start, end, zones, format, rowNames } = optionsOf(options);
  const core = await load('window');
  return core.windowTable(given({ startMs: millis(start, 'start'), endMs: millis(end, 'end'), zones, format, rowNames }));
}

/** Every zone name in the bundled IANA database. */
export async function zoneNames() {
  const core = await load('window');
  return core.zoneNames();
}

// --- Messages -------------------------------------------------------------

/**
 * The `message` option of the mail functions, as bytes.
 * @param {import('./sealpost.js').MessageInput} options
 */
function messageOf(options) {
  const { message } = optionsOf(options);
  return bytes(message, 'The message');
}

/**
 * Reads a message that may be a bounce (a delivery failure or delay
 * report): `{ bounce, kind, recipients, original, reportingMta, warnings }`.
 * Each recipient has its `category` (`blocked`, `no-such-address`,
 * `mailbox-full`, …), status, reply code, remote host, the remote server's
 * own words and an `action` sentence.
 * @param {{ message: string|Uint8Array|ArrayBuffer }} options the whole message (.eml)
 * @returns {Promise<object>}
 */
export async function readBounce(options) {
  const message = messageOf(options);
  const core = await load('mail');
  return core.readBounce({ message });
}

/**
 * Reads a header block (or a whole message): the `Received` hops with TLS
 * and delay, the SPF/DKIM/DMARC results, and a summary in words.
 * @param {{ message: string|Uint8Array|ArrayBuffer }} options
 * @returns {Promise<object>} `{ hops, authentication, summary, subject, warnings }`
 */
export async function readHeaders(options) {
  const message = messageOf(options);
  const core = await load('mail');
  return core.readHeaders({ message });
}

/**
 * What a (decrypted) message holds: `{ mime, subject, from, date, text,
 * html, attachments: [{ name, contentType, size, bytes }], signed, warnings }`.
 * `mime` is false when the input is not a MIME message; `text` is then the input.
 * @param {{ message: string|Uint8Array|ArrayBuffer }} options
 * @returns {Promise<object>}
 */
export async function openMime(options) {
  const message = messageOf(options);
  const core = await load('mail');
  return core.openMime({ message });
}

/**
 * The OpenPGP message inside a PGP/MIME `multipart/encrypted` email:
 * `{ encrypted, subject, from }`, to hand to `decrypt`.
 * @param {{ message: string|Uint8Array|ArrayBuffer }} options
 * @returns {Promise<object>}
 */
export async function encryptedPart(options) {
  const message = messageOf(options);
  const core = await load('mail');
  return core.encryptedPart({ message });
}

/**
 * The signed part (exactly as signed, CRLF line endings) and the detached
 * signature of a PGP/MIME `multipart/signed` email: `{ signed, signature, micalg }`.
 * @param {{ message: string|Uint8Array|ArrayBuffer }} options
 * @returns {Promise<object>}
 */
export async function signedParts(options) {
  const message = messageOf(options);
  const core = await load('mail');
  return core.signedParts({ message });
}

/**
 * Checks a PGP/MIME `multipart/signed` email against `certs`, and opens what
 * was signed: `{ good, verifications, micalg, content }` with `content` as
 * `openMime` gives it. `good` is true only when a signature by one of
 * `certs` is valid; the content is returned either way, for showing with
 * that verdict.
 * @param {{ message: string|Uint8Array|ArrayBuffer, certs: any, now?: Date|number }} options
 * @returns {Promise<object>}
 */
export async function verifySigned(options) {
  const { certs, now } = optionsOf(options);
  const message = messageOf(options);
  const mail = await load('mail');
  const parts = mail.signedParts({ message });
  const checked = await verify({ plaintext: parts.signed, signature: parts.signature, certs, now });
  const content = mail.openMime({ message: parts.signed });
  return { good: checked.good, verifications: checked.verifications, micalg: parts.micalg ?? null, content };
}
