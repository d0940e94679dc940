// "My key" for a key one already has: change or remove its passphrase
// (the new file opens with the new passphrase, not the old one), and
// revoke it, after a confirmation, into a certificate that the page itself
// then refuses to encrypt to. Also screenshots of the Encrypt tab and of
// this panel at two widths.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { act, downloadOf, makeKey, open, resultsDir, start } from './helpers.mjs';

const OLD = 'copper kettle whistles';
const NEW = 'seven green umbrellas';
const MESSAGE = 'The meeting moves to the library.';

/** @type {import('./helpers.mjs').Env} */
let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

/**
 * Opens "Change or revoke a key I have" with `key` and its current passphrase filled in.
 * @param {import('playwright-core').Page} page
 * @param {string} key
 * @param {string} passphrase
 */
async function manage(page, key, passphrase) {
  await page.click('#tab-key');
  await page.check('input[name="key-mode"][value="manage"]');
  assert.ok(await page.locator('#key-make').isHidden(), 'making a key is out of the way');
  await page.fill('#manage-key', key);
  await page.fill('#manage-passphrase', passphrase);
}

/**
 * Decrypts `message` in "Open a message"; returns the alert code, or the text.
 * @param {import('playwright-core').Page} page
 * @param {string} message
 * @param {string} key
 * @param {string} passphrase
 */
async function decrypt(page, message, key, passphrase) {
  await page.click('#tab-open');
  await page.fill('#open-message', message);
  await page.fill('#open-key', key);
  await page.fill('#open-passphrase', passphrase);
  await act(page, '#open-button', 'panel-open');
  const code = await page.getAttribute('#open-alert', 'data-code');
  return code ?? (await page.inputValue('#open-output'));
}

/**
 * Encrypts MESSAGE to `publicKey` only; returns the sealed text.
 * @param {import('playwright-core').Page} page
 * @param {string} publicKey
 */
async function sealTo(page, publicKey) {
  await page.click('#tab-seal');
  await page.fill('#recipient-input', publicKey);
  await act(page, '#recipient-add', 'panel-seal');
  await page.fill('#seal-message', MESSAGE);
  await act(page, '#seal-button', 'panel-seal');
  assert.equal(await page.textContent('#seal-alert'), '');
  return page.inputValue('#seal-output');
}

/**
 * @param {import('playwright-core').Page} page
 * @param {string} when when that is, for the messages
 */
async function assertManageFieldsEmpty(page, when) {
  for (const id of ['manage-key', 'manage-passphrase', 'manage-new-passphrase', 'manage-new-passphrase2']) {
    assert.equal(await page.inputValue(`#${id}`), '', `#${id} is emptied ${when}`);
  }
}

