// The page loads cleanly, declares its security policy, says which time
// zone database it carries, loads OpenPGP only after it is ready (and never
// makes the maintenance view wait for it), looks right at two sizes, and
// tells people plainly when the browser cannot run it.
import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SECRET_FIELDS, open, openPgpLoaded, resultsDir, root, start } from './helpers.mjs';

const POLICY =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; connect-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'none'";

/** @type {import('./helpers.mjs').Env} */
let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

test('the page loads with no errors, no foreign requests, and shows its tzdb', async () => {
  const tab = await open(env);
  const { page } = tab;
  try {
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.equal(policy, POLICY);
    assert.equal(await page.locator('meta[name="referrer"]').getAttribute('content'), 'no-referrer');

    const info = await page.evaluate(async () => (await import('./sealpost.js')).buildInfo());
    assert.match(/** @type {string} */ (info.tzdb), /^\d{4}[a-z]$/, `tzdb version: ${info.tzdb}`);
    const shown = page.locator('#build-info');
    assert.match(
      /** @type {string} */ (await shown.textContent()),
      new RegExp(`Time zone database ${info.tzdb}\\b`),
    );

    assert.equal(
      await page.locator('h1').textContent().then((t) => /** @type {string} */ (t).trim()),
      'Sealpost',
    );
    assert.match(
      /** @type {string} */ (await page.locator('.tagline').textContent()),
      /Everything happens in this browser tab; nothing is sent anywhere\./,
    );
    assert.ok(await page.locator('#banner').isHidden(), 'no error banner on a good load');
    assert.ok(await page.locator('#boot-note').count() === 0, 'the start-up note is gone');
    assert.ok(await page.locator('#seal-title').isVisible());
    assert.ok(await page.locator('#times-title').isVisible());

    // Every control has an accessible name.
    const unnamed = await page.evaluate(() =>
      [.../** @type {NodeListOf<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | HTMLButtonElement>} */ (document.querySelectorAll('input:not([type=hidden]), textarea, select, button'))]
        .filter((c) => !c.closest('[hidden]') && !(c.labels?.length || c.getAttribute('aria-label') || c.getAttribute('aria-labelledby') || (c.tagName === 'BUTTON' && c.textContent.trim())))
        .map((c) => c.id || c.outerHTML.slice(0, 60)),
    );
    assert.deepEqual(unnamed, []);

    // Secret fields: no autocomplete, spell check or capitalisation; passphrases masked.
    for (const id of SECRET_FIELDS) {
      const attrs = await page
        .locator(`#${id}`)
        .evaluate((/** @type {HTMLInputElement | HTMLTextAreaElement} */ f) => [
          f.type,
          f.autocomplete,
          f.spellcheck,
          f.getAttribute('autocapitalize'),
        ]);
      const type = id.endsWith('-key') ? 'textarea' : 'password';
      assert.deepEqual(attrs, [type, 'off', false, 'off'], `#${id}`);
    }
    assert.equal(
      await page.locator('#seal-message').evaluate((/** @type {HTMLTextAreaElement} */ f) => f.spellcheck),
      false,
      'no online spell check of the message',
    );

    // The tabs work from the keyboard.
    await page.focus('#tab-seal');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'tab-open');
    assert.equal(await page.getAttribute('#tab-open', 'aria-selected'), 'true');
    assert.ok(await page.locator('#panel-open').isVisible());
    assert.ok(await page.locator('#panel-seal').isHidden());
    await page.keyboard.press('End');
    assert.ok(await page.locator('#panel-key').isVisible());
    await page.keyboard.press('ArrowRight');
    assert.ok(await page.locator('#panel-seal').isVisible(), 'the arrows wrap around');

    // OpenPGP is loaded after the page is ready, in the background, by the worker, once.
    await openPgpLoaded(page);
    assert.match(/** @type {string} */ (await page.textContent('#pgp-status')), /OpenPGP part is loaded/);
    tab.check();
    const loaded = tab.log.requests.map((u) => new URL(u).pathname);
    const windowAt = loaded.indexOf('/pkg/sealpost_window_bg.wasm');
    const pgpAt = loaded.indexOf('/pkg/sealpost_pgp_bg.wasm');
    assert.ok(windowAt >= 0, 'the maintenance-times module is loaded');
    assert.ok(pgpAt > windowAt, 'the OpenPGP module comes after the maintenance-times module');
    assert.equal(loaded.filter((path) => path === '/pkg/sealpost_pgp_bg.wasm').length, 1, 'the OpenPGP module is fetched once (the spare worker gets it from the first)');
    /** @param {{ evaluate<R>(fn: () => R): Promise<R> }} scope the page or one of its workers */
    const fetched = (scope) => scope.evaluate(() => performance.getEntriesByType('resource').map((e) => ({ path: new URL(e.name).pathname, at: performance.timeOrigin + e.startTime })));
    const inPage = await fetched(page);
    assert.ok(!inPage.some((e) => e.path === '/pkg/sealpost_pgp_bg.wasm'), 'the page itself never fetches the OpenPGP module');
    const ready = await page.evaluate(() => performance.timeOrigin + performance.getEntriesByName('sealpost-ready')[0].startTime);
    const byWorkers = (await Promise.all(page.workers().map(fetched))).flat().filter((e) => e.path === '/pkg/sealpost_pgp_bg.wasm');
    assert.equal(byWorkers.length, 1, 'one worker fetched the OpenPGP module');
    assert.ok(byWorkers[0].at >= ready, 'the OpenPGP module is fetched only after the page is ready');
  } finally {
    await tab.close();
  }
});

