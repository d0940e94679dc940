#!/usr/bin/env node
// The single-file Sealpost: one HTML file that carries the whole page and
// connects to nothing, and the list of hashes to check it by.
//
//   node scripts/release.mjs              build, then write dist/
//   node scripts/release.mjs --check      the same, then build again in a fresh clone
//                                         elsewhere; exit 1 unless every file is identical
//   node scripts/release.mjs --check --fresh   the same, the clone with its own target
//                                         folder and Cargo home (compiles every crate again)
//   node scripts/release.mjs --out DIR    write into DIR (new or empty) instead of dist/
//
// dist/ then holds:
//   sealpost-<version>.html   the page, every script, the stylesheet, the favicon, the
//                             worker and every module of www/pkg/ inside it
//   <module>.wasm             each WebAssembly module, as inside the file
//   SHA256SUMS                `sha256sum -c` lines for every file above
//   SHA256SUMS.asc            its detached signature, when SEALPOST_RELEASE_KEY names a
//                             secret key file (SEALPOST_RELEASE_KEY_PASSWORD: a file with
//                             its passphrase), made by bin/sop.mjs sign
//
// How the file holds together under its policy (default-src 'none', scripts
// and styles only by hash, connect-src 'none'): the page's ES modules are
// bundled into one inline module script (scripts/release/page.js first
// hands Sealpost what the file carries); the worker's modules into a second
// bundle, a classic script kept as text and started from a `blob:` URL
// (which inherits the page's policy); each .wasm is base64
// in a data block that never runs, decoded at start and handed to the page
// and to each worker in memory.
//
// Reproducible: the output depends only on the commit. The modules carry no
// paths of this machine (scripts/build.mjs), the date shown is the commit's
// (SOURCE_DATE_EPOCH, if set, wins), and nothing reads the clock.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { MODULES, build as buildModules, cargoTargetDir, ensureWasmBindgen, lockedVersion } from './build.mjs';
import { moduleIntegrity, sha256Integrity } from './sri.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const www = join(root, 'www');
const pkg = join(www, 'pkg');
const SUMS = 'SHA256SUMS';
const SIGNATURE = 'SHA256SUMS.asc';

/**
 * A file of a release folder: its name, its size in bytes and its SHA-256 (hex).
 * @typedef {{ name: string, bytes: number, sha256: string }} ListedFile
 */

