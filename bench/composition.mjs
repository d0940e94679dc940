#!/usr/bin/env node
// What each WebAssembly module is made of: the size of each section of the
// shipped module (raw and brotli), then, from the module as the linker
// wrote it (it still has its function names), the biggest functions and
// the code per crate.
//
//   node bench/composition.mjs [--top N]      (after `npm run build`)
//
// The linked module is target/wasm/wasm-bindgen/<name>/<name>.linked.wasm (or
// under CARGO_TARGET_DIR); its code is bigger than the shipped one (before
// wasm-bindgen and wasm-opt), but its proportions are what to cut by.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { MODULES, cargoTargetDir } from '../scripts/build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cargoTarget = cargoTargetDir();
const at = process.argv.indexOf('--top');
const top = at >= 0 ? Number(process.argv[at + 1]) : 15;

const SECTIONS = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'data count'];
/** @param {Uint8Array} data */
const brotli = (data) =>
  brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }).length;
/** @param {number} n */
const kB = (n) => (n / 1000).toFixed(1).padStart(9);

/**
 * A cursor over `bytes` that reads LEB128 numbers and names.
 * @param {Buffer} bytes
 * @param {number} [at]
 */
function reader(bytes, at = 0) {
  const r = {
    at,
    u32() {
      let value = 0;
      let shift = 0;
      for (;;) {
        const b = bytes[r.at++];
        value += (b & 0x7f) * 2 ** shift;
        if ((b & 0x80) === 0) return value;
        shift += 7;
      }
    },
    name() {
      const n = r.u32();
      r.at += n;
      return bytes.subarray(r.at - n, r.at).toString('utf8');
    },
  };
  return r;
}

/**
 * A section of a module: its id, its name, and where its contents are.
 * @typedef {{ id: number, name: string, start: number, end: number }} Section
 */

/**
 * `[{ id, name, start, end }]`: the sections of a module.
 * @param {Buffer} bytes
 */
function sections(bytes) {
  const r = reader(bytes, 8);
  /** @type {Section[]} */
  const out = [];
  while (r.at < bytes.length) {
    const id = bytes[r.at++];
    const size = r.u32();
    const start = r.at;
    const name = id === 0 ? r.name() : SECTIONS[id];
    out.push({ id, name, start, end: start + size });
    r.at = start + size;
  }
  return out;
}

/**
 * How many functions the module imports (function indices start after them).
 * @param {Buffer} bytes
 * @param {Section | undefined} section the import section
 */
function importedFunctions(bytes, section) {
  if (!section) return 0;
  const r = reader(bytes, section.start);
  let count = 0;
  for (let n = r.u32(); n > 0; n--) {
    r.name();
    r.name();
    const kind = bytes[r.at++];
    if (kind === 0) {
      r.u32();
      count++;
    } else if (kind === 1) {
      r.at++;
      if (bytes[r.at++] & 1) r.u32();
      r.u32();
    } else if (kind === 2) {
      if (bytes[r.at++] & 1) r.u32();
      r.u32();
    } else {
      r.at += 2;
    }
  }
  return count;
}

/**
 * Function index → name, from the `name` section.
 * @param {Buffer} bytes
 * @param {Section | undefined} section
 */
function functionNames(bytes, section) {
  /** @type {Map<number, string>} */
  const names = new Map();
  if (!section) return names;
  const r = reader(bytes, section.start);
  r.name();
  while (r.at < section.end) {
    const sub = bytes[r.at++];
    const size = r.u32();
    const next = r.at + size;
    if (sub === 1) for (let n = r.u32(); n > 0; n--) names.set(r.u32(), r.name());
    r.at = next;
  }
  return names;
}

/**
 * The crate a (legacy or v0) mangled symbol belongs to, as far as its name says.
 * @param {string} symbol
 */
function crateOf(symbol) {
  // `<crate::Type as Trait>::method`: the type's crate.
  const impl = /^_ZN\d+_\$LT\$([a-z_][a-z0-9_]*)\.\./.exec(symbol);
  if (impl) return impl[1];
  const legacy = /^_ZN(\d+)/.exec(symbol);
  if (legacy) return symbol.slice(legacy[0].length, legacy[0].length + Number(legacy[1]));
  const v0 = /Cs[0-9a-zA-Z]*_(\d+)([a-z_][a-z0-9_]*)/.exec(symbol.startsWith('_R') ? symbol : '');
  if (v0) return v0[2].slice(0, Number(v0[1]));
  return symbol.startsWith('__wbindgen') || symbol.startsWith('__wbg') ? 'wasm-bindgen glue' : '?';
}

for (const { name } of MODULES) {
  const shipped = join(root, 'www', 'pkg', `${name}_bg.wasm`);
  if (!existsSync(shipped)) {
    console.error(`${shipped} is missing: run \`npm run build\` first.`);
    process.exit(1);
  }
  const bytes = readFileSync(shipped);
  console.log(`\n${name}_bg.wasm: ${kB(bytes.length)} kB raw, ${kB(brotli(bytes))} kB brotli`);
  console.log(`${'  section'.padEnd(24)}${'raw'.padStart(9)}${'brotli'.padStart(9)}`);
  for (const s of sections(bytes)) {
    const part = bytes.subarray(s.start, s.end);
    if (part.length > 1000) console.log(`${`  ${s.name}`.padEnd(24)}${kB(part.length)}${kB(brotli(part))}`);
  }

  const linkedPath = join(cargoTarget, 'wasm-bindgen', name, `${name}.linked.wasm`);
  if (!existsSync(linkedPath)) continue;
  const linked = readFileSync(linkedPath);
  const all = sections(linked);
  const names = functionNames(linked, all.find((s) => s.name === 'name'));
  const imports = importedFunctions(linked, all.find((s) => s.id === 2));
  // The cast: a module with functions has a code section (id 10).
  const code = /** @type {Section} */ (all.find((s) => s.id === 10));
  const r = reader(linked, code.start);
  const functions = [];
  for (let i = 0, n = r.u32(); i < n; i++) {
    const size = r.u32();
    const symbol = names.get(imports + i) ?? `#${imports + i}`;
    functions.push({ size, symbol, crate: crateOf(symbol) });
    r.at += size;
  }
  /** @type {Map<string, number>} */
  const byCrate = new Map();
  for (const f of functions) byCrate.set(f.crate, (byCrate.get(f.crate) ?? 0) + f.size);
  console.log(`  linked (before wasm-bindgen and wasm-opt): code ${kB(code.end - code.start)} kB raw; by crate:`);
  for (const [crate, size] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${kB(size)}  ${crate}`);
  }
  console.log('  biggest functions:');
  for (const f of functions.sort((a, b) => b.size - a.size).slice(0, top)) {
    console.log(`  ${kB(f.size)}  ${f.symbol.slice(0, 110)}`);
  }
}
