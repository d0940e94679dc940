// The single-file release as files: its policy allows nothing but its own
// inline script and style (by hash) and no connection; it carries every
// module byte for byte; it names no path of the machine that built it;
// SHA256SUMS lists every other file; and SHA256SUMS.asc, made with a
// release key by Sealpost's own `sop sign`, verifies with `sop verify` and
// with GnuPG (and fails both once the list is changed).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { compare, signSums, sumsOf } from '../../scripts/release.mjs';
import { Gpg } from '../interop/lib/tools.mjs';
import { run } from '../lib/run.mjs';
import { releaseUnderTest } from '../lib/release.mjs';
import { ROOT, sop } from './helpers.mjs';

/** @param {import('node:crypto').BinaryLike} data */
const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const PKG = join(ROOT, 'www', 'pkg');

// Both are set in before(), which runs ahead of every test.
/** @type {Awaited<ReturnType<typeof releaseUnderTest>>} */
let dist;
/** @type {string} */
let work;
before(async () => {
  dist = await releaseUnderTest();
  work = mkdtempSync(join(tmpdir(), 'sealpost-release-test-'));
});
after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/**
 * The directives of a policy: `{ name: [values] }`.
 * @param {string} policy
 */
function directives(policy) {
  return Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
}

test('its policy allows only its own inline script and style, by hash, and no connection at all', () => {
  const { html } = dist;
  // Without the policy the match is null, and reading it fails the test.
  const policy = /** @type {RegExpMatchArray} */ (
    html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)
  )[1];
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map(([, attributes, text]) => ({ attributes, text }));
  const running = scripts.filter((s) => !/\stype="(application\/json|application\/octet-stream|text\/plain)"/.test(s.attributes));
  assert.equal(running.length, 1, 'one script runs: the page bundle');
  assert.equal(running[0].attributes, ' type="module"');
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
  assert.equal(styles.length, 1);
  /** @param {string} text */
  const hash = (text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
  assert.deepEqual(directives(policy), {
    'default-src': ["'none'"],
    'script-src': [hash(running[0].text), "'wasm-unsafe-eval'"],
    'style-src': [hash(styles[0])],
    'worker-src': ['blob:'],
    'img-src': ['data:'],
    'connect-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
  });
  // Nothing is loaded by address: links go to the page itself or out, images are data.
  for (const [, attribute, value] of html.replace(/<script[\s\S]*?<\/script>/g, '').matchAll(/\s(src|href)="([^"]*)"/g)) {
    assert.match(value, /^(#|https:\/\/|data:image\/svg\+xml;base64,)/, `${attribute}="${value.slice(0, 40)}"`);
  }
  assert.doesNotMatch(html, /<link[^>]*rel="stylesheet"/);
});

test('it carries every module of www/pkg/ byte for byte, and its record of itself is true', () => {
  const { html, record } = dist;
  const modules = readdirSync(PKG).filter((f) => f.endsWith('.wasm')).sort();
  assert.ok(modules.length >= 2);
  const carried = Object.fromEntries([...html.matchAll(/<script type="application\/octet-stream" data-sealpost-file="([^"]+)">([^<]*)<\/script>/g)].map(([, file, data]) => [file, Buffer.from(data, 'base64')]));
  assert.deepEqual(Object.keys(carried).sort(), modules);
  for (const file of modules) {
    const built = readFileSync(join(PKG, file));
    assert.ok(carried[file].equals(built), `${file} inside the file is the one built`);
    assert.ok(readFileSync(join(dist.dir, file)).equals(built), `dist/${file} is the one built`);
    assert.equal(record.modules[file], sha256(built));
  }
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.equal(record.version, version);
  assert.equal(record.file, `sealpost-${version}.html`);
  assert.equal(record.file, dist.name);
  const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  assert.equal(record.commit, head);
  const epoch = Number(process.env.SOURCE_DATE_EPOCH ?? execFileSync('git', ['log', '-1', '--format=%ct'], { cwd: ROOT, encoding: 'utf8' }));
  assert.equal(record.date, new Date(epoch * 1000).toISOString().slice(0, 10), "the date is the commit's, not the build's");
  assert.match(html, /<script type="text\/plain" id="sealpost-worker">/, 'it carries its worker');
});

test('no file names a path of the machine that built it', () => {
  const paths = [ROOT.replace(/\/$/, ''), `${homedir()}/`, '.cargo/registry'];
  for (const file of readdirSync(dist.dir)) {
    const text = readFileSync(join(dist.dir, file)).toString('latin1');
    for (const path of paths) assert.ok(!text.includes(path), `${file} contains ${path}`);
    // Crates' sources appear only under the fixed name the build gives Cargo's home.
    for (let at = text.indexOf('/registry/src/'); at >= 0; at = text.indexOf('/registry/src/', at + 1)) {
      assert.equal(text.slice(at - 6, at), '/cargo', `${file}: ${text.slice(at - 40, at + 20)}`);
    }
  }
});

test('SHA256SUMS lists every other file with its hash, as sha256sum -c reads it', () => {
  const sums = readFileSync(join(dist.dir, 'SHA256SUMS'), 'utf8');
  const files = readdirSync(dist.dir).filter((f) => f !== 'SHA256SUMS' && f !== 'SHA256SUMS.asc').sort();
  assert.equal(sums, files.map((f) => `${sha256(readFileSync(join(dist.dir, f)))}  ${f}\n`).join(''));
  assert.equal(sumsOf(dist.dir), sums);
  const checked = run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dist.dir });
  assert.equal(checked.status, 0, checked.stderr);
  assert.equal(checked.text, files.map((f) => `${f}: OK\n`).join(''));
});

