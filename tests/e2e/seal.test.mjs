// The OpenPGP round trip as a person does it in the page: make two keys,
// seal a signed message to one of them, open it, and see that tampering
// and a wrong passphrase are refused with nothing shown. Also checks that
// secrets are cleared from the page and stored nowhere, and that the
// "Format" choice decides the message format and says which was used.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { act, downloadOf, open, start, tamper } from './helpers.mjs';

const MESSAGE = `Meet at the usual place at 19:00.\n${'The documents are in the blue folder. '.repeat(40)}\nBring the drive. — Ø, ü, 日本`;

/** @type {import('./helpers.mjs').Env} */
let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

/**
 * Makes a key in "Make my key"; returns its public key, secret key and fingerprint.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 * @param {string} email
 * @param {string} passphrase
 */
async function makeKey(page, name, email, passphrase, profile = 'cv25519') {
  await page.click('#tab-key');
  await page.check('input[name="key-mode"][value="make"]');
  await page.fill('#key-name', name);
  await page.fill('#key-email', email);
  assert.equal(await page.inputValue('#key-profile'), 'cv25519', 'Cv25519 is the default');
  await page.selectOption('#key-profile', profile);
  await page.fill('#key-passphrase', passphrase);
  await page.fill('#key-passphrase2', passphrase);
  await page.click('#key-generate');
  await page.locator('#key-result').waitFor({ state: 'visible' });
  const fingerprint = /** @type {string} */ (await page.textContent('#key-fingerprint')).trim();
  assert.match(fingerprint, profile === 'rfc9580' ? /^([0-9A-F]{4} ){15}[0-9A-F]{4}$/ : /^([0-9A-F]{4} ){9}[0-9A-F]{4}$/, 'a fingerprint in groups of four');
  assert.equal(await page.inputValue('#key-passphrase'), '', 'the passphrase is cleared after use');
  assert.equal(await page.inputValue('#key-passphrase2'), '');
  const publicKey = await page.inputValue('#key-public');
  assert.match(publicKey, /^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
  const secret = await downloadOf(page, () => page.click('#key-download-secret'));
  assert.match(secret.name, /\.asc$/);
  assert.match(secret.text, /^-----BEGIN PGP PRIVATE KEY BLOCK-----/);
  const revocation = await downloadOf(page, () => page.click('#key-download-revocation'));
  assert.match(revocation.text, /-----BEGIN PGP (PUBLIC KEY BLOCK|SIGNATURE)-----/);
  const pub = await downloadOf(page, () => page.click('#key-download-public'));
  assert.equal(pub.text.trim(), publicKey.trim());
  await page.selectOption('#key-profile', 'cv25519');
  return { publicKey, secretKey: secret.text, fingerprint };
}

/**
 * Opens a <details> the way a person does, by its summary, unless it is open.
 * @param {import('playwright-core').Page} page
 * @param {string} selector
 */
async function expand(page, selector) {
  if (!(await page.locator(selector).evaluate((/** @type {HTMLDetailsElement} */ d) => d.open))) {
    await page.click(`${selector} > summary`);
  }
}

/**
 * Fills "Open a message" for decryption and presses Decrypt.
 * @param {import('playwright-core').Page} page
 * @param {{ message: string, key: string, passphrase: string, certs?: string }} fields
 */
async function openMessage(page, { message, key, passphrase, certs }) {
  await page.click('#tab-open');
  await page.check('input[name="open-mode"][value="decrypt"]');
  await page.fill('#open-message', message);
  await page.fill('#open-key', key);
  await page.fill('#open-passphrase', passphrase);
  await page.fill('#open-certs', certs ?? '');
  await page.click('#open-button');
  await page.locator('#panel-open:not([aria-busy])').waitFor();
  await page.locator('#open-button:enabled').waitFor();
}

test('seal a signed message to a key made in the page, open it, refuse tampering', async () => {
  const tab = await open(env);
  const { page, context } = tab;
  try {
    const recipient = await makeKey(page, 'Rana Recipient', 'rana@example.org', 'correct horse battery staple');
    const sender = await makeKey(page, 'Sami Sender', 'sami@example.org', 'purple mountain quietly sings');
    assert.notEqual(recipient.fingerprint, sender.fingerprint);

    // Recipient: pasted public key becomes an inspection card.
    await page.click('#tab-seal');
    await page.fill('#recipient-input', recipient.publicKey);
    await page.click('#recipient-add');
    const card = page.locator(`#recipient-list li[data-fingerprint="${recipient.fingerprint.replaceAll(' ', '')}"]`);
    await card.waitFor();
    const cardText = /** @type {string} */ (await card.textContent()); // an element's text: never null
    assert.match(cardText, /Rana Recipient <rana@example\.org>/);
    assert.ok(cardText.includes(recipient.fingerprint), 'the card shows the fingerprint in groups of four');
    assert.match(
      /** @type {string} */ (await card.locator('[data-verdict="encrypt"]').textContent()),
      /^Can encrypt to this key now: yes$/,
    );
    assert.equal(await card.locator('[data-verdict="sign"]').textContent(), 'Can sign: yes');
    assert.equal(await page.inputValue('#recipient-input'), '');

    // Message, signed with the sender's secret key.
    await page.fill('#seal-message', MESSAGE);
    await expand(page, '#seal-sign-box');
    await page.fill('#seal-sign-key', sender.secretKey);
    await page.fill('#seal-sign-passphrase', 'purple mountain quietly sings');
    await page.click('#seal-button');
    await page.locator('#seal-result').waitFor({ state: 'visible' });
    const sealed = await page.inputValue('#seal-output');
    assert.match(sealed, /^-----BEGIN PGP MESSAGE-----/);
    assert.ok(!sealed.includes('blue folder'), 'the plaintext is not in the output');
    assert.equal(await page.textContent('#seal-alert'), '');
    assert.equal(await page.inputValue('#seal-sign-key'), '', 'the secret key is cleared after use');
    assert.equal(await page.inputValue('#seal-sign-passphrase'), '', 'the passphrase is cleared after use');
    const asc = await downloadOf(page, () => page.click('#seal-download'));
    assert.equal(asc.name, 'message.asc');
    assert.equal(asc.text, sealed);

    // Open it with the recipient's key, checking the sender's signature.
    await openMessage(page, { message: sealed, key: recipient.secretKey, passphrase: 'correct horse battery staple', certs: sender.publicKey });
    assert.equal(await page.textContent('#open-alert'), '');
    assert.equal(await page.inputValue('#open-output'), MESSAGE);
    const verdict = page.locator('#open-verdict .verdict');
    assert.equal(await verdict.count(), 1);
    assert.equal(await verdict.getAttribute('data-status'), 'good');
    const verdictText = /** @type {string} */ (await verdict.textContent()); // an element's text: never null
    assert.match(verdictText, /Good signature from Sami Sender <sami@example\.org>/);
    assert.ok(verdictText.includes(sender.fingerprint), 'the verdict names the signing key by fingerprint');
    assert.equal(await page.inputValue('#open-key'), '', 'the secret key is cleared after use');
    assert.equal(await page.inputValue('#open-passphrase'), '');

    // One changed character in the middle: the integrity error, and no plaintext.
    await openMessage(page, { message: tamper(sealed), key: recipient.secretKey, passphrase: 'correct horse battery staple', certs: sender.publicKey });
    assert.equal(await page.getAttribute('#open-alert', 'data-code'), 'manipulated-message');
    assert.match(/** @type {string} */ (await page.textContent('#open-alert')), /changed/);
    assert.ok(await page.locator('#open-result').isHidden(), 'no result area');
    assert.equal(await page.inputValue('#open-output'), '', 'no plaintext, not even the earlier one');
    assert.equal(await page.locator('#open-verdict .verdict').count(), 0, 'no signature verdict');

    // A wrong passphrase: the passphrase error, and no plaintext.
    await openMessage(page, { message: sealed, key: recipient.secretKey, passphrase: 'wrong horse', certs: sender.publicKey });
    assert.equal(await page.getAttribute('#open-alert', 'data-code'), 'bad-passphrase');
    assert.match(/** @type {string} */ (await page.textContent('#open-alert')), /passphrase/i);
    assert.ok(await page.locator('#open-result').isHidden());
    assert.equal(await page.inputValue('#open-output'), '');
    // Only the passphrase is cleared: the key stays for another try, which works.
    assert.equal(await page.inputValue('#open-key'), recipient.secretKey);
    assert.equal(await page.inputValue('#open-passphrase'), '');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'open-passphrase');
    await page.keyboard.type('correct horse battery staple');
    await act(page, '#open-button', 'panel-open');
    assert.equal(await page.inputValue('#open-output'), MESSAGE);
    assert.equal(await page.inputValue('#open-key'), '', 'the secret key is cleared after use');

    // Without the sender's certificate the signature is from an unknown key.
    await openMessage(page, { message: sealed, key: recipient.secretKey, passphrase: 'correct horse battery staple' });
    assert.equal(await page.inputValue('#open-output'), MESSAGE);
    assert.equal(await page.getAttribute('#open-verdict .verdict', 'data-status'), 'unknown-signer');
    assert.match(/** @type {string} */ (await page.textContent('#open-verdict')), /Signed by an unknown key/);

    // An error in "Encrypt" clears the old ciphertext.
    await page.click('#tab-seal');
    await expand(page, '#seal-sign-box');
    await page.fill('#seal-sign-key', sender.secretKey);
    await page.fill('#seal-sign-passphrase', 'not the passphrase');
    await page.click('#seal-button');
    await page.locator('#seal-alert[data-code]').waitFor();
    assert.equal(await page.getAttribute('#seal-alert', 'data-code'), 'bad-passphrase');
    assert.ok(await page.locator('#seal-result').isHidden());
    assert.equal(await page.inputValue('#seal-output'), '', 'the earlier ciphertext is gone');
    assert.equal(await page.inputValue('#seal-sign-key'), sender.secretKey, 'a wrong passphrase keeps the signing key');
    assert.equal(await page.inputValue('#seal-sign-passphrase'), '');

    // Nothing stored, nothing in the address bar, nothing secret on the console.
    const stored = await page.evaluate(async () => ({
      local: localStorage.length,
      session: sessionStorage.length,
      cookie: document.cookie,
      databases: (await indexedDB.databases()).length,
    }));
    assert.deepEqual(stored, { local: 0, session: 0, cookie: '', databases: 0 });
    assert.deepEqual(await context.cookies(), []);
    assert.equal(new URL(page.url()).hash, '');
    for (const line of tab.log.console) {
      assert.ok(!/PRIVATE KEY|horse|purple|blue folder/.test(line), `console shows a secret: ${line}`);
    }
    tab.check();
    tab.checkQuietAfterLoad();
  } finally {
    await tab.close();
  }
});

