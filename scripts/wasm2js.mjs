// The JavaScript build of a module, for browsers that have no WebAssembly
// (Tor Browser at "Safer", iOS Lockdown Mode, …). scripts/build.mjs calls
// this after wasm-bindgen and wasm-opt, on the same .wasm that ships:
//
// 1. `wasm-opt --llvm-nontrapping-fptoint-lowering`: wasm2js cannot lower
//    the 64-bit saturating float-to-int instructions, so they become
//    WebAssembly 1.0 sequences first (only on this path; the .wasm keeps
//    them);
// 2. `wasm2js -O2` from npm `binaryen` into an ES module;
// 3. that module is rewritten to export `instantiate(imports)` instead of
//    importing the glue itself, so that it can be loaded from anywhere (a
//    URL, a blob, inlined source) and instantiated like a .wasm;
// 4. a copy of wasm-bindgen's glue is rewritten to instantiate from it:
//    its views of the memory are checked against `memory.buffer` on every
//    access (wasm2js grows its memory by replacing the buffer, without
//    detaching the old one, so wasm-bindgen's "detached?" test never
//    fires), and its WebAssembly loaders are replaced by `initJs`.
//
// Every rewrite checks the exact shape of what it rewrites and throws if
// that shape changed (a new binaryen or wasm-bindgen), instead of quietly
// leaving the file as it was.
import { spawnSync } from 'node:child_process';

/** The WebAssembly extensions that the Rust build uses (.cargo/config.toml), as binaryen flags. */
export const FEATURE_FLAGS = [
  '--mvp-features',
  '--enable-bulk-memory',
  '--enable-bulk-memory-opt',
  '--enable-sign-ext',
  '--enable-nontrapping-float-to-int',
  '--enable-mutable-globals',
];

/**
 * @param {string} cmd
 * @param {string[]} args
 */
function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} could not be started: ${r.error.message}`);
  if (r.status !== 0) {
    // binaryen's tools print their whole (minified) source on a crash: keep the message only.
    const message = r.stderr.split('\n').filter((l) => l.length < 400).join('\n').trim();
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${message}`);
  }
}

/**
 * Removes the `target_features` custom section of a .wasm. The Rust standard
 * library comes precompiled with reference types and multi-value enabled, so
 * the linker lists them even when no code uses them; wasm-bindgen would then
 * keep JavaScript values in an externref table, which wasm2js refuses.
 * Everything else is copied byte for byte.
 * @param {Uint8Array} bytes
 * @returns {Buffer}
 */
