#!/usr/bin/env node
// Sealpost in Firefox ESR at Tor Browser's "Safer" level (no WebAssembly, no
// JIT), where it runs its JavaScript build, against peers measured in the
// same browser and run:
//
//   npm run bench:firefox              (node bench/firefox.mjs; after `npm run build`)
//   npm run bench:firefox -- --runs 7  counted runs per case (default 5)
//   npm run bench:firefox -- --standard  the same at Firefox's default settings
//
// Cases, each in a fresh browser context (nothing cached but HTTP), timed
// inside the page, alternating Sealpost and its peer:
// - first maintenance conversion: import sealpost.js, then parseWindow() of
//   the seed announcement into the page's four default zones (loads the
//   window module); the peer formats the same window in the same zones with
//   the browser's own Intl.DateTimeFormat (its first use of each zone);
// - Cv25519 key generation, and encrypt and decrypt of a 1 KiB message
//   (SEIPDv1, keys without a passphrase, as in bench/lib/cases.mjs), after
//   loading the OpenPGP module (timed separately): the peer is OpenPGP.js
//   (npm `openpgp`, its browser build) in the same page;
// - with passphrases and passwords (iterated and salted S2K, which the
//   slower mode derives with WebCrypto): generating a key with a
//   passphrase; unlocking a protected Cv25519 key and decrypting 1 KiB with
//   it; encrypting and decrypting 1 KiB with a password (SEIPDv1). Each
//   side with its default S2K: Sealpost hashes 65011712 octets per
//   passphrase, OpenPGP.js 16 MiB.
//
// `--only id,id` runs only those cases (ids: convert, load, generate,
// encrypt, decrypt, generate-protected, unlock-decrypt, password-encrypt,
// password-decrypt).
//
// At Safer, each case is also timed for Sealpost in a second Firefox at its
// default preferences (the fast mode, WebAssembly), in the same run:
// "vs fast" is the slower mode's time over the fast mode's.
//
// Benchmarks are not tests: `npm test` never runs this.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchFirefox } from '../scripts/firefox.mjs';
import { serve } from '../scripts/serve.mjs';
import { ms, ratio, summary, table } from './lib/stats.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
const safer = !args.includes('--standard');

const ANNOUNCEMENT = 'On 24 July between 01:00 and 13:00 UTC we will be moving server NC018';
const ZONES = ['UTC', 'America/Vancouver', 'Africa/Lusaka', 'Australia/Perth'];

/**
 * Runs in the page: one timed call of `which` side of case `id`; resolves to ms.
 * @param {[id: string, which: string, announcement: string, zones: string[]]} options
 */