test('check a cleartext signature', async () => {
  const tab = await open(env);
  const { page } = tab;
  try {
    const signer = await makeKey(page, 'Vera Verifier', 'vera@example.org', 'seven quiet lanterns');
    await page.click('#tab-seal');
    await page.fill('#seal-message', 'We publish on Friday.');
    await expand(page, '#seal-sign-box');
    await page.fill('#seal-sign-key', signer.secretKey);
    await page.fill('#seal-sign-passphrase', 'seven quiet lanterns');
    await page.click('#seal-sign-only');
    await page.locator('#seal-result').waitFor({ state: 'visible' });
    const signed = await page.inputValue('#seal-output');
    assert.match(signed, /^-----BEGIN PGP SIGNED MESSAGE-----/);

    await page.click('#tab-open');
    await page.check('input[name="open-mode"][value="verify"]');
    assert.ok(await page.locator('#open-key-box').isHidden(), 'no secret key is asked for');
    assert.equal(/** @type {string} */ (await page.textContent('#open-button')).trim(), 'Check signature');
    await page.fill('#open-message', signed);
    await page.fill('#open-certs', signer.publicKey);
    await page.click('#open-button');
    await page.locator('#open-result').waitFor({ state: 'visible' });
    assert.equal(await page.getAttribute('#open-verdict .verdict', 'data-status'), 'good');
    assert.match(
      /** @type {string} */ (await page.textContent('#open-verdict')),
      /Good signature from Vera Verifier/,
    );
    assert.match(await page.inputValue('#open-output'), /We publish on Friday\./);

    // The same text with one word changed: a bad signature, said plainly.
    await page.fill('#open-message', signed.replace('Friday', 'Monday'));
    await page.click('#open-button');
    await page.locator('#open-button:enabled').waitFor();
    const status = (await page.locator('#open-verdict .verdict').count())
      ? await page.getAttribute('#open-verdict .verdict', 'data-status')
      : await page.getAttribute('#open-alert', 'data-code');
    // `status` is null if neither was there: in neither list, so the check fails.
    assert.ok(
      /** @type {(string | null)[]} */ (['bad', 'no-valid-signature']).includes(status),
      `a changed text is not good: ${status}`,
    );
    assert.notEqual(status, 'good');
    // Shown only marked as not verified, never as if it were fine.
    if (await page.locator('#open-result').isVisible()) {
      assert.ok(await page.locator('#open-result.untrusted').isVisible(), 'the result is marked');
      assert.match(
        /** @type {string} */ (await page.textContent('#open-output-label')),
        /^Not verified: this text does not match its signature/,
      );
      assert.equal(await page.getAttribute('#open-output', 'aria-invalid'), '');
      assert.deepEqual(await page.locator('#open-result .row button').allTextContents(), ['Copy anyway', 'Download anyway', 'Clear']);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'open-verdict', 'the verdict has the focus');
    }
    // The unchanged text again: no mark is left behind.
    await page.fill('#open-message', signed);
    await page.click('#open-button');
    await page.locator('#open-verdict .verdict[data-status="good"]').waitFor();
    assert.ok(await page.locator('#open-result.untrusted').count() === 0);
    assert.equal(await page.textContent('#open-output-label'), 'Message');
    tab.check();
    tab.checkQuietAfterLoad();
  } finally {
    await tab.close();
  }
});

