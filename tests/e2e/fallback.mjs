// The page's main flows written once for two drivers: playwright-core
// (Chromium) and puppeteer-core (Firefox over WebDriver BiDi). Used by the
// tests of the page without WebAssembly (nowasm.test.mjs) and in Firefox ESR
// with and without Tor Browser's "Safer" preferences (firefox.test.mjs).
//
// A driver is { page, fill(selector, value), click(selector),
// waitFor(predicate, arg), download(action) -> { name, text } }.
//
// The code run in the page casts the page's own elements (all written in
// www/index.html) instead of checking them: a missing one throws there.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ANNOUNCEMENT = 'On 24 July between 01:00 and 13:00 UTC we will be moving server NC018';
export const MESSAGE = 'Meet at the north entrance at noon.\nBring the blue folder.';

/**
 * What the flows use of a driver's page, either driver's: a function run in
 * the page, with a selector or a list of strings (or nothing), resolving to
 * what it returns.
 * @typedef {{
 *   evaluate<R>(fn: (arg: string) => R, arg: string): Promise<Awaited<R>>,
 *   evaluate<R>(fn: (arg: string[]) => R, arg: string[]): Promise<Awaited<R>>,
 *   evaluate<R>(fn: () => R): Promise<Awaited<R>>,
 * }} DriverPage
 */

/**
 * A driver (see above): one page, and the few things the flows do in it.
 * `waitFor` without `arg` is given a predicate that takes none.
 * @typedef {object} Driver
 * @property {DriverPage} page
 * @property {(selector: string, value: string) => Promise<unknown>} fill
 * @property {(selector: string) => Promise<unknown>} click
 * @property {(predicate: (arg: string[]) => unknown, arg?: string[], timeout?: number)
 *   => Promise<unknown>} waitFor
 * @property {(action: () => Promise<unknown>) => Promise<{ name: string, text: string }>} download
 */

/**
 * `waitFor`'s predicate as the drivers pass it on: without `arg`, it is called with none.
 * @typedef {(arg?: string[]) => unknown} Predicate
 */

/**
 * Sets a form field the way typing does (value, then input and change events).
 * @param {string[]} arg its selector and the value
 */
function setValue([selector, value]) {
  const field = /** @type {HTMLInputElement | HTMLTextAreaElement | null} */ (
    document.querySelector(selector)
  );
  if (!field) throw new Error(`no ${selector}`);
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
  field.dispatchEvent(new Event('change', { bubbles: true }));
}

/**
 * A driver over a playwright-core page.
 * @param {import('playwright-core').Page} page
 * @returns {Driver}
 */
export function playwrightDriver(page) {
  return {
    page,
    fill: (selector, value) => page.evaluate(setValue, [selector, value]),
    click: (selector) => page.click(selector),
    waitFor: (predicate, arg, timeout = 120_000) =>
      page.waitForFunction(/** @type {Predicate} */ (predicate), arg, { timeout }),
    async download(action) {
      const [download] = await Promise.all([page.waitForEvent('download'), action()]);
      return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
    },
  };
}

/**
 * Firefox preferences that save downloads into `dir` without asking.
 * @param {string} dir
 */
export function downloadPrefs(dir) {
  return { 'browser.download.dir': dir, 'browser.download.folderList': 2 };
}