async function inPage([id, which, announcement, zones]) {
  const now = () => performance.now();
  const uid = { name: 'Alice', email: 'alice@example.org' };
  // The passphrase and password cases (inside inPage: the page gets only its source).
  /**
   * @param {string} id
   * @param {string} which
   * @param {typeof import('../www/sealpost.js')} sp
   * @param {typeof import('openpgp')} openpgp
   * @param {Uint8Array} message
   * @param {string} pass
   * @param {{ name: string, email: string }} uid
   * @param {() => number} now
   */
  async function passphraseCase(id, which, sp, openpgp, message, pass, uid, now) {
    /** @param {Uint8Array} a */
    const same = (a) => {
      if (a.length !== message.length || a.some((b, i) => b !== message[i])) throw new Error('round trip failed');
    };
    if (which === 'sealpost') {
      if (id === 'generate-protected') {
        const t = now();
        await sp.generateKey({ userIds: ['Alice <alice@example.org>'], profile: 'cv25519', passphrase: pass });
        return now() - t;
      }
      if (id === 'unlock-decrypt') {
        const k = await sp.generateKey({ userIds: ['Alice <alice@example.org>'], profile: 'cv25519', passphrase: pass });
        const sealed = await sp.encrypt({ message, recipients: [k.publicKey], profile: 'rfc4880' });
        const t = now();
        const opened = await sp.decrypt({ message: sealed, keys: [{ key: k.secretKey, passphrase: pass }] });
        const ms = now() - t;
        same(opened.plaintext);
        return ms;
      }
      let t = now();
      const sealed = await sp.encrypt({ message, passwords: [pass], profile: 'rfc4880' });
      const encryptMs = now() - t;
      t = now();
      const opened = await sp.decrypt({ message: sealed, passwords: [pass] });
      const decryptMs = now() - t;
      same(opened.plaintext);
      return id === 'password-encrypt' ? encryptMs : decryptMs;
    }
    const generate = () => openpgp.generateKey({ userIDs: [uid], format: 'armored', type: 'ecc', curve: 'curve25519Legacy', passphrase: pass });
    if (id === 'generate-protected') {
      const t = now();
      await generate();
      return now() - t;
    }
    if (id === 'unlock-decrypt') {
      const k = await generate();
      const sealed = await openpgp.encrypt({
        message: await openpgp.createMessage({ binary: message }),
        encryptionKeys: await openpgp.readKey({ armoredKey: k.publicKey }),
        config: { aeadProtect: false },
      });
      const t = now();
      const key = await openpgp.decryptKey({ privateKey: await openpgp.readPrivateKey({ armoredKey: k.privateKey }), passphrase: pass });
      const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: sealed }), decryptionKeys: key, format: 'binary' });
      const ms = now() - t;
      same(data);
      return ms;
    }
    let t = now();
    const sealed = await openpgp.encrypt({ message: await openpgp.createMessage({ binary: message }), passwords: [pass], config: { aeadProtect: false } });
    const encryptMs = now() - t;
    t = now();
    const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: sealed }), passwords: [pass], format: 'binary' });
    const decryptMs = now() - t;
    same(data);
    return id === 'password-encrypt' ? encryptMs : decryptMs;
  }
  if (id === 'convert') {
    const t = now();
    if (which === 'sealpost') {
      const sp = /** @type {typeof import('../www/sealpost.js')} */ (await import(/** @type {string} */ ('/www/sealpost.js')));
      const w = await sp.parseWindow({ text: announcement, zones });
      if (w.views.length !== zones.length) throw new Error('wrong number of views');
    } else {
      const start = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 6, 24, 1));
      const end = new Date(start.getTime() + 12 * 3600 * 1000);
      for (const timeZone of zones) {
        const f = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
        f.formatRange(start, end);
      }
    }
    return now() - t;
  }
  const sp = /** @type {typeof import('../www/sealpost.js')} */ (await import(/** @type {string} */ ('/www/sealpost.js')));
  const openpgp = /** @type {typeof import('openpgp')} */ (await import(/** @type {string} */ ('/node_modules/openpgp/dist/openpgp.min.mjs')));
  if (id === 'load') {
    const t = now();
    await sp.load('pgp');
    return now() - t;
  }
  await sp.load('pgp');
  const message = new Uint8Array(1024).map((_, i) => (i * 7) & 0xff);
  const PASS = 'purple mountain quietly sings';
  if (id !== 'generate' && id !== 'encrypt' && id !== 'decrypt') return passphraseCase(id, which, sp, openpgp, message, PASS, uid, now);
  if (which === 'sealpost') {
    const k = await sp.generateKey({ userIds: ['Alice <alice@example.org>'], profile: 'cv25519' });
    if (id === 'generate') {
      const t = now();
      await sp.generateKey({ userIds: ['Alice <alice@example.org>'], profile: 'cv25519' });
      return now() - t;
    }
    let t = now();
    const sealed = await sp.encrypt({ message, recipients: [k.publicKey], profile: 'rfc4880' });
    const encryptMs = now() - t;
    t = now();
    const opened = await sp.decrypt({ message: sealed, keys: [{ key: k.secretKey, passphrase: null }] });
    const decryptMs = now() - t;
    if (opened.plaintext.length !== message.length) throw new Error('round trip failed');
    return id === 'encrypt' ? encryptMs : decryptMs;
  }
  const generate = () => openpgp.generateKey({ userIDs: [uid], format: 'armored', type: 'ecc', curve: 'curve25519Legacy' });
  const k = await generate();
  if (id === 'generate') {
    const t = now();
    await generate();
    return now() - t;
  }
  let t = now();
  const sealed = await openpgp.encrypt({
    message: await openpgp.createMessage({ binary: message }),
    encryptionKeys: await openpgp.readKey({ armoredKey: k.publicKey }),
    config: { aeadProtect: false },
  });
  const encryptMs = now() - t;
  t = now();
  const { data } = await openpgp.decrypt({
    message: await openpgp.readMessage({ armoredMessage: sealed }),
    decryptionKeys: await openpgp.readPrivateKey({ armoredKey: k.privateKey }),
    format: 'binary',
  });
  const decryptMs = now() - t;
  if (data.length !== message.length) throw new Error('round trip failed');
  return id === 'encrypt' ? encryptMs : decryptMs;
}

const CASES = [
  { id: 'convert', label: 'first maintenance conversion', peer: 'Intl.DateTimeFormat', target: 3000 },
  { id: 'load', label: 'load the OpenPGP module', peer: null, target: null },
  { id: 'generate', label: 'generate key Cv25519', peer: 'OpenPGP.js', target: 10000 },
  { id: 'encrypt', label: 'encrypt 1 KiB SEIPDv1', peer: 'OpenPGP.js', target: 5000 },
  { id: 'decrypt', label: 'decrypt 1 KiB SEIPDv1', peer: 'OpenPGP.js', target: 5000 },
  { id: 'generate-protected', label: 'generate key Cv25519 with a passphrase', peer: 'OpenPGP.js', target: 10000 },
  { id: 'unlock-decrypt', label: 'unlock a protected Cv25519 key, decrypt 1 KiB', peer: 'OpenPGP.js', target: 5000 },
  { id: 'password-encrypt', label: 'encrypt 1 KiB with a password', peer: 'OpenPGP.js', target: 5000 },
  { id: 'password-decrypt', label: 'decrypt 1 KiB with a password', peer: 'OpenPGP.js', target: 5000 },
];