test('expired and revoked keys (made by OpenPGP.js) are flagged and refused', async () => {
  const openpgp = await import('openpgp');
  const longAgo = new Date(Date.now() - 3 * 365 * 86_400_000);
  const expired = await openpgp.generateKey({ userIDs: [{ name: 'Old Key', email: 'old@example.org' }], date: longAgo, keyExpirationTime: 86_400, format: 'armored' });
  const fresh = await openpgp.generateKey({ userIDs: [{ name: 'Gone Key', email: 'gone@example.org' }], format: 'object' });
  const { publicKey: revoked } = await openpgp.revokeKey({ key: fresh.privateKey, reasonForRevocation: { string: 'Laptop stolen' }, format: 'armored' });

  const tab = await open(env);
  const { page } = tab;
  try {
    await page.fill('#recipient-input', `${expired.publicKey}\n${revoked}`);
    await page.click('#recipient-add');
    await page.locator('#recipient-list > li').nth(1).waitFor();
    const old = page.locator('#recipient-list > li', { hasText: 'Old Key' });
    const gone = page.locator('#recipient-list > li', { hasText: 'Gone Key' });
    assert.match(/** @type {string} */ (await old.locator('.flag').textContent()), /^Expired/);
    assert.match(
      /** @type {string} */ (await old.locator('[data-verdict="encrypt"]').textContent()),
      /^Can encrypt to this key now: no, because .+/,
    );
    assert.match(
      /** @type {string} */ (await gone.locator('.flag').textContent()),
      /^Revoked by its owner.*Do not use this key\./,
    );
    assert.match(
      /** @type {string} */ (await gone.locator('[data-verdict="encrypt"]').textContent()),
      /^Can encrypt to this key now: no, because .+/,
    );

    await page.fill('#seal-message', 'This must not be sealed.');
    await page.click('#seal-button');
    await page.locator('#seal-alert[data-code]').waitFor();
    assert.ok(
      /** @type {(string | null)[]} */ (['key-expired', 'key-revoked', 'no-encryption-key']).includes(
        await page.getAttribute('#seal-alert', 'data-code'),
      ),
    );
    // The refusal names the person and says what to do.
    const refusal = /** @type {string} */ (await page.textContent('#seal-alert')); // an element's text
    assert.match(refusal, /the public key of (Old Key <old@example\.org>|Gone Key <gone@example\.org>) \(/);
    assert.match(refusal, /ask its owner for a current public key/);
    assert.doesNotMatch(refusal, /certificate/);
    assert.ok(await page.locator('#seal-result').isHidden(), 'no ciphertext for a refused key');
    assert.equal(await page.inputValue('#seal-output'), '');

    // Removing both leaves nothing to encrypt to: refused too, in words.
    await old.getByRole('button', { name: /Remove/ }).click();
    await gone.getByRole('button', { name: /Remove/ }).click();
    assert.equal(await page.locator('#recipient-list > li').count(), 0);
    await page.click('#seal-button');
    await page.locator('#seal-alert[data-code="no-recipients"]').waitFor();
    assert.ok(await page.locator('#seal-result').isHidden());
    tab.check();
  } finally {
    await tab.close();
  }
});

/**
 * Encrypts MESSAGE-like `text` in "Encrypt" to the recipients listed, in `format`; returns
 * the alert code or the sealed text.
 * @param {import('playwright-core').Page} page
 * @param {string} text
 * @param {string} format
 */
async function sealAs(page, text, format) {
  await page.click('#tab-seal');
  await page.fill('#seal-message', text);
  await page.selectOption('#seal-profile', format);
  await page.click('#seal-button');
  await page.locator('#panel-seal:not([aria-busy])').waitFor();
  await page.locator('#seal-button:enabled').waitFor();
  const code = await page.getAttribute('#seal-alert', 'data-code');
  return code ? { code } : { sealed: await page.inputValue('#seal-output'), format: await page.getAttribute('#seal-format', 'data-format') };
}

/**
 * Replaces the recipients with `publicKey`.
 * @param {import('playwright-core').Page} page
 * @param {string} publicKey
 */
async function onlyRecipient(page, publicKey) {
  await page.click('#tab-seal');
  while (await page.locator('#recipient-list > li').count()) await page.locator('#recipient-list > li').first().getByRole('button', { name: /Remove/ }).click();
  await page.fill('#recipient-input', publicKey);
  await page.click('#recipient-add');
  await page.locator('#recipient-list > li').waitFor();
}

test('the Format choice: RFC 4880 on request, RFC 9580 only where every recipient reads it, said after encrypting', async () => {
  const openpgp = await import('openpgp');
  const tab = await open(env);
  const { page } = tab;
  try {
    const classic = await makeKey(page, 'Cleo Classic', 'cleo@example.org', 'amber lighthouse');
    const modern = await makeKey(page, 'Nico New', 'nico@example.org', 'silver orchard', 'rfc9580');
    const options = await page
      .locator('#seal-profile option')
      .evaluateAll((/** @type {HTMLOptionElement[]} */ os) => os.map((o) => [o.value, o.textContent]));
    assert.deepEqual(options, [
      ['auto', 'Compatible (recommended)'],
      ['rfc4880', 'RFC 4880 always (older)'],
      ['rfc9580', 'RFC 9580 only (newer)'],
    ]);
    assert.equal(await page.inputValue('#seal-profile'), 'auto', 'Compatible is the default');

    // The older format, on request: the page says so, and the page and OpenPGP.js open it.
    await onlyRecipient(page, classic.publicKey);
    const old = await sealAs(page, 'Written in the widest format.', 'rfc4880');
    assert.equal(old.format, 'rfc4880');
    assert.match(
      /** @type {string} */ (await page.textContent('#seal-format')),
      /^Format: RFC 4880 .*every OpenPGP program\.$/,
    );
    await openMessage(page, { message: old.sealed, key: classic.secretKey, passphrase: 'amber lighthouse' });
    assert.equal(await page.textContent('#open-alert'), '');
    assert.equal(await page.inputValue('#open-output'), 'Written in the widest format.');
    assert.match(/** @type {string} */ (await page.textContent('#open-meta')), /integrity check \(MDC\)/);
    const privateKey = await openpgp.decryptKey({ privateKey: await openpgp.readPrivateKey({ armoredKey: classic.secretKey }), passphrase: 'amber lighthouse' });
    const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: old.sealed }), decryptionKeys: privateKey });
    assert.equal(data, 'Written in the widest format.', 'OpenPGP.js opens it too');

    // "RFC 9580 only" to a key that does not ask for it: refused, in words that say what to do.
    const refused = await sealAs(page, 'Not to be sealed.', 'rfc9580');
    assert.equal(refused.code, 'unsupported-profile');
    assert.match(
      /** @type {string} */ (await page.textContent('#seal-alert')),
      /Nothing was encrypted; choose "Compatible" under Format/,
    );
    assert.ok(await page.locator('#seal-result').isHidden());

    // Compatible, to a key that asks for RFC 9580: RFC 9580.
    await onlyRecipient(page, modern.publicKey);
    const auto = await sealAs(page, 'Written in the newer format.', 'auto');
    assert.equal(auto.format, 'rfc9580');
    assert.match(/** @type {string} */ (await page.textContent('#seal-format')), /^Format: RFC 9580 /);
    await openMessage(page, { message: auto.sealed, key: modern.secretKey, passphrase: 'silver orchard' });
    assert.equal(await page.inputValue('#open-output'), 'Written in the newer format.');
    assert.match(
      /** @type {string} */ (await page.textContent('#open-meta')),
      /RFC 9580 authenticated encryption/,
    );
    // Changing the format clears a message made in the other one.
    await page.click('#tab-seal');
    await page.selectOption('#seal-profile', 'rfc4880');
    assert.ok(await page.locator('#seal-result').isHidden(), 'the old result goes when the format changes');
    // RFC 4880 cannot address a version 6 key: refused.
    assert.equal((await sealAs(page, 'Not to be sealed.', 'rfc4880')).code, 'unsupported-profile');

    // Compatible, to both keys: the older format, so that both can read it.
    await page.fill('#recipient-input', classic.publicKey);
    await page.click('#recipient-add');
    await page.locator('#recipient-list > li').nth(1).waitFor();
    assert.equal((await sealAs(page, 'To both of you.', 'auto')).format, 'rfc4880');
    tab.check();
    tab.checkQuietAfterLoad();
  } finally {
    await tab.close();
  }
});
