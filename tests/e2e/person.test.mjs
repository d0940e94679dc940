// The page as a person uses it, by keyboard and with a screen reader:
// after Add recipient, Remove, Encrypt and Decrypt the focus is on the
// result or the next thing to do, finished operations are said in a live
// region, and a key added twice is said to be there already.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { act, expand, makeKey, open, start } from './helpers.mjs';

/** @type {import('./helpers.mjs').Env} */
let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

/**
 * What has the focus: its id, or the text of a heading.
 * @param {import('playwright-core').Page} page
 */
async function focused(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    if (!e) throw new Error('nothing has the focus');
    return e.id || `${e.tagName.toLowerCase()}: ${e.textContent.trim()}`;
  });
}

/**
 * The live region's sentence, once it has one matching `pattern`.
 * @param {import('playwright-core').Page} page
 * @param {RegExp} pattern
 * @returns {Promise<string>}
 */
async function announced(page, pattern) {
  await page.locator('#announce', { hasText: pattern }).waitFor({ state: 'attached' });
  // the text of an element: never null
  return /** @type {Promise<string>} */ (page.textContent('#announce'));
}

/**
 * @param {import('playwright-core').Page} page
 * @param {string} publicKey
 */
async function addRecipient(page, publicKey) {
  await page.click('#tab-seal');
  await page.fill('#recipient-input', publicKey);
  await act(page, '#recipient-add', 'panel-seal');
}

test('the focus follows the work, and finished operations are announced', async () => {
  const tab = await open(env);
  const { page } = tab;
  try {
    const ann = await makeKey(page, { name: 'Ann Able', email: 'ann@example.org', passphrase: 'ann passes quietly' });
    const bob = await makeKey(page, { name: 'Bob Baker', email: 'bob@example.org', passphrase: 'bob bakes bread' });

    // Add recipient: the new card has the focus, and the note says so.
    await addRecipient(page, ann.publicKey);
    assert.equal(await focused(page), 'h3: Ann Able <ann@example.org>');
    assert.equal(await page.textContent('#recipient-note'), 'Added Ann Able <ann@example.org>. 1 recipient.');
    assert.equal(await page.getAttribute('#recipient-note', 'role'), 'status');
    await addRecipient(page, bob.publicKey);
    assert.equal(await focused(page), 'h3: Bob Baker <bob@example.org>');

    // Remove: the focus goes to the next card's Remove, then to the key field.
    await page.getByRole('button', { name: 'Remove Ann Able <ann@example.org>' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Remove Bob Baker <bob@example.org>');
    assert.equal(await page.textContent('#recipient-note'), 'Removed Ann Able <ann@example.org>. 1 recipient left.');
    await page.keyboard.press('Enter');
    assert.equal(await focused(page), 'recipient-input');
    assert.equal(await page.textContent('#recipient-note'), 'Removed Bob Baker <bob@example.org>. No recipients left.');

    // Encrypt: the focus goes to Copy, and the live region says what was done.
    await addRecipient(page, ann.publicKey);
    await page.fill('#seal-message', 'Lunch at one.');
    await act(page, '#seal-button', 'panel-seal');
    assert.equal(await focused(page), 'seal-copy');
    assert.match(await announced(page, /Encrypted/), /^Encrypted for Ann Able <ann@example\.org>\. Copy it or download it\.$/);
    const sealed = await page.inputValue('#seal-output');

    // Decrypt: the focus goes to the verdict, and it is announced.
    await page.click('#tab-open');
    await page.fill('#open-message', sealed);
    await page.fill('#open-key', ann.secretKey);
    await page.fill('#open-passphrase', 'ann passes quietly');
    await act(page, '#open-button', 'panel-open');
    assert.equal(await page.inputValue('#open-output'), 'Lunch at one.');
    assert.equal(await focused(page), 'open-verdict');
    assert.match(await announced(page, /Decrypted/), /^Decrypted and checked: .*The signature verdict and the message are below\.$/);
    tab.check();
  } finally {
    await tab.close();
  }
});

test('adding the same key twice says so, and keeps one card', async () => {
  const tab = await open(env);
  const { page } = tab;
  try {
    const ann = await makeKey(page, { name: 'Ann Again', email: 'again@example.org', passphrase: 'twice is once' });
    const cid = await makeKey(page, { name: 'Cid Second', email: 'cid@example.org', passphrase: 'second to none' });
    await addRecipient(page, ann.publicKey);
    await addRecipient(page, ann.publicKey);
    assert.equal(await page.locator('#recipient-list > li').count(), 1);
    assert.equal(
      await page.textContent('#recipient-note'),
      'This key is already a recipient, so it was not added again: Ann Again <again@example.org>. 1 recipient.',
    );
    assert.equal(await focused(page), 'h3: Ann Again <again@example.org>', 'the card that is there already has the focus');
    assert.equal(await page.textContent('#recipient-alert'), '', 'it is not an error');
    // A paste with a new key and one already there: both said.
    await addRecipient(page, `${cid.publicKey}\n${ann.publicKey}`);
    assert.equal(await page.locator('#recipient-list > li').count(), 2);
    assert.equal(
      await page.textContent('#recipient-note'),
      'Added Cid Second <cid@example.org>. This key is already a recipient, so it was not added again: Ann Again <again@example.org>. 2 recipients.',
    );
    tab.check();
  } finally {
    await tab.close();
  }
});

test('a wrong passphrase when signing keeps the key: type the passphrase again and it works', async () => {
  const tab = await open(env);
  const { page } = tab;
  try {
    const me = await makeKey(page, { name: 'Rae Retry', email: 'rae@example.org', passphrase: 'right at last' });
    await page.click('#tab-seal');
    await page.fill('#seal-message', 'Signed on the second try.');
    await expand(page, '#seal-sign-box');
    await page.fill('#seal-sign-key', me.secretKey);
    await page.fill('#seal-sign-passphrase', 'wrong at first');
    await act(page, '#seal-sign-only', 'panel-seal');
    assert.equal(await page.getAttribute('#seal-alert', 'data-code'), 'bad-passphrase');
    assert.match(
      /** @type {string} */ (await page.textContent('#seal-alert')),
      /Your secret key is still in its field: type the passphrase again\./,
    );
    assert.equal(await page.inputValue('#seal-sign-key'), me.secretKey);
    assert.equal(await page.inputValue('#seal-sign-passphrase'), '');
    assert.equal(await focused(page), 'seal-sign-passphrase');
    await page.keyboard.type('right at last');
    await act(page, '#seal-sign-only', 'panel-seal');
    assert.match(await page.inputValue('#seal-output'), /^-----BEGIN PGP SIGNED MESSAGE-----/);
    assert.deepEqual([await page.inputValue('#seal-sign-key'), await page.inputValue('#seal-sign-passphrase')], ['', '']);
    tab.check();
  } finally {
    await tab.close();
  }
});
