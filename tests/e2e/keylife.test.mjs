// Key life in "My key": extend the expiry of a key made in the page, and
// see GnuPG list the new date for the key and its subkey; a wrong
// passphrase changes nothing. The fingerprint as a QR code, and the paper
// backup's print view (with print media): fingerprint, user IDs, the
// armored key and its QR code.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { act, downloadOf, makeKey, open, openPgpLoaded, start } from './helpers.mjs';
import { Gpg, installed } from '../interop/lib/tools.mjs';

const skip = installed('gpg') ? undefined : 'skipped: gpg not installed';
const PASSPHRASE = 'violet harbour lanterns';

/** @type {import('./helpers.mjs').Env} */
let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

/**
 * Opens "Change or revoke a key I have" with `key` and `passphrase` filled in.
 * @param {import('playwright-core').Page} page
 * @param {string} key
 * @param {string} passphrase
 */
async function manage(page, key, passphrase) {
  await page.click('#tab-key');
  await page.check('input[name="key-mode"][value="manage"]');
  await page.fill('#manage-key', key);
  await page.fill('#manage-passphrase', passphrase);
}

test('extend the expiry of a key: GnuPG lists the new date for the key and its two subkeys', { skip }, async () => {
  const tab = await open(env);
  const { page } = tab;
  try {
    await openPgpLoaded(page);
    const made = await makeKey(page, { name: 'Lena Life', email: 'lena@example.org', passphrase: PASSPHRASE });

    // A wrong passphrase: an error, no result, the key stays for another try.
    await manage(page, made.secretKey, 'not the passphrase');
    await page.selectOption('#manage-expiry', '5');
    await act(page, '#manage-extend', 'panel-key');
    assert.equal(await page.getAttribute('#manage-extend-alert', 'data-code'), 'bad-passphrase');
    assert.ok(await page.locator('#manage-extended').isHidden());

    // A date in the past is refused before anything is done.
    await page.fill('#manage-passphrase', PASSPHRASE);
    await page.selectOption('#manage-expiry', 'date');
    await page.fill('#manage-expiry-date', '2001-01-01');
    await page.click('#manage-extend');
    assert.equal(await page.getAttribute('#manage-extend-alert', 'data-code'), 'invalid-argument');

    await page.fill('#manage-expiry-date', '2036-06-30');
    await act(page, '#manage-extend', 'panel-key');
    assert.equal(await page.textContent('#manage-extend-alert'), '');
    assert.match(
      /** @type {string} */ (await page.textContent('#manage-extended-how')),
      /^Done\. The key and its 2 subkeys now expire on (30 June 2036|June 30, 2036)\.$/,
    );
    assert.equal(await page.inputValue('#manage-passphrase'), '', 'the passphrase is cleared after use');
    const secret = await downloadOf(page, () => page.click('#manage-extended-secret'));
    assert.match(secret.text, /^-----BEGIN PGP PRIVATE KEY BLOCK-----/);
    const pub = await downloadOf(page, () => page.click('#manage-extended-public'));
    assert.match(pub.text, /^-----BEGIN PGP PUBLIC KEY BLOCK-----/);

    const gpg = new Gpg();
    gpg.import(Buffer.from(pub.text));
    const listed = gpg.ok(['--with-colons', '--list-keys', 'lena@example.org']).toString();
    const lines = listed.split('\n').filter((l) => /^(pub|sub):/.test(l));
    assert.equal(lines.length, 3, listed);
    const want = Math.floor(new Date('2036-06-30T23:59:59').getTime() / 1000);
    for (const line of lines) assert.equal(Number(line.split(':')[6]), want, line);

    // The new secret key still opens with the same passphrase, and says the new date.
    await manage(page, secret.text, PASSPHRASE);
    await page.selectOption('#manage-expiry', 'never');
    await act(page, '#manage-extend', 'panel-key');
    assert.match(
      /** @type {string} */ (await page.textContent('#manage-extended-how')),
      /now never expire\.$/,
    );
    tab.check();
  } finally {
    await tab.context.close();
  }
});

/**
 * The page's global scope with the counter that stands in for the print dialog.
 * @typedef {typeof globalThis & { prints: number }} Counting
 */

test('the fingerprint as a QR code, and a paper backup that prints the key', async () => {
  // The print dialog is replaced by a counter; the print view is checked with print media.
  const tab = await open(env, {
    init: () =>
      Object.assign(globalThis, { prints: 0, print: () => /** @type {Counting} */ (globalThis).prints++ }),
  });
  const { page } = tab;
  try {
    await openPgpLoaded(page);
    const made = await makeKey(page, { name: 'Paula Paper', email: 'paula@example.org', passphrase: PASSPHRASE });
    assert.equal(await page.locator('#key-qr svg.qr').count(), 1, 'the new key has its fingerprint QR code');
    assert.match(
      /** @type {string} */ (await page.getAttribute('#key-qr svg', 'aria-label')),
      /^QR code of the fingerprint ([0-9A-F]{4} ){9}[0-9A-F]{4}$/,
    );

    await manage(page, made.secretKey, '');
    await act(page, '#manage-backup', 'panel-key');
    assert.equal(await page.textContent('#manage-backup-alert'), '');
    assert.equal(
      /** @type {string} */ (await page.textContent('#manage-backup-fingerprint')).trim(),
      made.fingerprint,
    );
    assert.equal(await page.locator('#manage-qr svg.qr').count(), 1);
    assert.match(
      /** @type {string} */ (await page.textContent('#manage-backup-note')),
      /as text and as a QR code/,
    );
    await page.click('#manage-print-backup');
    assert.equal(await page.evaluate(() => /** @type {Counting} */ (globalThis).prints), 1);

    await page.emulateMedia({ media: 'print' });
    const sheet = page.locator('#paper-backup');
    assert.ok(await sheet.isVisible(), 'the paper backup is what prints');
    assert.ok(await page.locator('#seal').isHidden(), 'the rest of the page does not print');
    assert.ok(await page.locator('#times').isHidden());
    assert.equal(
      /** @type {string} */ (await sheet.locator('[data-part="fingerprint"]').textContent()).trim(),
      made.fingerprint,
    );
    assert.deepEqual(await sheet.locator('[data-part="user-ids"] li').allTextContents(), ['Paula Paper <paula@example.org>']);
    assert.equal(
      /** @type {string} */ (await sheet.locator('[data-part="key"]').textContent()).trim(),
      made.secretKey.trim(),
    );
    assert.equal(await sheet.locator('[data-part="key-qr"] svg.qr').count(), 1, 'a Curve25519 key fits in a QR code');
    assert.equal(await sheet.locator('svg.qr').count(), 2, 'the fingerprint and the key');
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 1000, 'the print view renders');
    await page.emulateMedia({ media: 'screen' });
    assert.ok(await sheet.isHidden(), 'on screen the print view is hidden');

    // Public key only: refused, plainly.
    await page.fill('#manage-key', made.publicKey);
    await act(page, '#manage-backup', 'panel-key');
    assert.equal(await page.getAttribute('#manage-backup-alert', 'data-code'), 'secret-key-missing');
    assert.equal(await sheet.locator('*').count(), 0, 'nothing is left to print');
    tab.check();
  } finally {
    await tab.context.close();
  }
});
