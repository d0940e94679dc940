// Shared setup for the browser end-to-end tests: one static server and one
// headless Chromium per test file, and pages that record every request,
// console message and page error, so that each test can fail on any of
// them.
//
// Environment: CHROME_PATH (default /usr/bin/chromium); SEALPOST_WWW to
// serve another copy of the page (default: this repository's www/).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import { CHROME_ARGS, CHROME_PATH } from '../../scripts/chromium.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const wwwDir = process.env.SEALPOST_WWW ?? join(root, 'www');
export const resultsDir = join(root, 'test-results');

/** Every file the page may load: its own and nothing else. */
export const PAGE_FILES = new Set([
  '/',
  '/index.html',
  '/style.css',
  '/app.js',
  '/ui.js',
  '/seal.js',
  '/mykey.js',
  '/pgp-pool.js',
  '/qr.js',
  '/times.js',
  '/identity.js',
  '/check.js',
  '/mail-words.js',
  '/pgp-worker.js',
  '/favicon.svg',
  '/sealpost.js',
  '/pkg/sealpost_window.js',
  '/pkg/sealpost_window_bg.wasm',
  '/pkg/sealpost_pgp.js',
  '/pkg/sealpost_pgp_bg.wasm',
  '/pkg/sealpost_mail.js',
  '/pkg/sealpost_mail_bg.wasm',
  '/pkg/integrity.js',
]);

/**
 * The JavaScript build of each module, which only a browser without
 * WebAssembly may load (and then instead of the .wasm and its glue).
 */
export const JS_BUILD_FILES = new Set([
  '/pkg/sealpost_window_nowasm.js',
  '/pkg/sealpost_window_bg.wasm.js',
  '/pkg/sealpost_pgp_nowasm.js',
  '/pkg/sealpost_pgp_bg.wasm.js',
  '/pkg/sealpost_mail_nowasm.js',
  '/pkg/sealpost_mail_bg.wasm.js',
]);

/**
 * What the page may still fetch after load: the OpenPGP worker (started when
 * the browser is idle, and again for its spare) and the modules it imports
 * (the OpenPGP module is loaded only there), and the QR encoder, preloaded
 * with it; "Check a message" and the mail module, when that section is first
 * used.
 */
export const LAZY_FILES = new Set([
  '/pgp-worker.js',
  '/qr.js',
  '/check.js',
  '/mail-words.js',
  '/pkg/sealpost_mail.js',
  '/pkg/sealpost_mail_bg.wasm',
  '/sealpost.js',
  '/pkg/sealpost_pgp.js',
  '/pkg/sealpost_pgp_bg.wasm',
  '/pkg/sealpost_window.js',
  '/pkg/sealpost_window_bg.wasm',
  '/pkg/integrity.js',
]);

/** The WebAssembly modules that `node scripts/build.mjs` makes. */
export const MODULE_FILES = [
  'pkg/sealpost_window_bg.wasm',
  'pkg/sealpost_pgp_bg.wasm',
  'pkg/sealpost_mail_bg.wasm',
  'pkg/sealpost_window_bg.wasm.js',
  'pkg/sealpost_pgp_bg.wasm.js',
  'pkg/sealpost_mail_bg.wasm.js',
];


