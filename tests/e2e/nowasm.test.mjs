// The page in Chromium with WebAssembly deleted, in the page and in its
// OpenPGP worker, before any of their scripts run (Chromium ignores
// --noexpose-wasm): it runs its JavaScript build, says so, and does the
// same work: maintenance times and their .ics, a checked bounce, a key, a sealed and opened
// message, one sealed and opened with a password, Argon2 refused above its cost; it fetches no .wasm, nothing but its own files, and logs no error.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkArgon2, checkMessage, checkRefusal, checkTimes, engineOf, makeKey, passwordRoundTrip, playwrightDriver, roundTrip } from './fallback.mjs';
import { open, start } from './helpers.mjs';

const DELETE_WASM = 'delete globalThis.WebAssembly;';

/** @type {import('./helpers.mjs').Env} */
let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

/** Opens the page with WebAssembly removed from it and from every worker script it starts. */
function openWithoutWasm() {
  return open(env, {
    init: DELETE_WASM,
    prepare: (context) =>
      context.route('**/pgp-worker.js', async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, body: `${DELETE_WASM}\n${await response.text()}` });
      }),
  });
}

test('without WebAssembly the page runs its JavaScript build, says so, and works', { timeout: 300_000 }, async () => {
  const tab = await openWithoutWasm();
  try {
    const d = playwrightDriver(tab.page);
    const mode = await engineOf(d);
    assert.equal(mode.engine, 'javascript');
    assert.match(/** @type {string} */ (mode.notice), /slower mode/);
    assert.match(/** @type {string} */ (mode.notice), /"Standard" level brings the fast mode back/);
    assert.equal(mode.rsaOffered, false);
    assert.match(
      /** @type {string} */ (await tab.page.textContent('#build-info')),
      /slower mode \(no WebAssembly\)/,
    );
    await checkRefusal(d);
    await checkTimes(d);
    await checkMessage(d);
    const key = await makeKey(d, { name: 'Alice Example', email: 'alice@example.org', passphrase: 'a passphrase without wasm' });
    await roundTrip(d, key, 'a passphrase without wasm');
    await passwordRoundTrip(d);
    await checkArgon2(d);
    const worker = await tab.page.evaluate(() => fetch('./pgp-worker.js').then((r) => r.text()));
    assert.ok(worker.startsWith(DELETE_WASM), 'the worker script that ran had WebAssembly removed');
    assert.ok(tab.log.requests.some((u) => u.endsWith('/pkg/sealpost_pgp_bg.wasm.js')), 'the worker loaded the JavaScript build');
    assert.ok(tab.log.requests.some((u) => u.endsWith('/pkg/sealpost_mail_bg.wasm.js')), 'Check a message loaded the JavaScript build of the mail module');
    tab.check({ javascript: true });
  } finally {
    await tab.close();
  }
});

test('with WebAssembly the page never fetches the JavaScript build', async () => {
  const tab = await open(env);
  try {
    assert.equal(await tab.page.evaluate(() => document.documentElement.dataset.engine), 'webassembly');
    assert.equal(await tab.page.locator('#slow-note').count(), 0);
    await tab.page.fill('#times-text', 'On 24 July between 01:00 and 13:00 UTC we will be moving server NC018');
    await tab.page.locator('#times-result').waitFor({ state: 'visible' });
    await tab.page.locator('html[data-pgp="ready"]').waitFor({ state: 'attached' });
    tab.check();
  } finally {
    await tab.close();
  }
});

test('where the security policy refuses WebAssembly, the page runs the JavaScript build and says why', async () => {
  const tab = await open(env, {
    prepare: (context) =>
      context.route('**/', async (route) => {
        const response = await route.fetch();
        const html = (await response.text()).replace(" 'wasm-unsafe-eval'", '');
        await route.fulfill({ response, body: html });
      }),
  });
  try {
    const { page } = tab;
    assert.equal(await page.evaluate(async () => (await import('./sealpost.js')).engine().reason), 'webassembly-refused');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.engine), 'javascript');
    assert.match(
      /** @type {string} */ (await page.textContent('#slow-note')),
      /refuses to run WebAssembly on this page/,
    );
    await page.fill('#times-text', 'On 24 July between 01:00 and 13:00 UTC we will be moving server NC018');
    await page.locator('#times-result').waitFor({ state: 'visible' });
    // The browser reports each refused compilation as a policy violation; nothing else may fail.
    const others = tab.log.problems.filter((p) => !/wasm-unsafe-eval|WebAssembly/.test(p));
    assert.deepEqual(others, []);
  } finally {
    await tab.close();
  }
});
