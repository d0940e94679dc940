// The single-file release in Chromium, opened from disk (file://) and from
// a static host: every feature works, the page fetches nothing but itself,
// nothing goes wrong in its console, it says who it is, and the browser
// refuses every way out that the page's code could try.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROME_ARGS, CHROME_PATH } from '../../scripts/chromium.mjs';
import { serve } from '../../scripts/serve.mjs';
import { releaseUnderTest } from '../lib/release.mjs';
import { act, downloadOf, expand, makeKey, openPgpLoaded, resultsDir } from './helpers.mjs';
import { checkMessage, playwrightDriver } from './fallback.mjs';

/** @typedef {import('node:net').AddressInfo} AddressInfo */
/** @typedef {import('playwright-core').ConsoleMessage} ConsoleMessage */

const ANNOUNCEMENT = 'On 24 July between 01:00 and 13:00 UTC we will be moving server NC018';
const MESSAGE = 'Carried on a USB stick, opened with no network.';
const PASSPHRASE = 'single file passphrase';

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {Awaited<ReturnType<typeof releaseUnderTest>>} */
let dist;
before(async () => {
  dist = await releaseUnderTest();
  browser = await chromium.launch({ executablePath: CHROME_PATH, args: CHROME_ARGS });
});
after(async () => {
  await browser?.close();
});

/**
 * Opens `url` in a fresh context and records every request, console
 * message and page error (the page's and its workers').
 * @param {string} url
 * @param {{ context?: import('playwright-core').BrowserContextOptions, ready?: boolean }} [options]
 */
