// The hosted page, tightened: its policy, sent as a header too, binds the
// worker (which gets no <meta>), so the worker cannot reach another origin;
// a changed OpenPGP module is refused by its integrity inside the worker,
// and the page says so; and "This copy" lists the modules' real hashes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { act, open, openPgpLoaded, start, wwwDir } from './helpers.mjs';

/** @type {import('./helpers.mjs').Env} */
let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

test('every file is served with the page’s policy, which binds the worker: it cannot reach another origin', async () => {
  /** @type {(string | undefined)[]} */
  const hits = [];
  const listener = createServer((req, res) => {
    hits.push(req.url);
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*' }).end('reached');
  });
  await new Promise((resolve) => listener.listen(0, '127.0.0.1', () => resolve(undefined)));
  const tab = await open(env);
  try {
    const meta = await tab.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    for (const file of ['/', '/pgp-worker.js', '/sealpost.js', '/pkg/sealpost_pgp_bg.wasm']) {
      const response = await fetch(env.origin + file);
      assert.equal(response.headers.get('content-security-policy'), `${meta}; frame-ancestors 'none'`, file);
    }
    await openPgpLoaded(tab.page);
    const worker = tab.page.workers()[0];
    const target = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (listener.address()).port}/`;
    const result = await worker.evaluate(async (url) => {
      /** @type {string[]} */
      const violations = [];
      self.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
      const outcome = await fetch(url).then(
        () => 'sent',
        (e) => e.name,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { outcome, violations };
    }, target);
    assert.equal(result.outcome, 'TypeError');
    assert.deepEqual(result.violations, ['connect-src']);
    assert.deepEqual(hits, [], 'the listening server was reached');
  } finally {
    await tab.close();
    await new Promise((resolve) => listener.close(resolve));
  }
});

test('a changed OpenPGP module is refused in the worker, and the page says so', async () => {
  const changed = readFileSync(join(wwwDir, 'pkg', 'sealpost_pgp_bg.wasm'));
  changed[changed.length - 1] ^= 1;
  const tab = await open(env, {
    prepare: (context) => context.route('**/pkg/sealpost_pgp_bg.wasm', (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: changed })),
  });
  const { page } = tab;
  try {
    await page.locator('html[data-pgp="none"]').waitFor({ state: 'attached' });
    await page.click('#tab-key');
    await page.fill('#key-name', 'Refused');
    await page.fill('#key-passphrase', 'a passphrase for nothing');
    await page.fill('#key-passphrase2', 'a passphrase for nothing');
    await act(page, '#key-generate', 'panel-key');
    assert.equal(await page.getAttribute('#key-alert', 'data-code'), 'module-unavailable');
    assert.match(
      /** @type {string} */ (await page.textContent('#key-alert')),
      /could not be loaded, so nothing was done\. The file sealpost_pgp_bg\.wasm could not be fetched, or it is not the file this page was built with/,
    );
    assert.ok(await page.locator('#key-result').isHidden(), 'no key');
    tab.check();
  } finally {
    await tab.close();
  }
});

test('"This copy" on the hosted page lists each module with the SHA-256 it is fetched with', async () => {
  const tab = await open(env);
  const { page } = tab;
  try {
    assert.equal(await page.getAttribute('#about', 'data-mode'), 'hosted');
    assert.match(
      /** @type {string} */ (await page.textContent('#about-version')),
      /^Sealpost \d+\.\d+\.\d+$/,
    );
    // Each item has its file and hash (www/identity.js): cast, not checked.
    const shown = await page.locator('#about-modules li').evaluateAll((items) =>
      items.map((li) => [
        /** @type {string} */ (li.dataset.file),
        /** @type {Element} */ (li.querySelector('.hash')).textContent,
      ]),
    );
    assert.deepEqual(
      shown.map(([file]) => file),
      ['sealpost_mail_bg.wasm', 'sealpost_pgp_bg.wasm', 'sealpost_window_bg.wasm'],
    );
    for (const [file, hash] of shown) assert.equal(hash, createHash('sha256').update(readFileSync(join(wwwDir, 'pkg', file))).digest('hex'), file);
    assert.ok(await page.locator('#about-hosted').isVisible());
    assert.ok(await page.locator('#about-release').isHidden());
    assert.ok(await page.locator('#about-source').isHidden(), 'no commit is claimed');
    tab.check();
  } finally {
    await tab.close();
  }
});