async function main() {
  for (const f of ['www/pkg/sealpost_window_bg.wasm.js', 'www/pkg/sealpost_pgp_bg.wasm.js', 'node_modules/openpgp/dist/openpgp.min.mjs']) {
    if (!existsSync(join(root, f))) throw new Error(`${f} is missing: run \`npm run build\` (and \`npm ci\`) first`);
  }
  const server = await serve(root, 0);
  // The cast: a server listening on a TCP port has an AddressInfo.
  const origin = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
  const browser = await launchFirefox({ safer });
  // The fast mode as a second peer: Sealpost itself in Firefox with WebAssembly, in the same run.
  const fast = safer ? await launchFirefox({ safer: false }) : null;
  /** @type {{ kind: 'javascript' | 'webassembly' | null }} */
  const engine = { kind: null };
  /** @type {string[][]} */
  const rows = [];
  try {
    /**
     * One timed call in a fresh context of `on`; resolves to ms.
     * @param {string} id
     * @param {'sealpost' | 'peer'} which
     * @param {import('puppeteer-core').Browser} [on]
     */
    const once = async (id, which, on = browser) => {
      const context = await on.createBrowserContext();
      try {
        const page = await context.newPage();
        await page.goto(`${origin}/bench/page/firefox.html`);
        if (on === browser) engine.kind ??= await page.evaluate(async () => (/** @type {typeof import('../www/sealpost.js')} */ (await import(/** @type {string} */ ('/www/sealpost.js')))).engine().kind);
        return await page.evaluate(inPage, /** @type {Parameters<typeof inPage>[0]} */ ([id, which, ANNOUNCEMENT, ZONES]));
      } finally {
        await context.close();
      }
    };
    const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : null;
    for (const c of CASES.filter((c) => !only || only.includes(c.id))) {
      const sealpost = [];
      const peer = [];
      const wasm = [];
      await once(c.id, 'sealpost'); // warm-up: HTTP cache, and a check that it works
      if (fast) await once(c.id, 'sealpost', fast);
      if (c.peer) await once(c.id, 'peer');
      for (let i = 0; i < runs; i++) {
        sealpost.push(await once(c.id, 'sealpost'));
        if (fast) wasm.push(await once(c.id, 'sealpost', fast));
        if (c.peer) peer.push(await once(c.id, 'peer'));
        process.stderr.write('.');
      }
      const a = summary(sealpost);
      const b = summary(peer);
      const w = summary(wasm);
      if (!a) throw new Error(`${c.label}: no counted runs to summarise`);
      rows.push([
        c.label,
        String(runs),
        ms(a.median),
        `${ms(a.min)}-${ms(a.max)}`,
        c.peer ?? '-',
        b ? ms(b.median) : '-',
        b ? ratio(a.median, b.median) : '-',
        w ? ms(w.median) : '-',
        w ? ratio(a.median, w.median) : '-',
        c.target ? `${c.target / 1000} s: ${a.median <= c.target ? 'met' : 'NOT met'}` : '-',
      ]);
    }
  } finally {
    await browser.close();
    await fast?.close();
    server.close();
  }
  process.stderr.write('\n');
  const version = (await import('node:child_process')).execFileSync(process.env.FIREFOX_PATH || '/usr/bin/firefox-esr', ['--version'], { encoding: 'utf8' }).trim();
  console.log(`${version}, ${safer ? 'Tor Browser "Safer" preferences (no WebAssembly, no JIT)' : 'default preferences'}; Sealpost ran its ${engine.kind} build.`);
  console.log(`Times: median and min-max in ms of ${runs} runs, each in a fresh browser context; ratio = Sealpost / peer; vs fast = Sealpost / Sealpost in the fast mode (a second Firefox, default preferences).\n`);
  console.log(
    table(
      [
        { title: 'case', align: 'l' },
        { title: 'runs', align: 'r' },
        { title: 'Sealpost ms', align: 'r' },
        { title: 'min-max', align: 'r' },
        { title: 'peer', align: 'l' },
        { title: 'peer ms', align: 'r' },
        { title: 'ratio', align: 'r' },
        { title: 'fast mode ms', align: 'r' },
        { title: 'vs fast', align: 'r' },
        { title: 'target', align: 'l' },
      ],
      rows,
    ),
  );
}

main().catch((e) => {
  console.error(`bench/firefox: ${e.message}`);
  process.exit(1);
});
