// The single-file release in Firefox ESR (Tor Browser is built on it),
// opened from disk, as it is and at Tor Browser's "Safer" level (no
// WebAssembly, no JIT: the file runs the JavaScript build it carries):
// maintenance times and their .ics, a Cv25519 key, a message sealed to it
// (and its .asc) and opened again, no request but the file itself, no
// console error; and a fetch() from the page or its worker is refused by the
// file's policy, with a listening server hearing nothing.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { launchFirefox } from '../../scripts/firefox.mjs';
import { releaseUnderTest } from '../lib/release.mjs';
import { checkMessage, checkTimes, downloadFolder, downloadPrefs, engineOf, makeKey, puppeteerDriver, roundTrip } from './fallback.mjs';

/** @typedef {import('node:net').AddressInfo} AddressInfo */

/** @type {Awaited<ReturnType<typeof releaseUnderTest>>} */
let dist;
/** @type {import('node:http').Server} */
let listener;
/** @type {string[]} */
const hits = [];
before(async () => {
  dist = await releaseUnderTest();
  listener = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*' }).end('reached');
  });
  // A promise of nothing: its resolve may be called with no value, as listen() calls it.
  await /** @type {Promise<void>} */ (new Promise((resolve) => listener.listen(0, '127.0.0.1', resolve)));
});
after(() => new Promise((resolve) => listener?.close(resolve)));

/**
 * fetch() of `target` from the page and from its worker: what each got.
 * @param {import('puppeteer-core').Page} page
 * @param {string} target
 */
async function fetchFromInside(page, target) {
  return page.evaluate(async (url) => {
    const attempt = () =>
      fetch(url).then(
        () => 'sent',
        (e) => e.name,
      );
    const fromPage = await attempt();
    // A worker of the file's own, like the OpenPGP worker: from a blob: URL, under the page's policy.
    const source = `fetch(${JSON.stringify(url)}).then(() => postMessage('sent'), (e) => postMessage(e.name));`;
    const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
    const fromWorker = await new Promise((resolve) => {
      worker.onmessage = (e) => resolve(e.data);
      worker.onerror = () => resolve('worker error');
    });
    worker.terminate();
    return { fromPage, fromWorker };
  }, target);
}

for (const safer of [false, true]) {
  describe(safer ? 'the single file in Firefox ESR at Tor Browser\'s "Safer" level' : 'the single file in Firefox ESR', () => {
    /** @type {import('puppeteer-core').Browser} */
    let browser;
    /** @type {Awaited<ReturnType<typeof downloadFolder>>} */
    let downloads;
    before(async () => {
      downloads = await downloadFolder();
      browser = await launchFirefox({ safer, prefs: downloadPrefs(downloads.dir) });
    });
    after(async () => {
      await browser?.close();
      await downloads?.remove();
    });

    test('opened from disk: times, .ics, a key, a sealed (.asc) and opened message; only itself; no console error', { timeout: 600_000 }, async () => {
      const page = await browser.newPage();
      const url = pathToFileURL(dist.file).href;
      /** @type {string[]} */
      const requests = [];
      /** @type {string[]} */
      const problems = [];
      page.on('request', (request) => requests.push(request.url()));
      page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
      page.on('console', (message) => message.type() === 'error' && problems.push(`console error: ${message.text()}`));
      // What the page throws: puppeteer's types allow anything, and it passes an Error.
      page.on('pageerror', (error) => problems.push(`page error: ${/** @type {Error} */ (error).message}`));
      try {
        await page.goto(url);
        await page.waitForSelector('html[data-ready="true"]', { timeout: 120_000 });
        const d = puppeteerDriver(page, downloads.dir);
        const mode = await engineOf(d);
        assert.equal(mode.engine, safer ? 'javascript' : 'webassembly');
        if (safer) {
          assert.match(/** @type {string} */ (mode.notice), /slower mode/);
          assert.equal(mode.rsaOffered, false, 'RSA keys are not offered in the slower mode');
        }
        // #about and #about-engine are in the page's HTML: cast, not checked.
        assert.equal(await page.evaluate(() => /** @type {HTMLElement} */ (document.getElementById('about')).dataset.mode), 'release');
        assert.equal(await page.evaluate(() => /** @type {HTMLElement} */ (document.getElementById('about-engine')).hidden), !safer, '"This copy" says which build runs');

        await checkTimes(d);

        await checkMessage(d);
        const passphrase = 'a key carried on a stick';
        const key = await makeKey(d, { name: 'Uma USB', email: 'uma@example.org', passphrase });
        await roundTrip(d, key, passphrase);
        await d.click('#tab-seal');
        const asc = await d.download(() => d.click('#seal-download'));
        assert.match(asc.name, /\.asc$/);
        assert.equal(asc.text, await page.evaluate(() => /** @type {HTMLInputElement} */ (document.getElementById('seal-output')).value));

        assert.deepEqual(problems, [], 'the page reported problems');
        // Firefox loads a font of its own from a data: URL; workers come from blob: URLs.
        const foreign = requests.filter((r) => r !== url && !r.startsWith('blob:') && !r.startsWith('data:'));
        assert.deepEqual(foreign, [], 'requests for anything but the file itself');

        // listening on a TCP port, so its address is an AddressInfo
        const target = `http://127.0.0.1:${/** @type {AddressInfo} */ (listener.address()).port}/`;
        assert.deepEqual(await fetchFromInside(page, target), { fromPage: 'TypeError', fromWorker: 'TypeError' });
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.deepEqual(hits, [], 'the listening server was reached');
      } finally {
        await page.close();
      }
    });
  });
}