test('change the passphrase of a key: the new file opens with the new passphrase only', async () => {
  const tab = await open(env);
  const { page } = tab;
  try {
    const me = await makeKey(page, { name: 'Pia Passphrase', email: 'pia@example.org', passphrase: OLD });
    const sealed = await sealTo(page, me.publicKey);

    // Mistakes are refused before anything is changed.
    await manage(page, me.secretKey, OLD);
    await page.fill('#manage-new-passphrase', NEW);
    await page.fill('#manage-new-passphrase2', `${NEW}!`);
    await act(page, '#manage-change', 'panel-key');
    assert.equal(await page.getAttribute('#manage-change-alert', 'data-code'), 'passphrase-mismatch');
    await assertManageFieldsEmpty(page, 'after a mismatch');

    await manage(page, me.secretKey, 'not my passphrase');
    await page.fill('#manage-new-passphrase', NEW);
    await page.fill('#manage-new-passphrase2', NEW);
    await act(page, '#manage-change', 'panel-key');
    assert.equal(await page.getAttribute('#manage-change-alert', 'data-code'), 'bad-passphrase');
    assert.match(
      /** @type {string} */ (await page.textContent('#manage-change-alert')),
      /passphrase does not unlock/,
    );
    assert.ok(await page.locator('#manage-changed').isHidden(), 'nothing to download');
    assert.equal(await page.inputValue('#manage-key'), me.secretKey, 'a wrong passphrase keeps the secret key');
    assert.equal(await page.inputValue('#manage-passphrase'), '');

    // The change itself.
    await manage(page, me.secretKey, OLD);
    await page.fill('#manage-new-passphrase', NEW);
    await page.fill('#manage-new-passphrase2', NEW);
    await act(page, '#manage-change', 'panel-key');
    assert.equal(await page.textContent('#manage-change-alert'), '');
    await page.locator('#manage-changed').waitFor({ state: 'visible' });
    await assertManageFieldsEmpty(page, 'after the change');
    const changed = page.locator('#manage-changed');
    assert.ok(
      /** @type {string} */ (await changed.textContent()).includes(me.fingerprint),
      'the result names the key by fingerprint',
    );
    assert.match(
      /** @type {string} */ (await changed.textContent()),
      /Pia Passphrase <pia@example\.org>.*opens with the new passphrase.*delete the old one/s,
    );
    const file = await downloadOf(page, () => page.click('#manage-download-secret'));
    assert.match(file.name, /^sealpost-[0-9A-F]{16}-SECRET\.asc$/);
    assert.match(file.text, /^-----BEGIN PGP PRIVATE KEY BLOCK-----/);
    const body = file.text.split('\n').filter((l) => /^[A-Za-z0-9+/]{60,}$/.test(l));
    const html = await page.content();
    assert.ok(!body.some((line) => html.includes(line)), 'the new secret key is not written into the page');

    // The new file opens with the new passphrase, not with the old one.
    assert.equal(await decrypt(page, sealed, file.text, NEW), MESSAGE);
    assert.equal(await decrypt(page, sealed, file.text, OLD), 'bad-passphrase');
    assert.match(/** @type {string} */ (await page.textContent('#open-alert')), /passphrase/i);
    assert.equal(await page.inputValue('#open-output'), '');
    // The old file still opens with the old passphrase, as the page warns.
    assert.equal(await decrypt(page, sealed, me.secretKey, OLD), MESSAGE);

    // Removing the passphrase: the new file opens without one.
    await manage(page, file.text, NEW);
    await page.check('#manage-remove');
    assert.ok(await page.locator('#manage-new-passphrase').isDisabled(), 'no new passphrase is asked for');
    await act(page, '#manage-change', 'panel-key');
    assert.equal(await page.textContent('#manage-change-alert'), '');
    assert.match(
      /** @type {string} */ (await page.textContent('#manage-changed')),
      /has no passphrase\. Anyone who gets the file can use it/,
    );
    const bare = await downloadOf(page, () => page.click('#manage-download-secret'));
    assert.equal(await decrypt(page, sealed, bare.text, ''), MESSAGE);

    // Forget it: nothing left to download.
    await page.click('#tab-key');
    await page.click('#manage-forget-changed');
    assert.ok(await page.locator('#manage-changed').isHidden());
    tab.check();
    tab.checkQuietAfterLoad();
  } finally {
    await tab.close();
  }
});