/** A temporary download folder; `remove()` deletes it. */
export async function downloadFolder() {
  const dir = await mkdtemp(join(tmpdir(), 'sealpost-downloads-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A driver over a puppeteer-core page whose downloads go to `dir`.
 * @param {import('puppeteer-core').Page} page
 * @param {string} dir
 * @returns {Driver}
 */
export function puppeteerDriver(page, dir) {
  return {
    page,
    fill: (selector, value) => page.evaluate(setValue, [selector, value]),
    click: (selector) => page.click(selector),
    waitFor: (predicate, arg, timeout = 120_000) =>
      page.waitForFunction(/** @type {Predicate} */ (predicate), { timeout, polling: 100 }, arg),
    async download(action) {
      const before = new Set(await readdir(dir));
      await action();
      const deadline = Date.now() + 30_000;
      for (;;) {
        const done = (await readdir(dir)).filter((f) => !before.has(f) && !f.endsWith('.part'));
        if (done.length === 1) {
          await new Promise((r) => setTimeout(r, 200)); // the file is renamed when complete; let it settle
          return { name: done[0], text: await readFile(join(dir, done[0]), 'utf8') };
        }
        assert.ok(Date.now() < deadline, 'the download did not arrive');
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

/** @param {string} selector */
const text = (selector) => document.querySelector(selector)?.textContent.trim() ?? '';

/**
 * The engine the page says it runs, and whether it shows the slower-mode notice.
 * @param {Driver} d
 */
export async function engineOf(d) {
  return d.page.evaluate(() => ({
    engine: document.documentElement.dataset.engine,
    notice: document.getElementById('slow-note')?.textContent ?? null,
    rsaOffered: [.../** @type {NodeListOf<HTMLOptionElement>} */ (document.querySelectorAll('#key-profile option[value^="rsa"]'))].some((o) => !o.disabled),
  }));
}

/**
 * Converts ANNOUNCEMENT and checks the table; downloads the .ics and checks it.
 * @param {Driver} d
 */
export async function checkTimes(d) {
  await d.fill('#times-text', ANNOUNCEMENT);
  const row = (/** @type {string} */ zone) => `#times-rows tr[data-zone="${zone}"] .when .when-label`;
  await d.waitFor(
    ([selector]) => document.querySelector(selector)?.textContent.replaceAll('\u2013', '-').trim() === '23-24 July, 18:00-06:00',
    [row('America/Vancouver')],
  );
  const utc = await d.page.evaluate(text, row('UTC'));
  assert.equal(utc.replaceAll('\u2013', '-'), '24 July, 01:00-13:00');
  const ics = await d.download(() => d.click('#times-ics'));
  assert.match(ics.name, /\.ics$/);
  assert.match(ics.text, /^BEGIN:VCALENDAR\r\n/);
  assert.match(ics.text, /\r\nDTSTART:20\d\d0724T010000Z\r\n/);
  assert.match(ics.text, /\r\nDTEND:20\d\d0724T130000Z\r\n/);
}

/** A real bounce of the corpus: a blocklist refusal. */
export const BOUNCE = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'mail', 'bounces', 'eml', 'lhost-amazonses-14.eml');

/**
 * "Check a message" with a real bounce: the verdict and the recipient.
 * @param {Driver} d
 */
export async function checkMessage(d) {
  await d.fill('#check-input', await readFile(BOUNCE, 'utf8'));
  await d.click('#check-button');
  await d.waitFor(() => document.getElementById('check-verdict')?.textContent !== '' || document.getElementById('check-alert')?.textContent !== '');
  assert.equal(await d.page.evaluate(text, '#check-alert'), '', 'no error while checking a message');
  assert.equal(await d.page.evaluate(text, '#check-verdict'), 'Blocked: forward this to support');
  assert.match(await d.page.evaluate(text, '#check-recipients'), /sironeko@neko\.example\.org/);
}

/**
 * Makes a Cv25519 key in "My key"; returns { publicKey, secretKey }.
 * @param {Driver} d
 * @param {{ name: string, email: string, passphrase: string }} who
 */
export async function makeKey(d, { name, email, passphrase }) {
  await d.click('#tab-key');
  await d.fill('#key-name', name);
  await d.fill('#key-email', email);
  await d.fill('#key-passphrase', passphrase);
  await d.fill('#key-passphrase2', passphrase);
  await d.click('#key-generate');
  await d.waitFor(() => !/** @type {HTMLElement} */ (document.getElementById('key-result')).hidden || /** @type {HTMLElement} */ (document.getElementById('key-alert')).textContent !== '');
  assert.equal(await d.page.evaluate(text, '#key-alert'), '', 'no error while making a key');
  const secret = await d.download(() => d.click('#key-download-secret'));
  assert.match(secret.text, /^-----BEGIN PGP PRIVATE KEY BLOCK-----/);
  const publicKey = await d.page.evaluate(() => /** @type {HTMLInputElement} */ (document.getElementById('key-public')).value);
  assert.match(publicKey, /^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
  return { publicKey, secretKey: secret.text };
}

/**
 * Encrypts MESSAGE to `key` in "Encrypt", opens it in "Open a message", and compares.
 * @param {Driver} d
 * @param {{ publicKey: string, secretKey: string }} key what `makeKey` returned
 * @param {string} passphrase
 */
export async function roundTrip(d, key, passphrase) {
  await d.click('#tab-seal');
  await d.fill('#recipient-input', key.publicKey);
  await d.click('#recipient-add');
  await d.waitFor(() => document.querySelectorAll('#recipient-list > li').length === 1 || /** @type {HTMLElement} */ (document.getElementById('recipient-alert')).textContent !== '');
  assert.equal(await d.page.evaluate(text, '#recipient-alert'), '', 'no error while reading the key');
  await d.fill('#seal-message', MESSAGE);
  await d.click('#seal-button');
  await d.waitFor(() => !/** @type {HTMLElement} */ (document.getElementById('seal-result')).hidden || /** @type {HTMLElement} */ (document.getElementById('seal-alert')).textContent !== '');
  assert.equal(await d.page.evaluate(text, '#seal-alert'), '', 'no error while encrypting');
  const sealed = await d.page.evaluate(() => /** @type {HTMLInputElement} */ (document.getElementById('seal-output')).value);
  assert.match(sealed, /^-----BEGIN PGP MESSAGE-----/);

  await d.click('#tab-open');
  await d.fill('#open-message', sealed);
  await d.fill('#open-key', key.secretKey);
  if (passphrase) {
    // A wrong passphrase first: refused at once (no minutes of hashing), the key stays for the retry.
    await d.fill('#open-passphrase', 'not the passphrase');
    await d.click('#open-button');
    await d.waitFor(() => /** @type {HTMLElement} */ (document.getElementById('open-alert')).textContent !== '');
    assert.equal(await d.page.evaluate(() => /** @type {HTMLElement} */ (document.getElementById('open-alert')).dataset.code), 'bad-passphrase');
    assert.match(await d.page.evaluate(() => /** @type {HTMLInputElement} */ (document.getElementById('open-key')).value), /^-----BEGIN PGP PRIVATE KEY BLOCK-----/);
  }
  await d.fill('#open-passphrase', passphrase);
  await d.click('#open-button');
  await d.waitFor(() => !/** @type {HTMLElement} */ (document.getElementById('open-result')).hidden || (/** @type {HTMLElement} */ (document.getElementById('open-alert')).textContent !== '' && /** @type {HTMLElement} */ (document.getElementById('open-alert')).dataset.code !== 'bad-passphrase'));
  assert.equal(await d.page.evaluate(text, '#open-alert'), '', 'no error while decrypting');
  assert.equal(await d.page.evaluate(() => /** @type {HTMLInputElement} */ (document.getElementById('open-output')).value), MESSAGE);
}

/**
 * In the slower mode: an RSA key is refused with its code and a sentence, without any spinning.
 * @param {Driver} d
 */
export async function checkRefusal(d) {
  const refusal = await d.page.evaluate(async () => {
    const api = await import('./sealpost.js');
    try {
      await api.generateKey({ userIds: ['Alice <alice@example.org>'], profile: 'rsa3072' });
      return null;
    } catch (thrown) {
      const e = /** @type {Error & { code?: string }} */ (thrown);
      return { code: e.code, message: e.message };
    }
  });
  assert.equal(refusal?.code, 'too-slow-without-webassembly');
  assert.match(refusal.message, /RSA key is not offered in this browser: without WebAssembly it would take many minutes/);
}

const PGP_DATA = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'pgp', 'messages');

/**
 * Seals a message with a password in "Encrypt" (beside the recipient
 * already there), and opens it in "Open a message" with the password only:
 * a wrong password first, refused as such, then the right one.
 * @param {Driver} d
 */
export async function passwordRoundTrip(d) {
  const message = `${MESSAGE}\nThe password opens this one.`;
  const password = 'seven quiet lanterns';
  await d.click('#tab-seal');
  const before = await d.page.evaluate(() => /** @type {HTMLTextAreaElement | null} */ (document.getElementById('seal-output'))?.value ?? '');
  await d.page.evaluate(() => {
    /** @type {HTMLDetailsElement} */ (document.getElementById('seal-password-box')).open = true;
  });
  await d.fill('#seal-password', password);
  await d.fill('#seal-password2', password);
  await d.fill('#seal-message', message);
  await d.click('#seal-button');
  await d.waitFor(
    ([old]) => (!/** @type {HTMLElement} */ (document.getElementById('seal-result')).hidden && /** @type {HTMLTextAreaElement} */ (document.getElementById('seal-output')).value !== old) || /** @type {HTMLElement} */ (document.getElementById('seal-alert')).textContent !== '',
    [before],
  );
  assert.equal(await d.page.evaluate(text, '#seal-alert'), '', 'no error while encrypting with a password');
  const sealed = await d.page.evaluate(() => /** @type {HTMLTextAreaElement} */ (document.getElementById('seal-output')).value);
  assert.match(sealed, /^-----BEGIN PGP MESSAGE-----/);

  await d.click('#tab-open');
  await d.fill('#open-message', sealed);
  await d.fill('#open-key', '');
  await d.fill('#open-passphrase', '');
  await d.fill('#open-password', 'not the password');
  await d.click('#open-button');
  await d.waitFor(() => /** @type {HTMLElement} */ (document.getElementById('open-alert')).textContent !== '');
  assert.equal(await d.page.evaluate(() => /** @type {HTMLElement} */ (document.getElementById('open-alert')).dataset.code), 'wrong-password');
  await d.fill('#open-password', password);
  await d.click('#open-button');
  await d.waitFor(
    ([want]) => /** @type {HTMLTextAreaElement} */ (document.getElementById('open-output')).value === want || (/** @type {HTMLElement} */ (document.getElementById('open-alert')).textContent !== '' && /** @type {HTMLElement} */ (document.getElementById('open-alert')).dataset.code !== 'wrong-password'),
    [message],
  );
  assert.equal(await d.page.evaluate(text, '#open-alert'), '', 'no error while decrypting with a password');
  assert.equal(await d.page.evaluate(() => /** @type {HTMLTextAreaElement} */ (document.getElementById('open-output')).value), message);
}

/**
 * In the slower mode: a password message whose Argon2 asks for three
 * passes over 64 MiB (OpenPGP.js's default) is refused with its code and
 * the cost named, at once; one of one pass over 1 MiB opens.
 * @param {Driver} d
 */
export async function checkArgon2(d) {
  const password = (await readFile(join(PGP_DATA, 'password.txt'), 'utf8')).trim();
  const costly = await readFile(join(PGP_DATA, 'password_argon2_t3_m16.asc'), 'utf8');
  const cheap = await readFile(join(PGP_DATA, 'password_argon2_t1_m10.asc'), 'utf8');
  const [refused, opened] = await d.page.evaluate(
    async ([password, costly, cheap]) => {
      const api = await import('./sealpost.js');
      /**
       * @param {string} message
       * @returns {Promise<{ text?: string | null, code?: string, message?: string }>}
       */
      const open = (message) =>
        api.decrypt({ message, passwords: [password] }).then(
          (r) => ({ text: r.text }),
          (e) => ({ code: e.code, message: e.message }),
        );
      return [await open(costly), await open(cheap)];
    },
    [password, costly, cheap],
  );
  assert.equal(refused.code, 'too-slow-without-webassembly');
  // A refusal has its message; what opened has its text (or, refused after all, its message).
  assert.match(
    /** @type {string} */ (refused.message),
    /Argon2 password hashing asks for 3 passes over 64 MiB of memory/,
  );
  assert.match(/** @type {string} */ (opened.text ?? opened.message), /^Hello from GnuPG/);
}