test('the maintenance view never waits for OpenPGP: it works while the OpenPGP module is held back', async () => {
  /** @type {(value?: unknown) => void} */
  let requested;
  const seen = new Promise((resolve) => {
    requested = resolve;
  });
  /** @type {(value?: unknown) => void} */
  let release = /** @type {never} */ (undefined); // set at once by the executor below, unseen by tsc
  const held = new Promise((resolve) => {
    release = resolve;
  });
  const tab = await open(env, {
    prepare: (context) =>
      context.route('**/pkg/sealpost_pgp_bg.wasm', async (route) => {
        requested();
        await held;
        await route.continue();
      }),
  });
  const { page } = tab;
  try {
    await seen;
    assert.equal(await page.getAttribute('html', 'data-pgp'), 'loading');
    await page.fill('#times-text', 'On 24 July between 01:00 and 13:00 UTC we will be moving server NC018');
    await page.locator('#times-result').waitFor({ state: 'visible' });
    assert.equal(await page.inputValue('#times-start'), '01:00');
    assert.ok((await page.locator('#times-rows tr').count()) >= 1, 'the zone table is shown');
    assert.equal(await page.getAttribute('html', 'data-pgp'), 'loading', 'OpenPGP was still loading all along');
    release();
    await openPgpLoaded(page);
    tab.check();
  } finally {
    release();
    await tab.close();
  }
});

// What bench/size.mjs counts as the maintenance view's first load: the seal,
// open and key sections' code comes after the view works, never before it.
test('the maintenance view works before the code of the other sections is fetched', async () => {
  const later = ['/seal.js', '/mykey.js', '/pgp-pool.js', '/identity.js'];
  /** @type {(value?: unknown) => void} */
  let release = /** @type {never} */ (undefined); // set at once by the executor below, unseen by tsc
  const held = new Promise((resolve) => {
    release = resolve;
  });
  const tab = await open(env, {
    ready: false,
    prepare: (context) =>
      context.route('**/seal.js', async (route) => {
        await held;
        await route.continue();
      }),
  });
  const { page } = tab;
  try {
    await page.waitForSelector('html[data-times="ready"]');
    await page.fill('#times-text', 'On 24 July between 01:00 and 13:00 UTC we will be moving server NC018');
    await page.locator('#times-result').waitFor({ state: 'visible' });
    assert.equal(await page.inputValue('#times-start'), '01:00');
    const before = tab.log.requests.map((u) => new URL(u).pathname);
    assert.ok(before.includes('/pkg/sealpost_window_bg.wasm'), 'the maintenance-times module is loaded');
    assert.deepEqual(
      before.filter((path) => path === '/mykey.js' || path === '/pgp-pool.js'),
      [],
      'nothing seal.js imports is fetched before the view works',
    );
    assert.equal(await page.getAttribute('html', 'data-ready'), null, 'the page is not ready without the seal section');
    release();
    await page.waitForSelector('html[data-ready="true"]');
    const after = tab.log.requests.map((u) => new URL(u).pathname);
    for (const path of later) assert.ok(after.includes(path), `${path} is loaded once the view works`);
    tab.check();
  } finally {
    release();
    await tab.close();
  }
});

