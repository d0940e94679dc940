// PGP/MIME in "Open a message": whole .eml files made by GnuPG with
// Python's email package (tests/data/mail/pgp-mime/README.md), pasted as
// they are. The text body and each attachment (name, type, size, download)
// are shown instead of raw MIME, which stays available; multipart/signed is
// checked with the sender's key, inside or outside the encryption.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { act, open, root, start } from './helpers.mjs';

const PGP_MIME = join(root, 'tests', 'data', 'mail', 'pgp-mime');
const KEYS = join(root, 'tests', 'data', 'pgp', 'keys');
const ALICE_SEC = readFileSync(join(KEYS, 'alice_cv25519_sec.asc'), 'utf8');
const ALICE_PUB = readFileSync(join(KEYS, 'alice_cv25519_pub.asc'), 'utf8');
const TEXT = 'Hello Bob,\n\nthe invoice is attached.\n\nAlice\n';
const ATTACHMENT = Buffer.from(Uint8Array.from({ length: 1024 }, (_, i) => i % 256));
const eml = (/** @type {string} */ name) => readFileSync(join(PGP_MIME, name), 'utf8');

/** @type {import('./helpers.mjs').Env} */
let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

/**
 * Opens `message` in "Open a message" with `key` (none if null) and `certs`.
 * @param {import('playwright-core').Page} page
 * @param {string} message
 * @param {{ key?: string | null, certs?: string }} [options]
 */
async function openMessage(page, message, { key = ALICE_SEC, certs = ALICE_PUB } = {}) {
  await page.click('#tab-open');
  await page.fill('#open-message', message);
  if (key) await page.fill('#open-key', key);
  await page.fill('#open-certs', certs);
  await act(page, '#open-button', 'panel-open');
}

/** @param {import('playwright-core').Page} page */
async function assertMimeShown(page) {
  await page.locator('#open-mime').waitFor({ state: 'visible' });
  assert.equal(await page.inputValue('#open-output'), TEXT, 'the text body, not raw MIME');
  const items = page.locator('#open-attachments li');
  assert.equal(await items.count(), 1);
  const item = /** @type {string} */ (await items.textContent()); // an element's text: never null
  assert.match(item, /invoice 2026\.bin/);
  assert.match(item, /application\/octet-stream, 1\.0 KB/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#open-attachments button')]);
  assert.equal(download.suggestedFilename(), 'invoice 2026.bin');
  assert.deepEqual(await readFile(await download.path()), ATTACHMENT, 'the attachment downloads byte for byte');
  assert.match(await page.inputValue('#open-raw'), /Content-Type: multipart\/mixed/i, 'the raw MIME stays available');
}

test('a whole multipart/encrypted .eml: decrypted, its text and attachment shown', async () => {
  const tab = await open(env);
  try {
    await openMessage(tab.page, eml('encrypted_to_alice.eml'));
    assert.equal(await tab.page.textContent('#open-alert'), '');
    await assertMimeShown(tab.page);
    assert.equal(await tab.page.getAttribute('#open-verdict .verdict', 'data-status'), 'none', 'not signed');
    tab.check();
  } finally {
    await tab.close();
  }
});

test('Thunderbird\'s layout: signed and encrypted in one, the protected subject shown', async () => {
  const tab = await open(env);
  try {
    await openMessage(tab.page, eml('thunderbird_signed_encrypted_to_alice.eml'));
    await assertMimeShown(tab.page);
    assert.equal(await tab.page.getAttribute('#open-verdict .verdict', 'data-status'), 'good');
    assert.match(
      /** @type {string} */ (await tab.page.textContent('#open-mime-headers')),
      /The real subject/,
    );
    tab.check();
  } finally {
    await tab.close();
  }
});

test('signed, then encrypted (Enigmail): the inner multipart/signed is checked', async () => {
  const tab = await open(env);
  try {
    await openMessage(tab.page, eml('enigmail_signed_then_encrypted_to_alice.eml'));
    await assertMimeShown(tab.page);
    const statuses = await tab.page.locator('#open-verdict .verdict').evaluateAll((vs) => vs.map((v) => v.dataset.status));
    assert.deepEqual(statuses, ['good']);
    tab.check();
  } finally {
    await tab.close();
  }
});

test('multipart/signed, not encrypted: good with the sender\'s key, marked not verified when changed', async () => {
  const tab = await open(env);
  try {
    await openMessage(tab.page, eml('signed_by_alice.eml'), { key: null });
    assert.equal(await tab.page.textContent('#open-alert'), '');
    await assertMimeShown(tab.page);
    assert.equal(await tab.page.getAttribute('#open-verdict .verdict', 'data-status'), 'good');

    await openMessage(tab.page, eml('fail_signed_by_alice_tampered.eml'), { key: null });
    assert.equal(await tab.page.getAttribute('#open-verdict .verdict', 'data-status'), 'bad');
    assert.ok(await tab.page.locator('#open-result.untrusted').isVisible(), 'the changed text is marked as not verified');
    assert.match(/** @type {string} */ (await tab.page.textContent('#open-output-label')), /Not verified/);
    assert.match(await tab.page.inputValue('#open-output'), /attacked/);
    tab.check();
  } finally {
    await tab.close();
  }
});