test('revoke a key, after a confirmation: the revoked certificate is flagged and refused as a recipient', async () => {
  const tab = await open(env);
  const { page } = tab;
  try {
    const me = await makeKey(page, { name: 'Remi Revoked', email: 'remi@example.org', passphrase: OLD });

    // A public key cannot be revoked here: said before any confirmation.
    await manage(page, me.publicKey, '');
    await act(page, '#manage-revoke', 'panel-key');
    assert.equal(await page.getAttribute('#manage-revoke-alert', 'data-code'), 'secret-key-missing');
    assert.ok(await page.locator('#revoke-confirm').isHidden());

    // The confirmation names the key; "No" leaves everything as it was.
    await manage(page, me.secretKey, OLD);
    await page.fill('#manage-reason', 'Laptop stolen');
    await act(page, '#manage-revoke', 'panel-key');
    const confirm = page.locator('#revoke-confirm');
    await confirm.waitFor({ state: 'visible' });
    assert.match(
      /** @type {string} */ (await confirm.textContent()),
      /Revoke this key\? It cannot be undone\./,
    );
    assert.ok(
      /** @type {string} */ (await confirm.textContent()).includes(me.fingerprint),
      'the confirmation shows the fingerprint',
    );
    assert.match(/** @type {string} */ (await confirm.textContent()), /Remi Revoked <remi@example\.org>/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'revoke-no', 'the safe answer has the focus');
    await page.click('#revoke-no');
    assert.ok(await confirm.isHidden());
    assert.equal(await page.inputValue('#manage-passphrase'), OLD, 'nothing was used');
    assert.ok(await page.locator('#manage-revoked').isHidden());

    // A wrong passphrase: refused, nothing made.
    await page.fill('#manage-passphrase', 'not my passphrase');
    await act(page, '#manage-revoke', 'panel-key');
    await page.click('#revoke-yes');
    await page.locator('#manage-revoke-alert[data-code]').waitFor();
    assert.equal(await page.getAttribute('#manage-revoke-alert', 'data-code'), 'bad-passphrase');
    assert.ok(await page.locator('#manage-revoked').isHidden());
    // Only the passphrase is cleared: the key just pasted stays, for another try.
    assert.equal(await page.inputValue('#manage-key'), me.secretKey, 'a wrong passphrase keeps the secret key');
    assert.equal(await page.inputValue('#manage-passphrase'), '');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'manage-passphrase');
    assert.match(
      /** @type {string} */ (await page.textContent('#manage-revoke-alert')),
      /still in its field/,
    );

    // Yes: the revoked public key, with what to do with it.
    await manage(page, me.secretKey, OLD);
    await act(page, '#manage-revoke', 'panel-key');
    await page.click('#revoke-yes');
    await page.locator('#manage-revoked').waitFor({ state: 'visible' });
    assert.equal(await page.textContent('#manage-revoke-alert'), '');
    await assertManageFieldsEmpty(page, 'after revoking');
    assert.equal(await page.inputValue('#manage-reason'), '', 'the reason is cleared too');
    const result = /** @type {string} */ (await page.textContent('#manage-revoked')); // an element's text
    assert.ok(result.includes(me.fingerprint));
    assert.match(result, /publish the revoked public key/);
    const cert = await downloadOf(page, () => page.click('#manage-download-revoked'));
    assert.match(cert.name, /^sealpost-[0-9A-F]{16}-revoked-public\.asc$/);
    assert.match(cert.text, /^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    assert.ok(!cert.text.includes('PRIVATE'), 'no secret key material');
    assert.equal(cert.text, await page.inputValue('#manage-revoked-cert'));

    // Pasted as a recipient: flagged as revoked, and encrypting is refused.
    await page.click('#tab-seal');
    await page.fill('#recipient-input', cert.text);
    await act(page, '#recipient-add', 'panel-seal');
    const card = page.locator(`#recipient-list li[data-fingerprint="${me.fingerprint.replaceAll(' ', '')}"]`);
    await card.waitFor();
    assert.match(
      /** @type {string} */ (await card.locator('.flag').textContent()),
      /^Revoked by its owner.*Laptop stolen.*Do not use this key\./,
    );
    assert.match(
      /** @type {string} */ (await card.locator('[data-verdict="encrypt"]').textContent()),
      /^Can encrypt to this key now: no, because .*revoked/,
    );
    await page.fill('#seal-message', 'This must not be sealed.');
    await act(page, '#seal-button', 'panel-seal');
    assert.equal(await page.getAttribute('#seal-alert', 'data-code'), 'key-revoked');
    assert.ok(await page.locator('#seal-result').isHidden());
    tab.check();
    tab.checkQuietAfterLoad();
  } finally {
    await tab.close();
  }
});

test('screenshots of Encrypt and of managing a key at 1280 and 360 px', async () => {
  await mkdir(resultsDir, { recursive: true });
  for (const [width, height] of [
    [1280, 900],
    [360, 800],
  ]) {
    const tab = await open(env, { context: { viewport: { width, height }, colorScheme: 'light' } });
    const { page } = tab;
    try {
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      const me = await makeKey(page, { name: 'Sasha Screenshot', email: 'sasha@example.org', passphrase: OLD });
      await page.click('#key-use-recipient');
      await page.locator('#recipient-list > li').waitFor();
      await page.fill('#seal-message', MESSAGE);
      await act(page, '#seal-button', 'panel-seal');
      await page.locator('#seal-format').waitFor();
      await page.locator('#seal').screenshot({ path: join(resultsDir, `encrypt-${width}.png`) });
      assert.ok((await overflow()) <= 0, `Encrypt scrolls sideways at ${width} px`);

      await manage(page, me.secretKey, OLD);
      await page.fill('#manage-reason', 'Laptop stolen');
      await act(page, '#manage-revoke', 'panel-key');
      await page.locator('#revoke-confirm').waitFor();
      await page.locator('#seal').screenshot({ path: join(resultsDir, `manage-${width}.png`) });
      assert.ok((await overflow()) <= 0, `managing a key scrolls sideways at ${width} px`);
      await page.click('#revoke-no');
      tab.check();
    } finally {
      await tab.close();
    }
  }
});