async function openRelease(url, { context: options = {}, ready = true } = {}) {
  const context = await browser.newContext({ acceptDownloads: true, ...options });
  /** @type {{ requests: string[], problems: string[], console: string[] }} */
  const log = { requests: [], problems: [], console: [] };
  context.on('request', (request) => log.requests.push(request.url()));
  context.on('requestfailed', (request) => log.problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  const page = await context.newPage();
  /**
   * @param {{ on(event: 'console', listener: (message: ConsoleMessage) => void): unknown }} source
   *   the page or one of its workers
   * @param {string} where
   */
  const listen = (source, where) => {
    source.on('console', (message) => {
      log.console.push(`${where} ${message.type()}: ${message.text()}`);
      if (message.type() === 'error') log.problems.push(`${where} console error: ${message.text()}`);
    });
  };
  listen(page, 'page');
  page.on('worker', (worker) => listen(worker, 'worker'));
  page.on('pageerror', (error) => log.problems.push(`page error: ${error.message}`));
  await page.goto(url);
  if (ready) await page.waitForSelector('html[data-ready="true"]');
  return {
    page,
    context,
    log,
    /** Fails on any problem, and on any request but the file itself and what it made in memory. */
    check() {
      assert.deepEqual(log.problems, [], 'the page reported problems');
      const foreign = log.requests.filter((r) => r !== url && !r.startsWith('blob:') && !r.startsWith('data:'));
      assert.deepEqual(foreign, [], 'requests for anything but the file itself');
    },
    close: () => context.close(),
  };
}

const fileUrl = () => pathToFileURL(dist.file).href;

/**
 * The maintenance-times flow for the seed announcement, with its .ics download.
 * @param {import('playwright-core').Page} page
 */
async function times(page) {
  await page.fill('#times-text', ANNOUNCEMENT);
  await page.locator('#times-result').waitFor({ state: 'visible' });
  assert.equal(await page.inputValue('#times-start'), '01:00');
  assert.equal(await page.inputValue('#times-end'), '13:00');
  assert.ok((await page.locator('#times-rows tr').count()) >= 1, 'the zone table is shown');
  assert.equal(await page.textContent('#times-error'), '');
  const ics = await downloadOf(page, () => page.click('#times-ics'));
  assert.match(ics.name, /\.ics$/);
  assert.match(ics.text, /^BEGIN:VCALENDAR\r\n/);
  assert.match(ics.text, /\r\nDTSTART:\d{4}0724T010000Z\r\nDTEND:\d{4}0724T130000Z\r\n/);
}

/**
 * Makes a Curve25519 key, encrypts and signs to it, downloads the .asc, decrypts and checks the signature.
 * @param {import('playwright-core').Page} page
 */
async function roundTrip(page) {
  const me = await makeKey(page, { name: 'Uma USB', email: 'uma@example.org', passphrase: PASSPHRASE });
  assert.match(me.secretKey, /^-----BEGIN PGP PRIVATE KEY BLOCK-----/);
  assert.match(me.revocation, /-----BEGIN PGP/);
  const pub = await downloadOf(page, () => page.click('#key-download-public'));
  assert.equal(pub.text.trim(), me.publicKey.trim());

  await page.click('#key-use-recipient');
  await page.locator('#recipient-list > li').first().waitFor();
  await page.click('#tab-seal');
  await page.fill('#seal-message', MESSAGE);
  await expand(page, '#seal-sign-box');
  await page.fill('#seal-sign-key', me.secretKey);
  await page.fill('#seal-sign-passphrase', PASSPHRASE);
  await act(page, '#seal-button', 'panel-seal');
  assert.equal(await page.textContent('#seal-alert'), '');
  const sealed = await page.inputValue('#seal-output');
  assert.match(sealed, /^-----BEGIN PGP MESSAGE-----/);
  const asc = await downloadOf(page, () => page.click('#seal-download'));
  assert.match(asc.name, /\.asc$/);
  assert.equal(asc.text, sealed);

  await page.click('#tab-open');
  await page.check('input[name="open-mode"][value="decrypt"]');
  await page.fill('#open-message', sealed);
  await page.fill('#open-key', me.secretKey);
  await page.fill('#open-passphrase', PASSPHRASE);
  await page.fill('#open-certs', me.publicKey);
  await act(page, '#open-button', 'panel-open');
  assert.equal(await page.textContent('#open-alert'), '');
  assert.equal(await page.inputValue('#open-output'), MESSAGE);
  assert.equal(await page.getAttribute('#open-verdict .verdict', 'data-status'), 'good');
}

test('opened from disk, every feature works, with no request but the file itself and no console error', async () => {
  const tab = await openRelease(fileUrl());
  try {
    await times(tab.page);
    await checkMessage(playwrightDriver(tab.page));
    await openPgpLoaded(tab.page);
    await roundTrip(tab.page);
    tab.check();
    assert.ok(tab.page.workers().length >= 1, 'the OpenPGP worker runs');
    assert.ok(tab.page.workers().every((w) => w.url().startsWith('blob:')), 'workers come from the file itself');
  } finally {
    await tab.close();
  }
});

test('served by any static host, it works the same and fetches only itself', async () => {
  const server = await serve(dist.dir, 0);
  const url = `http://127.0.0.1:${/** @type {AddressInfo} */ (server.address()).port}/${dist.name}`;
  const tab = await openRelease(url);
  try {
    await times(tab.page);
    await openPgpLoaded(tab.page);
    await roundTrip(tab.page);
    tab.check();
  } finally {
    await tab.close();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('it says who it is: version, commit, and the SHA-256 of its modules as in SHA256SUMS', async () => {
  const sums = Object.fromEntries(
    readFileSync(join(dist.dir, 'SHA256SUMS'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split('  ').reverse()),
  );
  await mkdir(resultsDir, { recursive: true });
  for (const width of [1280, 360]) {
    const tab = await openRelease(fileUrl(), { context: { viewport: { width, height: 900 }, colorScheme: 'light' } });
    const { page } = tab;
    try {
      const about = page.locator('#about');
      assert.equal(await about.getAttribute('data-mode'), 'release');
      assert.equal(await page.textContent('#about-version'), `Sealpost ${dist.record.version}, single file`);
      const source = /** @type {string} */ (await page.textContent('#about-source')); // an element's text
      assert.ok(dist.record.commit && source.includes(dist.record.commit), `the commit is shown: ${source}`);
      assert.match(source, /, \d{4}-\d{2}-\d{2}/);
      // Each item has its file and hash (www/identity.js): cast, not checked.
      const shown = await page.locator('#about-modules li').evaluateAll((items) =>
        items.map((li) => [
          /** @type {string} */ (li.dataset.file),
          /** @type {Element} */ (li.querySelector('.hash')).textContent,
        ]),
      );
      assert.ok(shown.length >= 2, 'every module is listed');
      for (const [file, hash] of shown) {
        assert.equal(hash, sums[file], `${file}: the page shows the line of SHA256SUMS`);
        assert.equal(hash, createHash('sha256').update(readFileSync(join(dist.dir, file))).digest('hex'), `${file}: the hash of the module`);
      }
      const commands = await page.locator('#about-release code[data-command]').allTextContents();
      assert.deepEqual(commands, [`sha256sum ${dist.name}`, `shasum -a 256 ${dist.name}`, `certutil -hashfile ${dist.name} SHA256`]);
      assert.ok(await page.locator('#about-release').isVisible());
      assert.ok(await page.locator('#about-hosted').isHidden());
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the page scrolls sideways at ${width} px by ${overflow} px`);
      await about.screenshot({ path: join(resultsDir, `release-about-${width}.png`) });
      tab.check();
    } finally {
      await tab.close();
    }
  }
});

/**
 * Where `tryToLeave` goes, and whether it runs in a worker.
 * @typedef {{ target: string, inWorker: boolean }} Way
 */

/**
 * Tries every way out from the page or a worker, at `target`; resolves to `{ results, violations }`.
 * @param {{ evaluate<R>(fn: (arg: Way) => R, arg: Way): Promise<Awaited<R>> }} scope
 *   the page or one of its workers
 * @param {string} target
 * @param {boolean} inWorker
 */
async function tryToLeave(scope, target, inWorker) {
  return scope.evaluate(
    async ({ target, inWorker }) => {
      /** @type {string[]} */
      const violations = [];
      self.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
      /**
       * @param {() => string | Promise<string>} fn
       * @returns {Promise<string>} what came of it, or the name of what it threw
       */
      const attempt = async (fn) => {
        try {
          return await fn();
        } catch (thrown) {
          const e = /** @type {Error} */ (thrown);
          return e.name;
        }
      };
      /** @type {Record<string, string>} */
      const results = {
        fetch: await attempt(() => fetch(target).then(() => 'sent')),
        fetchItself: await attempt(() => fetch(location.href).then(() => 'sent')),
        fetchData: await attempt(() => fetch('data:text/plain,x').then(() => 'sent')),
        xhr: await attempt(
          () =>
            new Promise((resolve) => {
              const xhr = new XMLHttpRequest();
              xhr.open('POST', target);
              xhr.onload = () => resolve('sent');
              xhr.onerror = () => resolve('error');
              xhr.send('secret');
            }),
        ),
        websocket: await attempt(
          () =>
            new Promise((resolve) => {
              const ws = new WebSocket(target.replace(/^http/, 'ws'));
              ws.onopen = () => resolve('open');
              ws.onerror = () => resolve('error');
            }),
        ),
        eventSource: await attempt(
          () =>
            new Promise((resolve) => {
              const source = new EventSource(target);
              source.onopen = () => resolve('open');
              source.onerror = () => {
                source.close();
                resolve('error');
              };
            }),
        ),
      };
      if (inWorker) {
        results.importScripts = await attempt(() => {
          // A worker's global (the page's types describe a window).
          /** @type {{ importScripts(url: string): void }} */ (/** @type {unknown} */ (globalThis)).importScripts(`${target}x.js`);
          return 'ran';
        });
      } else {
        results.beacon = await attempt(() => (navigator.sendBeacon(`${target}beacon`, 'secret') ? 'queued' : 'refused'));
        results.image = await attempt(
          () =>
            new Promise((resolve) => {
              const image = new Image();
              image.onload = () => resolve('loaded');
              image.onerror = () => resolve('error');
              image.src = `${target}x.png`;
            }),
        );
        results.script = await attempt(() => import(`${target}x.js`).then(() => 'ran'));
        results.stylesheet = await attempt(
          () =>
            new Promise((resolve) => {
              const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: `${target}x.css` });
              link.onload = () => resolve('loaded');
              link.onerror = () => resolve('error');
              document.head.append(link);
            }),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { results, violations };
    },
    { target, inWorker },
  );
}

test('the browser refuses every way out, in the page and in its worker: nothing reaches a listening server', async () => {
  /** @type {string[]} */
  const hits = [];
  const listener = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*' }).end('reached');
  });
  await new Promise((resolve) => listener.listen(0, '127.0.0.1', () => resolve(undefined)));
  const target = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (listener.address()).port}/`;
  const tab = await openRelease(fileUrl());
  try {
    await openPgpLoaded(tab.page);
    const page = await tryToLeave(tab.page, target, false);
    const worker = await tryToLeave(tab.page.workers()[0], target, true);
    // A beacon is queued at once and refused later: give it time to arrive, if it could.
    await tab.page.waitForTimeout(1000);
    assert.deepEqual(hits, [], 'the listening server was reached');
    for (const [where, { results }] of Object.entries({ page, worker })) {
      for (const [how, result] of Object.entries(results)) {
        if (how === 'beacon') continue;
        assert.ok(['TypeError', 'NetworkError', 'SecurityError', 'error'].includes(result), `${where}: ${how} was not refused: ${result}`);
      }
    }
    assert.equal(page.results.fetch, 'TypeError');
    assert.equal(worker.results.fetch, 'TypeError');
    for (const directive of ['connect-src', 'img-src', 'script-src-elem', 'style-src-elem']) {
      assert.ok(page.violations.includes(directive), `the page's policy refused by ${directive}: ${page.violations}`);
    }
    assert.ok(worker.violations.includes('connect-src'), `the worker's policy (the page's) refused by connect-src: ${worker.violations}`);
    // What the console shows are the browser's refusals, nothing else.
    for (const problem of tab.log.problems) assert.match(problem, /^request failed: .* \(csp\)$|Content Security Policy|Refused to/, problem);
  } finally {
    await tab.close();
    await new Promise((resolve) => listener.close(resolve));
  }
});
