// Nothing leaves the tab: through every flow of the page (key generation,
// encrypting, decrypting, signing, checking a cleartext signature, reading
// an announcement, editing the fields, the calendar file, the Google
// Calendar link, copying the link and the table) the page fetches nothing
// after its load but its own lazily loaded worker and modules, from its own
// origin. With the network gone right after the page has loaded, the
// maintenance times still work; once the page has loaded OpenPGP in the
// background, every flow works offline, even after Cancel, which ends the
// busy worker and hands its work to a loaded spare.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { act, downloadOf, expand, makeKey, open, openPgpLoaded, root, start } from './helpers.mjs';

const ANNOUNCEMENT = 'On 24 July between 01:00 and 13:00 UTC we will be moving server NC018';
const MESSAGE = 'The printer in room 4 is being replaced on Thursday.';
const PASSPHRASE = 'network test passphrase';
const FILE_CERT = readFileSync(join(root, 'tests', 'data', 'pgp', 'keys', 'two_certs_concatenated.asc'));

/** @type {import('./helpers.mjs').Env} */
let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

/** Opens the page with clipboard access; `tab.sockets` lists any WebSocket it opens. */
async function openPage() {
  /** @type {string[]} */
  const sockets = [];
  const tab = await open(env, {
    prepare: async (context) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.origin });
      for (const page of context.pages()) page.on('websocket', (ws) => sockets.push(ws.url()));
    },
  });
  return Object.assign(tab, { sockets });
}

/**
 * Read, edit, add a zone, export, link and copy: the maintenance-times flows.
 * @param {import('playwright-core').Page} page
 */
async function windowFlows(page) {
  await page.fill('#times-text', ANNOUNCEMENT);
  await page.locator('#times-result').waitFor({ state: 'visible' });
  assert.equal(await page.inputValue('#times-start'), '01:00');
  assert.equal(await page.inputValue('#times-end'), '13:00');

  // Editing a field recomputes the window.
  await page.fill('#times-duration', '2 h');
  await page.waitForFunction(() => /** @type {HTMLInputElement} */ (document.getElementById('times-end')).value === '03:00');
  await page.fill('#times-add-zone', 'Asia/Tokyo');
  await page.click('#times-add-zone-button');
  await page.locator('#times-rows tr[data-zone="Asia/Tokyo"]').waitFor();
  await page.click('#times-show');
  await page.locator('#times-result').waitFor({ state: 'visible' });

  const ics = await downloadOf(page, () => page.click('#times-ics'));
  assert.match(ics.text, /^BEGIN:VCALENDAR\r\n/);
  assert.match(ics.text, /\r\nDTSTART:\d{8}T010000Z\r\nDTEND:\d{8}T030000Z\r\n/);

  // The Google Calendar link is made, and pointed at, but not followed.
  const gcal = page.locator('#times-gcal');
  assert.match(/** @type {string} */ (await gcal.getAttribute('href')), /^https:\/\/calendar\.google\.com\//);
  assert.deepEqual(
    /** @type {string} */ (await gcal.getAttribute('rel')).split(/\s+/).sort(),
    ['noopener', 'noreferrer'],
  );
  await gcal.hover();

  await page.click('#times-copy-link');
  await page.locator('#times-link-row').waitFor({ state: 'visible' });
  const link = await page.inputValue('#times-link');
  assert.ok(link.startsWith(`${page.url().split('#')[0]}#`), `a link to this page: ${link}`);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);

  await page.click('#times-copy-table');
  // The status still says "Copied." from the link: wait for the table itself.
  await page.waitForFunction(async () => /JST/.test(await navigator.clipboard.readText()));
  assert.equal(await page.textContent('#times-error'), '');
}

/**
 * Make a key, add recipients, encrypt, sign, check the signature, decrypt: the OpenPGP flows.
 * @param {import('playwright-core').Page} page
 */
