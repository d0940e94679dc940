// Every error code is written once: the core's in src/error.rs, the ones
// only JavaScript raises in JS_CODES (www/sealpost.js); errorCodes() lists
// both. These tests scan the sources of the page and the CLIs for code
// literals (raised, compared, mapped to a SOP exit code, given to a warning)
// and fail on any that is not listed, so a new code cannot be used before
// it is declared.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { mappedCodes } from '../../bin/lib/sop/exit.mjs';
import { ROOT, loadApi } from './helpers.mjs';

const api = await loadApi();
const errors = new Set(await api.errorCodes());

/**
 * Files below `dir` whose names match `pattern`, skipping the built www/pkg/.
 * @param {string} dir relative to the checkout
 * @param {RegExp} pattern
 * @returns {string[]}
 */
function sources(dir, pattern) {
  /** @type {string[]} */
  const out = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory() && path !== join('www', 'pkg')) out.push(...sources(path, pattern));
    else if (e.isFile() && pattern.test(e.name)) out.push(path);
  }
  return out;
}

/**
 * Every match of `re`'s first group in `text`.
 * @param {string} text
 * @param {RegExp} re a global one
 */
const all = (text, re) => [...text.matchAll(re)].map((m) => m[1]);

/** The warning codes the core declares: `WarningCode` (kebab case) and the mail warnings. */
function coreWarnings() {
  const api = readFileSync(join(ROOT, 'src/window/api.rs'), 'utf8');
  const body = api.slice(api.indexOf('pub enum WarningCode {'));
  const variants = all(body.slice(0, body.indexOf('\n}')), /^\s{4}([A-Z]\w*),/gm);
  const kebab = variants.map((v) => v.replace(/(?<!^)([A-Z])/g, '-$1').toLowerCase());
  const mail = sources('src/mail', /\.rs$/).flatMap((f) => all(readFileSync(join(ROOT, f), 'utf8'), /Warning::new\(\s*"([a-z-]+)"/g));
  return [...kebab, ...mail];
}

/** The warning codes only JavaScript gives (JS_WARNING_CODES in www/sealpost.js). */
function jsWarnings() {
  const text = readFileSync(join(ROOT, 'www/sealpost.js'), 'utf8');
  const list = text.match(/const JS_WARNING_CODES = Object\.freeze\(\[([^\]]*)\]\)/);
  assert.ok(list, 'www/sealpost.js declares JS_WARNING_CODES');
  return all(list[1], /'([a-z-]+)'/g);
}

const warnings = new Set([...coreWarnings(), ...jsWarnings()]);

// Where a code literal stands in JavaScript: coded('x', …), `.code === 'x'`,
// `.code !== 'x'`, `{ code: 'x' }`, ['x', 'y'].includes(….code).
const RAISED = /\bcoded\(\s*'([a-z][a-z-]*)'/g;
const COMPARED = /(?<!typeof [\w?.]*)\bcode\s*[!=]==?\s*'([a-z][a-z-]*)'/g;
const GIVEN = /\bcode:\s*'([a-z][a-z-]*)'/g;
const LISTED = /\[([^\]]*)\]\.includes\([\w.?]*\bcode\)/g;

/** `[file, code, how]` for every code literal in www/ and bin/. */
function literals() {
  const found = [];
  for (const file of [...sources('www', /\.js$/), ...sources('bin', /\.m?js$/)]) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const c of all(text, RAISED)) found.push([file, c, 'raised']);
    for (const c of all(text, COMPARED)) found.push([file, c, 'compared']);
    for (const c of all(text, GIVEN)) found.push([file, c, 'given']);
    for (const l of all(text, LISTED)) for (const c of all(l, /'([a-z][a-z-]*)'/g)) found.push([file, c, 'compared']);
  }
  return found;
}

test('the core declares its warning codes where this test looks for them', () => {
  assert.ok(coreWarnings().includes('nonexistent-local-time'), 'WarningCode is read');
  assert.ok(coreWarnings().length > 10);
});

test('the scan finds the codes the page and the CLIs use', () => {
  const codes = new Set(literals().map(([, c]) => c));
  for (const c of ['cancelled', 'module-unavailable', 'empty-message', 'invalid-argument', 'bad-passphrase', 'zone-from-field']) {
    assert.ok(codes.has(c), `${c} is found`);
  }
});

test('every code raised or compared in www/ and bin/ is listed by errorCodes()', () => {
  const unlisted = literals()
    .filter(([, c, how]) => how !== 'given' && !errors.has(c))
    .map(([f, c, how]) => `${relative('.', f)}: ${how} '${c}'`);
  assert.deepEqual(unlisted, [], 'declare each in src/error.rs or in JS_CODES (www/sealpost.js)');
});

test('every { code } literal is a listed error code or a declared warning code', () => {
  const unknown = literals()
    .filter(([, c, how]) => how === 'given' && !errors.has(c) && !warnings.has(c))
    .map(([f, c]) => `${f}: '${c}'`);
  assert.deepEqual(unknown, []);
});

test('every code the SOP exit-code table maps is listed by errorCodes()', () => {
  const unlisted = mappedCodes().filter((c) => !errors.has(c));
  assert.deepEqual(unlisted, [], 'bin/lib/sop/exit.mjs maps codes that nothing raises');
  assert.ok(mappedCodes().length > 10, 'the table is read');
});

test('every code errorCodes() lists is one of the core or of JS_CODES, once', async () => {
  const listed = await api.errorCodes();
  assert.equal(new Set(listed).size, listed.length, 'no code twice');
  for (const c of listed) assert.match(c, /^[a-z]+(-[a-z]+)*$/);
  for (const c of ['cancelled', 'too-slow-without-webassembly', 'no-user-id']) assert.ok(errors.has(c), c);
  // The core and JS_CODES do not both declare a code.
  const text = readFileSync(join(ROOT, 'www/sealpost.js'), 'utf8');
  const js = all(text.slice(text.indexOf('const JS_CODES'), text.indexOf(']);', text.indexOf('const JS_CODES'))), /'([a-z-]+)'/g);
  const core = all(readFileSync(join(ROOT, 'src/error.rs'), 'utf8'), /^\s+\w+(?:\(d\))? = "([a-z-]+)",/gm);
  assert.equal(core.length + js.length, listed.length, 'errorCodes() is the core list and JS_CODES');
  assert.deepEqual(
    js.filter((c) => core.includes(c)),
    [],
  );
});
