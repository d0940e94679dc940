// The hosted page in Firefox ESR (Tor Browser is built on it), as it is and
// at Tor Browser's "Safer" security level (no WebAssembly, no JIT), where
// the page runs its JavaScript build: maintenance times and their .ics, a
// Cv25519 key made in the page, a message sealed to it and opened again,
// one sealed and opened with a password (and at Safer, costly Argon2 refused),
// no request but the page's own files, and no console error.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchFirefox } from '../../scripts/firefox.mjs';
import { serve } from '../../scripts/serve.mjs';
import { checkArgon2, checkMessage, checkRefusal, checkTimes, downloadFolder, downloadPrefs, engineOf, makeKey, passwordRoundTrip, puppeteerDriver, roundTrip } from './fallback.mjs';
import { JS_BUILD_FILES, PAGE_FILES, wwwDir } from './helpers.mjs';

/** @type {import('node:http').Server} */
let server;
/** @type {string} */
let origin;
before(async () => {
  server = await serve(wwwDir, 0);
  // listening on a TCP port, so its address is an AddressInfo
  origin = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
});
after(() => new Promise((resolve) => server?.close(resolve)));

for (const safer of [false, true]) {
  describe(safer ? 'Firefox ESR at Tor Browser\'s "Safer" level' : 'Firefox ESR', () => {
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

    test('times, .ics, a key, a sealed and opened message; only the page\'s files; no console error', { timeout: 600_000 }, async () => {
      const page = await browser.newPage();
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
        await page.goto(`${origin}/`);
        await page.waitForSelector('html[data-ready="true"]', { timeout: 120_000 });
        const d = puppeteerDriver(page, downloads.dir);

        const mode = await engineOf(d);
        if (safer) {
          assert.equal(mode.engine, 'javascript');
          assert.match(/** @type {string} */ (mode.notice), /slower mode/);
          assert.match(/** @type {string} */ (mode.notice), /WebAssembly turned off/);
          assert.match(
            /** @type {string} */ (mode.notice),
            /Tor Browser, the "Safer" security level turns WebAssembly off/,
          );
          assert.match(/** @type {string} */ (mode.notice), /"Standard" level brings the fast mode back/);
          assert.equal(mode.rsaOffered, false, 'RSA keys are not offered in the slower mode');
          await checkRefusal(d);
        } else {
          assert.equal(mode.engine, 'webassembly');
          assert.equal(mode.notice, null);
          assert.equal(mode.rsaOffered, true);
        }

        await checkTimes(d);

        await checkMessage(d);
        // With and without WebAssembly alike: the slower mode derives the passphrase key with WebCrypto.
        const passphrase = 'purple mountain quietly sings';
        const key = await makeKey(d, { name: 'Alice Example', email: 'alice@example.org', passphrase });
        await roundTrip(d, key, passphrase);
        // And a message password, derived the same way; Argon2 only when cheap.
        await passwordRoundTrip(d);
        if (safer) await checkArgon2(d);

        assert.deepEqual(problems, [], 'the page reported problems');
        assert.ok(requests.length > 0);
        for (const url of requests) {
          const u = new URL(url);
          // Firefox loads a font of its own from a data: URL; nothing leaves the browser.
          if (u.protocol === 'data:') continue;
          assert.equal(u.origin, origin, `request left the test server: ${url}`);
          const allowed = safer ? PAGE_FILES.has(u.pathname) || JS_BUILD_FILES.has(u.pathname) : PAGE_FILES.has(u.pathname);
          assert.ok(allowed, `request for a file that is not the page's own: ${url}`);
          if (safer) assert.ok(!u.pathname.endsWith('.wasm'), `fetched ${url} without WebAssembly`);
        }
        if (safer) assert.ok(requests.some((u) => u.endsWith('/pkg/sealpost_pgp_bg.wasm.js')), 'the OpenPGP worker loaded the JavaScript build');
      } finally {
        await page.close();
      }
    });
  });
}