/** Starts the server and the browser; `close()` stops both. */
export async function start() {
  for (const file of MODULE_FILES) {
    assert.ok(existsSync(join(wwwDir, file)), `www/${file} is missing: run \`node scripts/build.mjs\` first`);
  }
  const server = await serve(wwwDir, 0);
  // listening on a TCP port, so its address is an AddressInfo
  const origin = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
  const browser = await chromium.launch({
    executablePath: CHROME_PATH,
    args: CHROME_ARGS,
  });
  return {
    origin,
    browser,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * What `start()` returns: the test server's origin, the browser, and `close()`.
 * @typedef {Awaited<ReturnType<typeof start>>} Env
 */

/**
 * Opens the page in a fresh context and records everything it does.
 * `init` runs in the page before its scripts; `prepare(context)` may
 * route requests or set the clock; `ready` (default true) waits until the page has
 * loaded its module and wired both sections.
 * @param {Env} env what `start()` returned
 * @param {{
 *   path?: string,
 *   context?: import('playwright-core').BrowserContextOptions,
 *   init?: string | (() => unknown) | null,
 *   prepare?: ((context: import('playwright-core').BrowserContext) => unknown) | null,
 *   ready?: boolean,
 * }} [options]
 */
export async function open(env, { path = '/', context: contextOptions = {}, init = null, prepare = null, ready = true } = {}) {
  const context = await env.browser.newContext({ acceptDownloads: true, ...contextOptions });
  /** @type {{ requests: string[], problems: string[], console: string[], mark: number }} */
  const log = { requests: [], problems: [], console: [], mark: 0 };
  context.on('request', (request) => log.requests.push(request.url()));
  context.on('requestfailed', (request) => {
    log.problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  context.on('response', (response) => {
    if (response.status() >= 400) log.problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    log.console.push(`${message.type()}: ${message.text()}`);
    if (message.type() === 'error') log.problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => log.problems.push(`page error: ${error.message}`));
  if (init) await page.addInitScript(init);
  if (prepare) await prepare(context);
  await page.goto(env.origin + path);
  if (ready) await page.waitForSelector('html[data-ready="true"]');
  log.mark = log.requests.length;

  return {
    page,
    context,
    log,
    /**
     * Fails on any console error, page error, failed request or foreign
     * request. `offline: true` lets requests for the OpenPGP worker's files
     * fail (and nothing else): the page tries to start a worker, and offline
     * that fails. `javascript: true`: the page runs without WebAssembly, so
     * it loads the JavaScript build of the modules instead of the .wasm.
     */
    check({ offline = false, javascript = false } = {}) {
      /** @param {string} problem */
      const expected = (problem) => {
        const failed = problem.match(/^request failed: (\S+) \(net::ERR_[A-Z_]+\)$/);
        return offline && failed !== null && new URL(failed[1]).origin === env.origin && LAZY_FILES.has(new URL(failed[1]).pathname);
      };
      assert.deepEqual(log.problems.filter((p) => !expected(p)), [], 'the page reported problems');
      for (const url of log.requests) {
        const u = new URL(url);
        assert.equal(u.origin, env.origin, `request left the test server: ${url}`);
        if (javascript) {
          assert.ok(!u.pathname.endsWith('.wasm'), `a page without WebAssembly fetched ${url}`);
          assert.ok(PAGE_FILES.has(u.pathname) || JS_BUILD_FILES.has(u.pathname), `request for a file that is not the page's own: ${url}`);
        } else {
          assert.ok(PAGE_FILES.has(u.pathname), `request for a file that is not the page's own (or the JavaScript build, with WebAssembly at hand): ${url}`);
        }
      }
    },
    /** Fails if anything after load fetched more than the lazy worker files. */
    checkQuietAfterLoad() {
      const later = log.requests.slice(log.mark).map((url) => new URL(url));
      for (const u of later) {
        assert.ok(u.origin === env.origin && (LAZY_FILES.has(u.pathname) || JS_BUILD_FILES.has(u.pathname)), `request after load: ${u.href}`);
      }
    },
    async close() {
      await context.close();
    },
  };
}

/**
 * The downloaded file of the download that `action` starts: { name, text }.
 * @param {import('playwright-core').Page} page
 * @param {() => Promise<unknown>} action
 */
export async function downloadOf(page, action) {
  const [download] = await Promise.all([page.waitForEvent('download'), action()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}

/**
 * CRC-24 of OpenPGP armor (RFC 9580, section 6.1).
 * @param {Iterable<number>} bytes
 */
export function crc24(bytes) {
  let crc = 0xb704ce;
  for (const byte of bytes) {
    crc ^= byte << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

/**
 * Changes one base64 character in the middle of an armored message's body,
 * and fixes the armor checksum (if any) so that only the OpenPGP data, not
 * the armor, is damaged.
 * @param {string} armored
 */
export function tamper(armored) {
  const lines = armored.split(/\r?\n/);
  const first = lines.indexOf('') + 1;
  let last = lines.findIndex((l, i) => i >= first && (l.startsWith('=') || l.startsWith('-----END')));
  const body = lines.slice(first, last);
  const joined = body.join('');
  const at = Math.floor(joined.length / 2);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const old = joined[at];
  const replacement = alphabet[(alphabet.indexOf(old) + 1) % 64];
  const changed = joined.slice(0, at) + replacement + joined.slice(at + 1);
  const width = body[0].length;
  const rewrapped = changed.match(new RegExp(`.{1,${width}}`, 'g'));
  assert.ok(rewrapped, 'the armored body is not empty');
  const hasCrc = lines[last].startsWith('=');
  const out = [...lines.slice(0, first), ...rewrapped];
  if (hasCrc) {
    const crc = crc24(Buffer.from(changed, 'base64'));
    out.push(`=${Buffer.from([crc >> 16, (crc >> 8) & 0xff, crc & 0xff]).toString('base64')}`);
    last += 1;
  }
  out.push(...lines.slice(last));
  return out.join('\n');
}

// --- Page flows shared by the hygiene and network tests ----------------------------

/** Fields that hold secrets: secret keys, passphrases and passwords. */
export const SECRET_FIELDS = [
  'seal-sign-key',
  'seal-sign-passphrase',
  'seal-password',
  'seal-password2',
  'open-key',
  'open-passphrase',
  'open-password',
  'key-passphrase',
  'key-passphrase2',
  'manage-key',
  'manage-passphrase',
  'manage-new-passphrase',
  'manage-new-passphrase2',
];

/**
 * Waits until the page has loaded OpenPGP in the background: a worker with
 * the module, and (with `spare`, the default) its loaded spare.
 * @param {import('playwright-core').Page} page
 */
export async function openPgpLoaded(page, { spare = true } = {}) {
  await page.locator(spare ? 'html[data-pgp="ready"][data-pgp-spare="ready"]' : 'html[data-pgp="ready"]').waitFor({ state: 'attached' });
}

/**
 * Clicks `button` in the tab panel `panel` and waits until the panel is no longer busy.
 * @param {import('playwright-core').Page} page
 * @param {string} button a selector
 * @param {string} panel the panel's id
 */
export async function act(page, button, panel) {
  await page.click(button);
  await page.locator(`#${panel}:not([aria-busy])`).waitFor();
  await page.locator(`${button}:enabled`).waitFor();
}

/**
 * Opens a <details> the way a person does, by its summary, unless it is open.
 * @param {import('playwright-core').Page} page
 * @param {string} selector
 */
export async function expand(page, selector) {
  if (!(await page.locator(selector).evaluate((/** @type {HTMLDetailsElement} */ d) => d.open))) {
    await page.click(`${selector} > summary`);
  }
}

/**
 * Makes a key in "Make my key"; returns { publicKey, secretKey, revocation, fingerprint }.
 * @param {import('playwright-core').Page} page
 * @param {{ name: string, email: string, passphrase: string }} who
 */
export async function makeKey(page, { name, email, passphrase }) {
  await page.click('#tab-key');
  await page.check('input[name="key-mode"][value="make"]');
  await page.fill('#key-name', name);
  await page.fill('#key-email', email);
  await page.fill('#key-passphrase', passphrase);
  await page.fill('#key-passphrase2', passphrase);
  await act(page, '#key-generate', 'panel-key');
  assert.equal(await page.textContent('#key-alert'), '', 'no error while making a key');
  await page.locator('#key-result').waitFor({ state: 'visible' });
  const secretKey = (await downloadOf(page, () => page.click('#key-download-secret'))).text;
  const revocation = (await downloadOf(page, () => page.click('#key-download-revocation'))).text;
  const publicKey = await page.inputValue('#key-public');
  return {
    publicKey,
    secretKey,
    revocation,
    // an element's text: never null
    fingerprint: /** @type {string} */ (await page.textContent('#key-fingerprint')).trim(),
  };
}