async function pgpFlows(page) {
  const me = await makeKey(page, { name: 'Nadia Network', email: 'nadia@example.org', passphrase: PASSPHRASE });
  await downloadOf(page, () => page.click('#key-download-public'));
  await page.click('#key-copy-public');
  await page.locator('#key-copy-status', { hasText: 'Copied' }).waitFor();

  // Recipients: the new key, and two from a key file.
  await page.click('#key-use-recipient');
  await page.locator(`#recipient-list li[data-fingerprint="${me.fingerprint.replaceAll(' ', '')}"]`).waitFor();
  await page.setInputFiles('#recipient-file', { name: 'friends.asc', mimeType: 'application/pgp-keys', buffer: FILE_CERT });
  await page.locator('#recipient-list > li').nth(2).waitFor();
  // Keep only keys that can be encrypted to today (test vectors may have expired).
  while (await page.locator('#recipient-list > li.unusable').count()) await page.locator('#recipient-list > li.unusable').first().getByRole('button', { name: /Remove/ }).click();
  assert.equal(await page.textContent('#recipient-alert'), '');

  // Encrypt and sign.
  await page.fill('#seal-message', MESSAGE);
  await expand(page, '#seal-sign-box');
  await page.fill('#seal-sign-key', me.secretKey);
  await page.fill('#seal-sign-passphrase', PASSPHRASE);
  await act(page, '#seal-button', 'panel-seal');
  assert.equal(await page.textContent('#seal-alert'), '');
  const sealed = await page.inputValue('#seal-output');
  assert.match(sealed, /^-----BEGIN PGP MESSAGE-----/);
  assert.equal((await downloadOf(page, () => page.click('#seal-download'))).text, sealed);
  await page.click('#seal-copy');
  await page.locator('#seal-copy-status', { hasText: 'Copied' }).waitFor();

  // Sign without encrypting.
  await page.fill('#seal-sign-key', me.secretKey);
  await page.fill('#seal-sign-passphrase', PASSPHRASE);
  await act(page, '#seal-sign-only', 'panel-seal');
  assert.equal(await page.textContent('#seal-alert'), '');
  const signed = await page.inputValue('#seal-output');
  assert.match(signed, /^-----BEGIN PGP SIGNED MESSAGE-----/);

  // Check the cleartext signature.
  await page.click('#tab-open');
  await page.check('input[name="open-mode"][value="verify"]');
  await page.fill('#open-message', signed);
  await page.fill('#open-certs', me.publicKey);
  await act(page, '#open-button', 'panel-open');
  assert.equal(await page.textContent('#open-alert'), '');
  assert.equal(await page.getAttribute('#open-verdict .verdict', 'data-status'), 'good');

  // Decrypt, checking the signature; download, copy and clear the result.
  await page.check('input[name="open-mode"][value="decrypt"]');
  await page.fill('#open-message', sealed);
  await page.fill('#open-key', me.secretKey);
  await page.fill('#open-passphrase', PASSPHRASE);
  await page.fill('#open-certs', me.publicKey);
  await act(page, '#open-button', 'panel-open');
  assert.equal(await page.textContent('#open-alert'), '');
  assert.equal(await page.inputValue('#open-output'), MESSAGE);
  assert.equal(await page.getAttribute('#open-verdict .verdict', 'data-status'), 'good');
  assert.equal((await downloadOf(page, () => page.click('#open-download'))).text, MESSAGE);
  await page.click('#open-copy');
  await page.locator('#open-copy-status', { hasText: 'Copied' }).waitFor();
  await page.click('#open-forget');
  assert.equal(await page.inputValue('#open-output'), '');
  await page.click('#tab-seal');
}