/** @param {string | Uint8Array} data */
function sha256(data) {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Code-unit order, the same in every locale.
 * @param {string} a
 * @param {string} b
 */
function byName(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The output of a git command, trimmed, or null if it fails.
 * @param {string[]} args
 * @param {string} [cwd]
 * @returns {string | null}
 */
function git(args, cwd = root) {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** `{ commit, dirty, epoch }` of the checkout: what the release says it was built from. */
export function sourceState() {
  const commit = git(['rev-parse', 'HEAD']);
  const dirty = commit !== null && git(['status', '--porcelain']) !== '';
  const fromEnv = process.env.SOURCE_DATE_EPOCH;
  const epoch = fromEnv !== undefined && /^\d+$/.test(fromEnv) ? Number(fromEnv) : Number(git(['log', '-1', '--format=%ct']) ?? 0);
  return { commit, dirty, epoch };
}

/**
 * Fails unless `text` can sit inside a <script> or <style> element as it is.
 * @param {string} text
 * @param {string} what
 * @param {string} [element]
 */
function assertInlinable(text, what, element = 'script') {
  const bad = new RegExp(`</${element}|<!--|<script`, 'i').exec(text);
  if (bad) throw new Error(`${what} contains "${bad[0]}" at ${bad.index}, which would end or confuse its <${element}> element`);
}

/**
 * Which modules each part of the file runs: the page converts times and
 * reads messages (bounces, headers, PGP/MIME), and
 * its workers do all the OpenPGP work (README, "The page"). Each bundle
 * carries only the code of its own modules (the glue and the JavaScript
 * build of each, written by scripts/build.mjs); an import of another
 * module's code fails plainly instead. Without this every bundle would
 * carry every module's JavaScript build, the OpenPGP one alone 15 MB.
 */
export const PARTS = { page: ['window', 'mail'], worker: ['pgp'] };

/**
 * An esbuild plugin: imports of www/pkg/ code of modules other than `own` become a module that throws.
 * @param {string[]} own
 * @returns {import('esbuild').Plugin}
 */
function onlyModules(own) {
  const others = MODULES.filter((m) => !own.includes(m.features));
  /**
   * @param {string} file
   * @param {{ name: string }} module
   */
  const belongs = (file, { name }) => file.startsWith(`${name}.`) || file.startsWith(`${name}_`);
  return {
    name: 'only-these-modules',
    setup(build) {
      build.onResolve({ filter: /\/pkg\/[^/]+\.js$/ }, ({ path, resolveDir }) => {
        const file = path.slice(path.lastIndexOf('/') + 1);
        const other = others.find((m) => belongs(file, m));
        if (!other || !resolve(resolveDir, path).startsWith(pkg)) return undefined;
        return { path: file, namespace: 'not-carried', pluginData: other.features };
      });
      build.onLoad({ filter: /.*/, namespace: 'not-carried' }, ({ path, pluginData }) => ({
        contents: `throw new Error(${JSON.stringify(`this part of the single file does not carry the ${pluginData} module (${path})`)});`,
        loader: 'js',
      }));
    },
  };
}

/**
 * One bundle of the ES modules from `entry`, with the code of the modules
 * `own` only: `{ text, inputs }` (inputs: paths relative to the checkout).
 * `esm` is a module script; `iife` a classic script, where
 * `import.meta.url` is the script's own address.
 * @param {string} entry
 * @param {string[]} own
 * @param {'esm' | 'iife'} [format]
 */
async function bundle(entry, own, format = 'esm') {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    format,
    define: format === 'iife' ? { 'import.meta.url': 'self.location.href' } : {},
    platform: 'browser',
    charset: 'ascii',
    legalComments: 'none',
    minifyWhitespace: true,
    metafile: true,
    write: false,
    logLevel: 'silent',
    // sealpost.js reads its modules from disk in Node only; browsers never reach that import.
    external: ['node:*'],
    plugins: [onlyModules(own)],
  });
  if (result.warnings.length) {
    const text = await esbuild.formatMessages(result.warnings, { kind: 'warning' });
    throw new Error(`bundling ${relative(root, entry)} warned:\n${text.join('\n')}`);
  }
  // With `write: false` and `metafile: true`, esbuild gives both.
  return {
    text: /** @type {import('esbuild').OutputFile[]} */ (result.outputFiles)[0].text,
    inputs: Object.keys(/** @type {import('esbuild').Metafile} */ (result.metafile).inputs),
  };
}

/**
 * The release's Content-Security-Policy: nothing but its own inline scripts and style.
 * @param {string[]} scripts
 * @param {string[]} styles
 */
export function releasePolicy(scripts, styles) {
  /** @param {string[]} texts */
  const hashes = (texts) => texts.map((t) => `'sha256-${createHash('sha256').update(t).digest('base64')}'`).join(' ');
  return [
    "default-src 'none'",
    `script-src ${hashes(scripts)} 'wasm-unsafe-eval'`,
    `style-src ${hashes(styles)}`,
    'worker-src blob:',
    'img-src data:',
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * `html` with the one match of `pattern` replaced; fails unless there is exactly one.
 * @param {string} html
 * @param {RegExp} pattern
 * @param {string} replacement
 * @param {string} what
 */
function replaceOnce(html, pattern, replacement, what) {
  const found = html.match(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`)) ?? [];
  if (found.length !== 1) throw new Error(`www/index.html: expected one ${what}, found ${found.length}`);
  return html.replace(pattern, replacement);
}

/** @param {string} file */
function dataUrl(file) {
  /** @type {Partial<Record<string, string>>} */
  const types = { '.svg': 'image/svg+xml', '.png': 'image/png' };
  const type = types[file.slice(file.lastIndexOf('.'))];
  if (!type) throw new Error(`www/index.html refers to ${file}, which the release cannot carry as an image`);
  return `data:${type};base64,${readFileSync(join(www, file)).toString('base64')}`;
}

/**
 * JSON that is safe inside a <script> data block.
 * @param {unknown} value
 */
function blockJson(value) {
  return JSON.stringify(value, null, 1).replace(/</g, '\\u003c');
}

/**
 * The release HTML from www/index.html: every file it refers to is put
 * inside; any reference left to a file is an error, not a broken page.
 * @param {{ page: string, worker: string, css: string, modules: { file: string, data: Buffer }[],
 *   record: object }} parts the bundles, the stylesheet, the .wasm files and what the release says of itself
 */
function releaseHtml({ page, worker, css, modules, record }) {
  let html = readFileSync(join(www, 'index.html'), 'utf8');
  html = replaceOnce(html, /<link rel="stylesheet" href="style\.css"[^>]*>/, '<style>@STYLE@</style>', 'stylesheet link');
  html = replaceOnce(html, /<script type="module" src="app\.js"[^>]*><\/script>/, '<script type="module">@PAGE@</script>', 'entry script');
  html = html.replace(/(<(?:img|link)\b[^>]*\s(?:src|href)=")([^"#:]+)"/g, (_, start, file) => `${start}${dataUrl(file)}"`);
  for (const [, attribute, value] of html.matchAll(/\s(src|href)="([^"]*)"/g)) {
    if (!/^(#|https:|data:)/.test(value)) throw new Error(`www/index.html: ${attribute}="${value}" would be fetched; the release cannot carry it`);
  }
  if ((html.match(/<script\b/g) ?? []).length !== 1) throw new Error('www/index.html has a script besides app.js, which the release does not know how to carry');
  assertInlinable(page, 'the page bundle');
  assertInlinable(worker, 'the worker bundle');
  assertInlinable(css, 'style.css', 'style');
  const blocks = [
    `<script type="application/json" id="sealpost-release">${blockJson(record)}</script>`,
    `<script type="text/plain" id="sealpost-worker">${worker}</script>`,
    ...modules.map(({ file, data }) => `<script type="application/octet-stream" data-sealpost-file="${file}">${data.toString('base64')}</script>`),
  ];
  html = replaceOnce(html, /<\/body>/, `${blocks.join('\n')}\n</body>`, '</body>');
  html = replaceOnce(html, /(<meta http-equiv="Content-Security-Policy" content=")[^"]*(">)/, `$1${releasePolicy([page], [css])}$2`, 'Content-Security-Policy');
  // Last, so that no pattern above can match inside the code or the stylesheet.
  return html.replace('@STYLE@', () => css).replace('@PAGE@', () => page);
}

/**
 * `sha256sum` lines for every file in `dir` but the list and its signature.
 * @param {string} dir
 */
export function sumsOf(dir) {
  return readdirSync(dir)
    .filter((f) => f !== SUMS && f !== SIGNATURE)
    .sort(byName)
    .map((f) => `${sha256(readFileSync(join(dir, f)))}  ${f}\n`)
    .join('');
}

/**
 * Signs `dir`/SHA256SUMS with bin/sop.mjs sign: `dir`/SHA256SUMS.asc.
 * @param {string} dir
 * @param {string} keyFile
 * @param {string | null} [passwordFile]
 */
export function signSums(dir, keyFile, passwordFile = null) {
  const args = [join(root, 'bin', 'sop.mjs'), 'sign'];
  if (passwordFile) args.push(`--with-key-password=${resolve(passwordFile)}`);
  args.push(resolve(keyFile));
  const r = spawnSync(process.execPath, args, { input: readFileSync(join(dir, SUMS)), maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`sealpost-sop sign failed (exit ${r.status}): ${r.stderr.toString().trim()}`);
  writeFileSync(join(dir, SIGNATURE), r.stdout);
}

/**
 * Makes `out` an empty folder; only dist/ (or a folder of release files) is ever emptied.
 * @param {string} out
 */
function emptyFolder(out) {
  if (existsSync(out)) {
    /** @param {string} f */
    const ours = (f) => f === SUMS || f === SIGNATURE || /^sealpost-.*\.html$/.test(f) || f.endsWith('.wasm');
    const others = readdirSync(out).filter((f) => !ours(f));
    if (others.length) throw new Error(`${out} holds files that are not a release's (${others.join(', ')}); give an empty folder`);
    rmSync(out, { recursive: true });
  }
  mkdirSync(out, { recursive: true });
}

/**
 * Builds the modules and writes the release into `out`. Resolves to
 * `{ files: [{ name, bytes, sha256 }], html, gzip }`.
 */
export async function release({ out = join(root, 'dist'), quiet = false } = {}) {
  buildModules();
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const state = sourceState();
  if (state.dirty && !quiet) console.warn('release: the checkout has changes that are not committed; the file says so, and it is not a release.');

  const pkgFiles = readdirSync(pkg).filter((f) => !f.endsWith('.d.ts')).sort(byName);
  const modules = pkgFiles.filter((f) => f.endsWith('.wasm')).map((file) => ({ file, data: readFileSync(join(pkg, file)) }));
  if (modules.length === 0) throw new Error('www/pkg/ has no .wasm: the build wrote nothing');
  const integrity = moduleIntegrity(pkg);
  for (const { file, data } of modules) {
    if (integrity[file] !== sha256Integrity(data)) throw new Error(`www/pkg/integrity.js is stale for ${file}`);
  }

  const page = await bundle(join(root, 'scripts', 'release', 'page.js'), PARTS.page);
  const worker = await bundle(join(www, 'pgp-worker.js'), PARTS.worker, 'iife');
  // Every module file the build wrote must be inside: as data (.wasm) or in a bundle (.js).
  const bundled = new Set([...page.inputs, ...worker.inputs]);
  for (const file of pkgFiles) {
    if (file.endsWith('.wasm')) continue;
    if (!file.endsWith('.js')) throw new Error(`www/pkg/${file}: the release does not know how to carry this kind of file`);
    if (!bundled.has(`www/pkg/${file}`)) throw new Error(`www/pkg/${file} is imported by none of the page's modules, so the release would not carry it`);
  }

  const name = `sealpost-${version}.html`;
  const record = {
    version,
    commit: state.commit,
    dirty: state.dirty,
    date: state.epoch ? new Date(state.epoch * 1000).toISOString().slice(0, 10) : null,
    file: name,
    // What a rebuild needs to give the same bytes; the other tools are pinned in the lock files.
    rustc: execFileSync('rustc', ['--version'], { cwd: root, encoding: 'utf8' }).trim(),
    modules: Object.fromEntries(modules.map(({ file, data }) => [file, sha256(data)])),
  };
  const css = readFileSync(join(www, 'style.css'), 'utf8');
  const html = releaseHtml({ page: page.text, worker: worker.text, css, modules, record });

  emptyFolder(out);
  writeFileSync(join(out, name), html);
  for (const { file, data } of modules) writeFileSync(join(out, file), data);
  writeFileSync(join(out, SUMS), sumsOf(out));
  const key = process.env.SEALPOST_RELEASE_KEY;
  if (key) signSums(out, key, process.env.SEALPOST_RELEASE_KEY_PASSWORD || null);

  const files = listing(out);
  const gzip = gzipSync(html, { level: 9 }).length;
  if (!quiet) {
    const where = relative(process.cwd(), out);
    console.log(`release: ${where === '' ? '.' : where.startsWith('..') ? out : where}/ from commit ${state.commit ?? '(no git)'}${state.dirty ? ' with uncommitted changes' : ''}`);
    for (const f of files) console.log(`  ${f.sha256}  ${String(f.bytes).padStart(9)}  ${f.name}`);
    console.log(`  ${name}: ${Buffer.byteLength(html)} bytes, ${gzip} gzipped`);
    if (!key) console.log(`  (not signed: set SEALPOST_RELEASE_KEY to a secret key file to write ${SIGNATURE})`);
  }
  return { files, html, gzip, name };
}

/**
 * `[{ name, bytes, sha256 }]` of every file in `dir`, sorted by name.
 * @param {string} dir
 * @returns {ListedFile[]}
 */
export function listing(dir) {
  return readdirSync(dir)
    .sort(byName)
    .map((name) => {
      const data = readFileSync(join(dir, name));
      return { name, bytes: data.length, sha256: sha256(data) };
    });
}

/**
 * Compares two listings of release folders, leaving out the signature (a
 * signature records when it was made). `{ same, lines }`: same is true when
 * both hold the same files with the same bytes; a line per file says which.
 * @param {ListedFile[]} first
 * @param {ListedFile[]} second
 */
export function compare(first, second) {
  /** @param {ListedFile[]} list */
  const files = (list) => list.filter((f) => f.name !== SIGNATURE);
  const [a, b] = [files(first), files(second)];
  const lines = [];
  let same = a.length > 0;
  for (const f of a) {
    const other = b.find((g) => g.name === f.name);
    const ok = other?.sha256 === f.sha256;
    same &&= ok;
    lines.push(`${ok ? 'same   ' : 'DIFFERS'}  ${f.sha256}  ${f.name}${ok ? '' : `  (second build: ${other?.sha256 ?? 'missing'})`}`);
  }
  for (const g of b.filter((g) => !a.some((f) => f.name === g.name))) {
    same = false;
    lines.push(`EXTRA    ${g.sha256}  ${g.name}  (only in the second build)`);
  }
  if (first.some((f) => f.name === SIGNATURE)) lines.push(`(${SIGNATURE} is not compared: a signature records when it was made)`);
  return { same, lines };
}

/**
 * An empty Cargo home whose registry shares this machine's downloads, so
 * that the second build unpacks every crate's source again, elsewhere,
 * without the network.
 * @param {string} at the folder to make it in
 */
function freshCargoHome(at) {
  const home = process.env.CARGO_HOME ? resolve(process.env.CARGO_HOME) : join(homedir(), '.cargo');
  mkdirSync(join(at, 'registry'), { recursive: true });
  for (const part of ['index', 'cache']) {
    if (existsSync(join(home, 'registry', part))) symlinkSync(join(home, 'registry', part), join(at, 'registry', part));
  }
  for (const config of ['config.toml', 'config']) {
    if (existsSync(join(home, config))) symlinkSync(join(home, config), join(at, config));
  }
  return at;
}

/**
 * Builds the release a second time in a fresh clone of HEAD at another
 * path (another time zone and locale too) and compares every file with
 * `first` (the result of release()). Resolves to true when all are
 * identical. The clone shares Cargo's home and target folder with this
 * checkout: the dependencies' paths are the same in both builds, so they
 * are compiled once, and only the sealpost crate, whose path differs, is
 * compiled again (scripts/build.mjs, `CRATE_FLAGS`), as are the bindings,
 * wasm-opt, the JavaScript build and the bundles. With `fresh`, the clone
 * has its own target folder and Cargo home too, so every crate is
 * unpacked and compiled again at other paths (slower: for a release).
 * @param {{ files: ListedFile[] }} first
 * @param {{ keep?: boolean, fresh?: boolean }} [options]
 */
export async function check(first, { keep = false, fresh = false } = {}) {
  const { commit, dirty } = sourceState();
  if (!commit) throw new Error('the check clones the git checkout, and this is none');
  if (dirty) throw new Error('the checkout has uncommitted changes: the check builds HEAD, so commit first');
  const started = Date.now();
  const tmp = mkdtempSync(join(tmpdir(), 'sealpost-check-'));
  const clone = join(tmp, 'another', 'place', 'sealpost');
  const out = join(tmp, 'dist');
  try {
    /** @type {import('node:child_process').ExecFileSyncOptions} */
    const quiet = { stdio: ['ignore', 'inherit', 'inherit'] };
    execFileSync('git', ['clone', '--quiet', '--shared', '--no-checkout', root, clone], quiet);
    execFileSync('git', ['-C', clone, 'checkout', '--quiet', '--detach', commit], quiet);
    symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'));
    const bindgen = ensureWasmBindgen(lockedVersion('wasm-bindgen'));
    const env = { ...process.env };
    for (const name of ['CARGO_TARGET_DIR', 'SOURCE_DATE_EPOCH', 'SEALPOST_RELEASE_KEY', 'SEALPOST_RELEASE_KEY_PASSWORD', 'RUSTFLAGS', 'CARGO_ENCODED_RUSTFLAGS']) delete env[name];
    Object.assign(env, fresh ? { CARGO_HOME: freshCargoHome(join(tmp, 'cargo-home')) } : { CARGO_TARGET_DIR: cargoTargetDir() }, {
      CARGO_NET_OFFLINE: 'true',
      TZ: 'Pacific/Chatham',
      LC_ALL: 'C',
      PATH: [bindgen.includes('/') ? dirname(resolve(root, bindgen)) : null, env.PATH].filter(Boolean).join(':'),
    });
    console.log(`\nrelease --check: building commit ${commit} again in ${clone}`);
    const r = spawnSync(process.execPath, [join(clone, 'scripts', 'release.mjs'), '--out', out], { cwd: clone, env, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`the second build failed (exit ${r.status ?? r.signal})`);

    const { same, lines } = compare(first.files, listing(out));
    console.log(`\nrelease --check (${((Date.now() - started) / 1000).toFixed(0)} s):`);
    for (const line of lines) console.log(`  ${line}`);
    return same;
  } finally {
    if (keep) console.log(`release --check: kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--out');
  const out = at >= 0 ? resolve(argv[at + 1] ?? '') : join(root, 'dist');
  try {
    const first = await release({ out });
    if (argv.includes('--check')) {
      if (!(await check(first, { keep: argv.includes('--keep'), fresh: argv.includes('--fresh') }))) {
        console.error('release --check: the two builds differ, so this commit does not build reproducibly.');
        process.exit(1);
      }
      console.log('release --check: both builds are identical.');
    }
  } catch (thrown) {
    const e = /** @type {NodeJS.ErrnoException} */ (thrown);
    console.error(`release: ${e.message}`);
    process.exit(1);
  }
}