test('with a release key, SHA256SUMS.asc verifies with sealpost-sop and with GnuPG, and fails once the list changes', async () => {
  const password = join(work, 'password');
  writeFileSync(password, 'release key passphrase');
  const key = join(work, 'release.key');
  const cert = join(work, 'release.cert');
  const made = sop(['generate-key', `--with-key-password=${password}`, 'Sealpost Release Test <release@example.org>']);
  assert.equal(made.status, 0, made.stderr);
  writeFileSync(key, made.stdout);
  writeFileSync(cert, sop(['extract-cert'], { input: made.stdout }).stdout);

  // The real command, with the key and its passphrase from the environment.
  const out = join(work, 'dist');
  const released = run(process.execPath, [join(ROOT, 'scripts', 'release.mjs'), '--out', out], {
    env: { SEALPOST_RELEASE_KEY: key, SEALPOST_RELEASE_KEY_PASSWORD: password },
  });
  assert.equal(released.status, 0, released.stderr);
  const sums = join(out, 'SHA256SUMS');
  const signature = join(out, 'SHA256SUMS.asc');
  assert.match(readFileSync(signature, 'utf8'), /^-----BEGIN PGP SIGNATURE-----/);
  const names = (/** @type {string} */ dir) => readdirSync(dir).filter((f) => f !== 'SHA256SUMS.asc').sort();
  assert.deepEqual(names(out), names(dist.dir), 'the same files, and the signature');
  assert.equal(readFileSync(sums, 'utf8'), sumsOf(out), 'the list that was signed is the list of the files');

  const verified = sop(['verify', signature, cert], { input: readFileSync(sums) });
  assert.equal(verified.status, 0, verified.stderr);
  assert.match(verified.text, /^\S+ [0-9A-F]{40} [0-9A-F]{40}/);

  const gpg = new Gpg();
  try {
    gpg.import(readFileSync(cert));
    const good = gpg.run(['--status-fd', '1', '--verify', signature, sums]);
    assert.equal(good.status, 0, good.stderr);
    assert.match(good.text, /^\[GNUPG:\] GOODSIG [0-9A-F]{16} Sealpost Release Test <release@example\.org>$/m);

    const changed = join(work, 'SHA256SUMS.changed');
    writeFileSync(changed, `${readFileSync(sums, 'utf8')}${'0'.repeat(64)}  extra.html\n`);
    assert.notEqual(sop(['verify', signature, cert], { input: readFileSync(changed) }).status, 0, 'sop refuses a changed list');
    const bad = gpg.run(['--status-fd', '1', '--verify', signature, changed]);
    assert.notEqual(bad.status, 0, 'gpg refuses a changed list');
    assert.match(bad.text, /^\[GNUPG:\] BADSIG /m);
  } finally {
    gpg.close();
  }

  // A wrong passphrase signs nothing, and says why.
  const wrong = join(work, 'wrong');
  writeFileSync(wrong, 'not the passphrase');
  assert.throws(() => signSums(out, key, wrong), /sealpost-sop sign failed/);
});

test('the reproducibility check compares every file but the signature', () => {
  const file = (/** @type {string} */ name, /** @type {string} */ sha256) => ({ name, sha256, bytes: 1 });
  const a = [file('SHA256SUMS', '1'), file('sealpost-1.html', '2'), file('x.wasm', '3')];
  assert.equal(compare(a, [...a]).same, true);
  assert.equal(compare([...a, file('SHA256SUMS.asc', '9')], a).same, true, 'the signature is left out');
  const differs = compare(a, [a[0], file('sealpost-1.html', '7'), a[2]]);
  assert.equal(differs.same, false);
  assert.ok(differs.lines.some((l) => /^DIFFERS .* sealpost-1\.html/.test(l)));
  assert.equal(compare(a, a.slice(0, 2)).same, false, 'a missing file');
  assert.equal(compare(a.slice(0, 2), a).same, false, 'an extra file');
  assert.equal(compare([], []).same, false, 'nothing is not a release');
});