test('after load, every flow fetches only the page’s own lazily loaded files', async () => {
  const tab = await openPage();
  try {
    await windowFlows(tab.page);
    await pgpFlows(tab.page);
    assert.deepEqual(tab.sockets, [], 'no WebSocket');
    tab.check();
    tab.checkQuietAfterLoad();
    // Counted over the whole visit: the idle preload may begin before the test sees the page ready.
    const all = tab.log.requests.map((url) => new URL(url).pathname);
    const times = (/** @type {string} */ file) => all.filter((path) => path === file).length;
    // The recorder hears the worker's own fetches, so "nothing else" means something.
    for (const file of ['/pgp-worker.js', '/pkg/sealpost_pgp_bg.wasm']) assert.ok(times(file) >= 1, `${file} was seen being fetched`);
    assert.equal(times('/pkg/sealpost_pgp_bg.wasm'), 1, 'the OpenPGP module is fetched once: the spare worker gets it from the first');
    for (const file of ['/pgp-worker.js', '/pkg/sealpost_pgp.js']) {
      assert.ok(times(file) <= 2, `${file} is fetched at most twice (the worker and its spare): ${times(file)}`);
    }
    assert.ok(times('/sealpost.js') <= 3, `sealpost.js is fetched at most three times (the page, the worker, the spare): ${times('/sealpost.js')}`);
    for (const file of ['/pkg/sealpost_window.js', '/pkg/sealpost_window_bg.wasm']) assert.equal(times(file), 1, `${file} is fetched once, by the page`);
  } finally {
    await tab.close();
  }
});

test('a changed app.js or style.css is refused by the browser (Subresource Integrity)', async () => {
  for (const [file, type] of [
    ['app.js', 'text/javascript'],
    ['style.css', 'text/css'],
  ]) {
    const original = readFileSync(join(root, 'www', file), 'utf8');
    const tab = await open(env, {
      ready: false,
      prepare: (context) => context.route(`**/${file}`, (route) => route.fulfill({ status: 200, contentType: type, body: `${original}\n/* changed in transit */\n` })),
    });
    const { page } = tab;
    try {
      await page.waitForLoadState('load');
      const refusal = () => tab.log.problems.find((p) => /integrity/i.test(p));
      for (let i = 0; i < 100 && !refusal(); i++) await page.waitForTimeout(20);
      assert.ok(refusal(), `the browser reports the integrity failure of ${file}: ${tab.log.problems.join('; ')}`);
      if (file === 'app.js') {
        // The note shows after 10 s; it is still there because nothing started.
        assert.equal(await page.locator('#boot-note').count(), 1, 'the "has not started" note stays');
        assert.equal(await page.locator('html[data-ready]').count(), 0, 'the changed script did not run');
      } else {
        const styled = await page.evaluate(() => [...document.styleSheets].some((sheet) => sheet.href?.endsWith('/style.css')));
        assert.equal(styled, false, 'the changed stylesheet is not applied');
      }
    } finally {
      await tab.close();
    }
  }
});

/**
 * Cancels the making of a slow key in "My key" (offline, no worker could be fetched).
 * @param {import('playwright-core').Page} page
 */
async function cancelKeygen(page) {
  await page.click('#tab-key');
  await page.check('input[name="key-mode"][value="make"]');
  await page.fill('#key-name', 'Cancelled');
  await page.selectOption('#key-profile', 'rsa4096');
  await page.fill('#key-passphrase', PASSPHRASE);
  await page.fill('#key-passphrase2', PASSPHRASE);
  await page.click('#key-generate');
  await page.click('#key-busy [data-cancel]');
  await page.locator('#key-alert[data-code="cancelled"]').waitFor();
  assert.match(
    /** @type {string} */ (await page.textContent('#key-alert')),
    /Cancelled\. Nothing was produced\./,
  );
  await page.selectOption('#key-profile', 'cv25519');
}

test('offline right after load: the maintenance-times flows work, whatever became of the OpenPGP preload', async () => {
  const tab = await openPage();
  try {
    await tab.context.setOffline(true);
    await windowFlows(tab.page);
    // The background preload may have been cut off; that is said only when OpenPGP is needed.
    assert.ok(await tab.page.locator('#banner').isHidden(), 'no banner');
    tab.check({ offline: true });
    tab.checkQuietAfterLoad();
  } finally {
    await tab.context.setOffline(false);
    await tab.close();
  }
});