export function stripTargetFeatures(bytes) {
  const data = Buffer.from(bytes);
  if (data.length < 8 || data.readUInt32LE(0) !== 0x6d736100 || data.readUInt32LE(4) !== 1) {
    throw new Error('not a WebAssembly 1.0 binary');
  }
  let at = 8;
  const leb = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      if (at >= data.length || shift > 28) throw new Error('a section length runs past the end of the .wasm');
      const byte = data[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  const kept = [data.subarray(0, 8)];
  let removed = 0;
  while (at < data.length) {
    const start = at;
    const id = data[at++];
    const size = leb();
    const body = at;
    const end = body + size;
    if (end > data.length) throw new Error('a section runs past the end of the .wasm');
    /** @type {string | null} */
    let name = null;
    if (id === 0) {
      const length = leb();
      name = data.subarray(at, at + length).toString('utf8');
    }
    at = end;
    if (name === 'target_features') removed++;
    else kept.push(data.subarray(start, end));
  }
  if (removed !== 1) throw new Error(`expected one target_features section, found ${removed}`);
  return Buffer.concat(kept);
}

/**
 * Translates `input` (.wasm) into wasm2js's ES module `output`; `work` is a scratch file.
 * @param {{ wasmOpt: string, wasm2js: string, input: string, work: string, output: string }} files
 *   `wasmOpt`, `wasm2js`: the binaryen tools
 */
export function translate({ wasmOpt, wasm2js, input, work, output }) {
  run(wasmOpt, [...FEATURE_FLAGS, '--llvm-nontrapping-fptoint-lowering', input, '-o', work]);
  const jsFeatures = FEATURE_FLAGS.filter((f) => f !== '--mvp-features' && f !== '--enable-nontrapping-float-to-int');
  run(wasm2js, [...jsFeatures, '-O2', work, '-o', output]);
}

/** @param {string} s */
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Rewrites wasm2js's ES module so that it exports `instantiate(imports)`
 * and imports nothing; its traps throw an Error named `RuntimeError`, like
 * WebAssembly's.
 * @param {string} source
 * @param {string} importName
 */
export function patchCore(source, importName) {
  const head = source.match(new RegExp(`^import \\* as (\\$\\w+) from '${escapeRegExp(importName)}';\\n`));
  if (!head) throw new Error(`wasm2js output: the first line is not the import of ${importName}`);
  const ns = head[1];
  if ((source.match(/^import /gm) ?? []).length !== 1) throw new Error('wasm2js output: more than one import');
  const tail = new RegExp(
    `\\nvar retasmFunc = asmFunc\\(\\{\\n  "${escapeRegExp(importName)}": ${escapeRegExp(ns)},\\n\\}\\);\\n(?:export var (\\w+) = retasmFunc\\.\\1;\\n)+$`,
  );
  if (!tail.test(source)) throw new Error('wasm2js output: the instantiation at the end has a new shape');
  const trap = "function wasm2js_trap() { throw new Error('abort'); }";
  const traps = source.split(trap).length - 1;
  if (traps > 1) throw new Error(`wasm2js output: ${traps} trap functions`);
  let out = source.slice(head[0].length).replace(tail, '\n');
  if (traps === 1) {
    out = out.replace(trap, "function wasm2js_trap() { const e = new Error('unreachable executed'); e.name = 'RuntimeError'; throw e; }");
  }
  if (/\bWebAssembly\b/.test(out)) throw new Error('wasm2js output: it names WebAssembly');
  return [
    '// The JavaScript translation (binaryen wasm2js) of the .wasm beside it, for',
    '// browsers without WebAssembly. Made by scripts/build.mjs; do not edit.',
    out,
    '/** Instantiates the module with the imports of its wasm-bindgen glue; returns its exports. */',
    'export function instantiate(imports) {',
    '  return asmFunc(imports);',
    '}',
    '',
  ].join('\n');
}

/** wasm-bindgen's cached view of the memory: `getUint8ArrayMemory0()`, `getDataViewMemory0()`, … */
const VIEW = /let cached(\w+)Memory0 = null;\nfunction get\1Memory0\(\) \{\n {4}if \([^\n]*\) \{\n {8}cached\1Memory0 = new (\w+)\(wasm\.memory\.buffer\);\n {4}\}\n {4}return cached\1Memory0;\n\}\n/g;

/** Functions at the end of the glue that load a .wasm, and its export line. */
const LOADERS = ['__wbg_load', 'initSync', '__wbg_init', '__wbg_init_once'];
const LOADERS_START = 'async function __wbg_load(module, imports) {\n';
const EXPORTS = 'export { initSync, __wbg_init as default };\n';

/**
 * Rewrites wasm-bindgen's glue (`--target web`) to run over the JavaScript build.
 * @param {string} source
 */
export function patchGlue(source) {
  let views = 0;
  let out = source.replace(VIEW, (_, name, type) => {
    views++;
    return [
      `let cached${name}Memory0 = null;`,
      `function get${name}Memory0() {`,
      '    // The JavaScript build replaces the buffer when the memory grows.',
      `    if (cached${name}Memory0 === null || cached${name}Memory0.buffer !== wasm.memory.buffer) {`,
      `        cached${name}Memory0 = new ${type}(wasm.memory.buffer);`,
      '    }',
      `    return cached${name}Memory0;`,
      '}',
      '',
    ].join('\n');
  });
  if (views === 0) throw new Error('wasm-bindgen glue: no cached memory view found');
  if ((out.match(/wasm\.memory/g) ?? []).length !== 2 * views) {
    throw new Error('wasm-bindgen glue: the memory is used outside its cached views');
  }
  const start = out.indexOf(LOADERS_START);
  if (start < 0 || !out.endsWith(EXPORTS)) throw new Error('wasm-bindgen glue: the loaders at its end have a new shape');
  const loaders = out.slice(start);
  const declared = [...loaders.matchAll(/^(?:async )?function (\w+)\(/gm)].map((m) => m[1]);
  if (declared.join() !== LOADERS.join()) {
    throw new Error(`wasm-bindgen glue: expected the loaders ${LOADERS.join(', ')}, found ${declared.join(', ')}`);
  }
  if (!out.includes('function __wbg_finalize_init(instance, module) {\n') || !out.includes('    wasm = instance.exports;\n')) {
    throw new Error('wasm-bindgen glue: __wbg_finalize_init has a new shape');
  }
  out = out.slice(0, start) + [
    '/**',
    ' * Instantiates the JavaScript build: `instantiate` is the export of the',
    " * module's wasm2js translation (`*_bg.wasm.js`).",
    ' */',
    'function initJs(instantiate) {',
    '    if (wasm !== undefined) return wasm;',
    '    return __wbg_finalize_init({ exports: instantiate(__wbg_get_imports()) }, undefined);',
    '}',
    '',
    'export { initJs as default };',
    '',
  ].join('\n');
  if (/\bWebAssembly\b|externref/.test(out)) throw new Error('wasm-bindgen glue: still names WebAssembly or an externref table');
  return `// wasm-bindgen's glue, rewritten by scripts/build.mjs for the JavaScript build.\n${out}`;
}

/**
 * The types of `<name>_nowasm.js` from those of wasm-bindgen's glue
 * (`<name>.d.ts`): the same exports, and `initJs` (its default) in place of
 * the loaders, so that the JavaScript build is type-checked through them.
 * @param {string} types
 */
export function glueTypes(types) {
  const start = types.indexOf('\nexport type InitInput = ');
  if (start < 0) throw new Error('wasm-bindgen glue types: no InitInput type found');
  return [
    "// The types of wasm-bindgen's glue, rewritten by scripts/build.mjs for the JavaScript build.",
    types.slice(0, start + 1),
    '/**',
    ' * Instantiates the JavaScript build: `instantiate` is the export of the',
    " * module's wasm2js translation (`*_bg.wasm.js`).",
    ' */',
    'export default function initJs(instantiate: (imports: object) => object): object;',
    '',
  ].join('\n');
}

/**
 * The module name under which the glue passes its imports, e.g. `./sealpost_window_bg.js`.
 * @param {string} glue
 */
export function importNameOf(glue) {
  const names = [...glue.matchAll(/^ {8}"(\.\/\w+_bg\.js)": import0,$/gm)].map((m) => m[1]);
  if (names.length !== 1) throw new Error('wasm-bindgen glue: cannot find the name of its import module');
  return names[0];
}