test('screenshots at 1280x900 and 360x800', async () => {
  await mkdir(resultsDir, { recursive: true });
  for (const [width, height] of [
    [1280, 900],
    [360, 800],
  ]) {
    const tab = await open(env, { context: { viewport: { width, height }, colorScheme: 'light' } });
    try {
      const file = join(resultsDir, `page-${width}.png`);
      await tab.page.screenshot({ path: file });
      await tab.page.screenshot({ path: join(resultsDir, `page-${width}-full.png`), fullPage: true });
      const overflow = await tab.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the page scrolls sideways at ${width} px by ${overflow} px`);
      const docs = join(root, 'docs', width === 1280 ? 'screenshot.png' : `screenshot-${width}.png`);
      if (process.env.UPDATE_SCREENSHOT === '1' || !existsSync(docs)) {
        await mkdir(join(root, 'docs'), { recursive: true });
        await copyFile(file, docs);
      }
      tab.check();
    } finally {
      await tab.close();
    }
  }
});

// See: the page used to stop without WebAssembly; it now runs its JavaScript
// build there (nowasm.test.mjs and firefox.test.mjs test its work).
test('without WebAssembly the page says plainly that it runs in a slower mode, and keeps working', async () => {
  const tab = await open(env, {
    init: () => {
      // globalThis declares WebAssembly as always there; this page is to run without it.
      delete /** @type {{ WebAssembly?: unknown }} */ (globalThis).WebAssembly;
    },
    prepare: (context) =>
      context.route('**/pgp-worker.js', async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, body: `delete globalThis.WebAssembly;\n${await response.text()}` });
      }),
  });
  const { page } = tab;
  try {
    const note = page.locator('#slow-note');
    await note.waitFor({ state: 'visible' });
    assert.match(
      /** @type {string} */ (await note.textContent()),
      /slower mode.*WebAssembly turned off.*Tor Browser/s,
    );
    assert.equal(await page.locator('#banner').isVisible(), false, 'no failure banner');
    assert.equal(await page.locator('#seal').evaluate((/** @type {HTMLElement} */ s) => s.inert), false);
    assert.equal(await page.locator('#times').evaluate((/** @type {HTMLElement} */ s) => s.inert), false);
    tab.check({ javascript: true });
  } finally {
    await tab.close();
  }
});

test('a module that is not the one built gives a banner, not a blank page', async () => {
  const tab = await open(env, {
    prepare: (context) =>
      context.route('**/pkg/sealpost_window_bg.wasm', (r) => r.fulfill({ status: 200, contentType: 'application/wasm', body: Buffer.from('not wasm') })),
    ready: false,
  });
  const { page } = tab;
  try {
    const banner = page.locator('#banner');
    await banner.waitFor({ state: 'visible' });
    const said = /** @type {string} */ (await banner.textContent()); // an element's text: never null
    assert.match(said, /Sealpost could not start\..*The time zone part of Sealpost could not be loaded.*sealpost_window_bg\.wasm could not be fetched, or it is not the file this page was built with.*Reload the page/s);
    assert.doesNotMatch(said, /window module|pgp module|Sealpost module/, 'no internal words');
    // The browser refused it by its integrity, and said so; nothing else went wrong.
    assert.ok(tab.log.problems.length > 0);
    for (const problem of tab.log.problems) assert.match(problem, /^console error: .*(integrity|SRI)/, problem);
  } finally {
    await tab.close();
  }
});