test('offline once the page has loaded OpenPGP in the background: the OpenPGP flows work', async () => {
  const tab = await openPage();
  try {
    // No OpenPGP use before going offline: the idle preload alone.
    await openPgpLoaded(tab.page);
    assert.equal(await tab.page.textContent('#recipient-list'), '');
    await tab.context.setOffline(true);
    const offlineAt = tab.log.requests.length;
    await pgpFlows(tab.page);
    assert.deepEqual(tab.log.requests.slice(offlineAt), [], 'nothing is fetched offline');
    tab.check();
    tab.checkQuietAfterLoad();
  } finally {
    await tab.context.setOffline(false);
    await tab.close();
  }
});

test('offline once the OpenPGP worker has started: every flow works', async () => {
  const tab = await openPage();
  try {
    // First use, online: reading a key.
    await tab.page.fill('#recipient-input', FILE_CERT.toString('utf8'));
    await act(tab.page, '#recipient-add', 'panel-seal');
    await tab.page.locator('#recipient-list > li').nth(1).waitFor();
    while (await tab.page.locator('#recipient-list > li').count()) await tab.page.locator('#recipient-list > li').first().getByRole('button', { name: /Remove/ }).click();
    await openPgpLoaded(tab.page);

    await tab.context.setOffline(true);
    await windowFlows(tab.page);
    await pgpFlows(tab.page);
    tab.check();
    tab.checkQuietAfterLoad();
  } finally {
    await tab.context.setOffline(false);
    await tab.close();
  }
});

// Cancel ends the worker (a running WebAssembly call cannot be interrupted
// otherwise); the loaded spare takes its place, so nothing has to be
// fetched. The next spare waits until the browser is online again.
test('offline, after a cancelled operation, the OpenPGP flows still work', async () => {
  const tab = await openPage();
  const { page, context } = tab;
  try {
    await page.fill('#recipient-input', FILE_CERT.toString('utf8'));
    await act(page, '#recipient-add', 'panel-seal');
    await openPgpLoaded(page);
    await context.setOffline(true);
    const offlineAt = tab.log.requests.length;
    await cancelKeygen(page);
    assert.equal(await page.getAttribute('html', 'data-pgp'), 'ready', 'the spare took over at once');
    await pgpFlows(page);
    assert.deepEqual(tab.log.requests.slice(offlineAt), [], 'nothing is fetched offline, not even a new spare');
    tab.check();

    // Online again: a new spare is loaded in the background.
    await context.setOffline(false);
    await openPgpLoaded(page);
    tab.check();
  } finally {
    await context.setOffline(false);
    await tab.close();
  }
});

test('offline, with no worker left after two cancels, the page says so plainly and recovers online', async () => {
  const tab = await openPage();
  const { page, context } = tab;
  try {
    await openPgpLoaded(page);
    await context.setOffline(true);
    await cancelKeygen(page);
    await cancelKeygen(page);
    assert.equal(await page.getAttribute('html', 'data-pgp'), 'none', 'no worker is left');

    await page.fill('#key-passphrase', PASSPHRASE);
    await page.fill('#key-passphrase2', PASSPHRASE);
    await act(page, '#key-generate', 'panel-key');
    const alert = page.locator('#key-alert');
    assert.equal(await alert.getAttribute('data-code'), 'module-unavailable');
    assert.match(
      /** @type {string} */ (await alert.textContent()),
      /^The OpenPGP part could not restart without the network; reload the page when you are online\./,
    );
    assert.ok(await page.locator('#key-result').isHidden(), 'no key');
    assert.equal(await page.inputValue('#key-passphrase'), '', 'the passphrase is cleared all the same');
    tab.check({ offline: true });

    // Online again, the same button works.
    await context.setOffline(false);
    await page.fill('#key-passphrase', PASSPHRASE);
    await page.fill('#key-passphrase2', PASSPHRASE);
    await act(page, '#key-generate', 'panel-key');
    assert.equal(await alert.textContent(), '');
    await page.locator('#key-result').waitFor({ state: 'visible' });
    tab.check({ offline: true });
  } finally {
    await context.setOffline(false);
    await tab.close();
  }
});
