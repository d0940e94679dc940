// Secrets leave no trace: after making a key, signing, encrypting,
// decrypting, changing the key's passphrase and revoking the key through
// the page with recognisable passphrases and a
// recognisable message, none of them (nor any piece of the secret key) is
// on the console, in any browser storage, in a cookie, in the address or
// the history; the secret fields are empty and cannot be brought back with
// Ctrl+Z; and the fields that hold secrets opt out of autocomplete and
// online spell checking.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SECRET_FIELDS, act, downloadOf, expand, makeKey, open, start } from './helpers.mjs';

const KEY_PASSPHRASE = 'Ravens-Fly-At-Midnight-7391';
const MESSAGE_PASSWORD = 'Owls-Hunt-Quietly-5528';
const WRONG_PASSPHRASE = 'Crows-Sleep-At-Noon-8264';
const NEW_PASSPHRASE = 'Herons-Wade-At-Dusk-1187';
const PLAINTEXT = 'Xylophone-Quasar-Embassy-4471: the archive moves to the north gate at dawn.';
/** Words that must appear nowhere but where the person typed or asked to see them. */
const SECRETS = [KEY_PASSPHRASE, MESSAGE_PASSWORD, WRONG_PASSPHRASE, NEW_PASSPHRASE];
const PLAINTEXT_MARKS = ['Xylophone-Quasar', 'Quasar-Embassy-4471', 'north gate at dawn'];

/** Fields whose contents are secret or private, and how they must be marked. */
const MESSAGE_FIELDS = ['seal-message', 'open-output'];

/** @type {import('./helpers.mjs').Env} */
let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

/**
 * Pieces of the secret key's armor that are not also in the public key or
 * the revocation certificate (which are public and shown in the page).
 * @param {string} secretKey
 * @param {...string} publicTexts
 */
function secretFragments(secretKey, ...publicTexts) {
  const body = secretKey
    .split(/\r?\n/)
    .filter((line) => /^[A-Za-z0-9+/]{40,}={0,2}$/.test(line))
    .join('');
  const pieces = [];
  for (let at = 0; at + 24 <= body.length; at += 24) pieces.push(body.slice(at, at + 24));
  return pieces.filter((piece) => !publicTexts.some((text) => text.replace(/\s+/g, '').includes(piece)));
}

/**
 * Every secret field is empty, as a property and as an attribute.
 * @param {import('playwright-core').Page} page
 * @param {string} when when that is, for the messages
 */
async function assertSecretFieldsEmpty(page, when) {
  const values = await page.evaluate(
    (ids) => ids.map((id) => [id, /** @type {HTMLInputElement} */ (document.getElementById(id)).value, document.getElementById(id)?.getAttribute('value')]),
    SECRET_FIELDS,
  );
  for (const [id, value, attribute] of values) {
    assert.equal(value, '', `#${id} is empty ${when}`);
    assert.equal(attribute, null, `#${id} has no value attribute ${when}`);
  }
}

/**
 * Everything the page could have kept: storage, cookies, address, history, caches.
 * @param {import('playwright-core').Page} page
 * @param {import('playwright-core').BrowserContext} context
 */
async function traces(page, context) {
  const inPage = await page.evaluate(async () => {
    /** @param {Storage} storage */
    const dump = (storage) =>
      Object.fromEntries(
        Array.from({ length: storage.length }, (_, i) => [
          storage.key(i),
          storage.getItem(/** @type {string} */ (storage.key(i))), // i < length: the key of an item
        ]),
      );
    return {
      localStorage: dump(localStorage),
      sessionStorage: dump(sessionStorage),
      indexedDB: (await indexedDB.databases()).map((d) => d.name),
      caches: typeof caches === 'undefined' ? [] : await caches.keys(),
      serviceWorkers: navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0,
      cookie: document.cookie,
      href: location.href,
      historyLength: history.length,
      historyState: history.state,
      windowName: window.name,
      title: document.title,
    };
  });
  return { ...inPage, cookies: await context.cookies() };
}

test('no passphrase, secret key or plaintext is logged, stored or put in the address', async () => {
  const tab = await open(env);
  const { page, context } = tab;
  try {
    // about:blank, then the page: the history the page starts with.
    const historyAtLoad = await page.evaluate(() => history.length);

    // Make a key with a recognisable passphrase.
    const me = await makeKey(page, { name: 'Rana Ravensworth', email: 'rana@example.org', passphrase: KEY_PASSPHRASE });
    await assertSecretFieldsEmpty(page, 'after making a key');
    const fragments = secretFragments(me.secretKey, me.publicKey, me.revocation);
    assert.ok(fragments.length >= 8, `enough secret-only pieces of the key to look for (${fragments.length})`);

    // Encrypt to it, signed with it, and also to a password.
    await page.click('#key-use-recipient');
    await page.locator(`#recipient-list li[data-fingerprint="${me.fingerprint.replaceAll(' ', '')}"]`).waitFor();
    await page.fill('#seal-message', PLAINTEXT);
    await expand(page, '#seal-password-box');
    await page.fill('#seal-password', MESSAGE_PASSWORD);
    await page.fill('#seal-password2', MESSAGE_PASSWORD);
    await expand(page, '#seal-sign-box');
    await page.fill('#seal-sign-key', me.secretKey);
    await page.fill('#seal-sign-passphrase', KEY_PASSPHRASE);
    await act(page, '#seal-button', 'panel-seal');
    assert.equal(await page.textContent('#seal-alert'), '');
    const sealed = await page.inputValue('#seal-output');
    assert.match(sealed, /^-----BEGIN PGP MESSAGE-----/);
    await assertSecretFieldsEmpty(page, 'after encrypting');

    // Sign without encrypting: a cleartext signature.
    await page.fill('#seal-sign-key', me.secretKey);
    await page.fill('#seal-sign-passphrase', KEY_PASSPHRASE);
    await act(page, '#seal-sign-only', 'panel-seal');
    assert.equal(await page.textContent('#seal-alert'), '');
    const signed = await page.inputValue('#seal-output');
    assert.match(signed, /^-----BEGIN PGP SIGNED MESSAGE-----/);
    await assertSecretFieldsEmpty(page, 'after signing');

    // A wrong passphrase is refused, and is not echoed anywhere. Only the
    // passphrase is cleared; the key stays for another try, after which
    // every secret field is empty again.
    await page.fill('#seal-sign-key', me.secretKey);
    await page.fill('#seal-sign-passphrase', WRONG_PASSPHRASE);
    await act(page, '#seal-sign-only', 'panel-seal');
    assert.equal(await page.getAttribute('#seal-alert', 'data-code'), 'bad-passphrase');
    assert.equal(await page.inputValue('#seal-sign-key'), me.secretKey);
    assert.equal(await page.inputValue('#seal-sign-passphrase'), '');
    await page.fill('#seal-sign-passphrase', KEY_PASSPHRASE);
    await act(page, '#seal-sign-only', 'panel-seal');
    assert.equal(await page.textContent('#seal-alert'), '');
    await assertSecretFieldsEmpty(page, 'after a wrong passphrase and a second try');

    // Decrypt with the secret key, then with the password.
    await page.click('#tab-open');
    await page.fill('#open-message', sealed);
    await page.fill('#open-key', me.secretKey);
    await page.fill('#open-passphrase', KEY_PASSPHRASE);
    await page.fill('#open-certs', me.publicKey);
    await act(page, '#open-button', 'panel-open');
    assert.equal(await page.textContent('#open-alert'), '');
    assert.equal(await page.inputValue('#open-output'), PLAINTEXT);
    assert.equal(await page.getAttribute('#open-verdict .verdict', 'data-status'), 'good');
    await assertSecretFieldsEmpty(page, 'after decrypting with the key');

    await page.fill('#open-password', MESSAGE_PASSWORD);
    await act(page, '#open-button', 'panel-open');
    assert.equal(await page.textContent('#open-alert'), '');
    assert.equal(await page.inputValue('#open-output'), PLAINTEXT);
    await assertSecretFieldsEmpty(page, 'after decrypting with the password');

    // Change the key's passphrase, then revoke the key, in "My key".
    await page.click('#tab-key');
    await page.check('input[name="key-mode"][value="manage"]');
    await page.fill('#manage-key', me.secretKey);
    await page.fill('#manage-passphrase', KEY_PASSPHRASE);
    await page.fill('#manage-new-passphrase', NEW_PASSPHRASE);
    await page.fill('#manage-new-passphrase2', NEW_PASSPHRASE);
    await act(page, '#manage-change', 'panel-key');
    assert.equal(await page.textContent('#manage-change-alert'), '');
    const renewed = (await downloadOf(page, () => page.click('#manage-download-secret'))).text;
    await assertSecretFieldsEmpty(page, 'after changing the passphrase');
    await page.fill('#manage-key', renewed);
    await page.fill('#manage-passphrase', NEW_PASSPHRASE);
    await act(page, '#manage-revoke', 'panel-key');
    await page.click('#revoke-yes');
    await page.locator('#manage-revoked').waitFor({ state: 'visible' });
    assert.equal(await page.textContent('#manage-revoke-alert'), '');
    await assertSecretFieldsEmpty(page, 'after revoking');
    const revokedCert = await page.inputValue('#manage-revoked-cert');
    fragments.push(...secretFragments(renewed, me.publicKey, me.revocation, revokedCert));

    // Ctrl+Z in an emptied field does not bring the secret back.
    const reach = {
      'open-passphrase': '#tab-open',
      'open-password': '#tab-open',
      'open-key': '#tab-open',
      'manage-key': '#tab-key',
      'manage-passphrase': '#tab-key',
      'manage-new-passphrase': '#tab-key',
    };
    for (const [id, tabButton] of Object.entries(reach)) {
      await page.click(tabButton);
      await page.focus(`#${id}`);
      await page.keyboard.press('Control+Z');
      assert.equal(await page.inputValue(`#${id}`), '', `Ctrl+Z does not restore #${id}`);
    }
    await page.check('input[name="key-mode"][value="make"]');
    await page.focus('#key-passphrase');
    await page.keyboard.press('Control+Z');
    assert.equal(await page.inputValue('#key-passphrase'), '', 'Ctrl+Z does not restore #key-passphrase');
    await page.click('#tab-open');

    // The page's own console, and the worker's, are heard: a canary from each.
    await page.evaluate(() => console.debug('hygiene-canary-page'));
    assert.ok(page.workers().length >= 1, 'the OpenPGP worker is running');
    await page.workers()[0].evaluate(() => console.debug('hygiene-canary-worker'));
    const heard = (/** @type {string} */ canary) => tab.log.console.some((line) => line.includes(canary));
    for (let i = 0; i < 50 && !heard('hygiene-canary-worker'); i++) await page.waitForTimeout(20);
    assert.ok(heard('hygiene-canary-page'), 'page console messages are recorded');
    assert.ok(heard('hygiene-canary-worker'), 'worker console messages are recorded');

    // Nothing secret on the console (every level), in page errors or in problems.
    const logged = [...tab.log.console, ...tab.log.problems];
    const forbidden = [...SECRETS, ...PLAINTEXT_MARKS, ...fragments, 'PRIVATE KEY', 'BEGIN PGP MESSAGE', 'SIGNED MESSAGE'];
    for (const line of logged) {
      for (const secret of forbidden) assert.ok(!line.includes(secret), `the console shows "${secret.slice(0, 30)}": ${line.slice(0, 200)}`);
    }

    // Nothing kept anywhere in the browser, nothing in the address or history.
    const kept = await traces(page, context);
    assert.deepEqual(kept.localStorage, {}, 'localStorage is empty');
    assert.deepEqual(kept.sessionStorage, {}, 'sessionStorage is empty');
    assert.deepEqual(kept.indexedDB, [], 'no IndexedDB database');
    assert.deepEqual(kept.caches, [], 'no Cache Storage');
    assert.equal(kept.serviceWorkers, 0, 'no service worker');
    assert.equal(kept.cookie, '');
    assert.deepEqual(kept.cookies, []);
    assert.equal(kept.href, `${env.origin}/`, 'the address is the bare page');
    assert.equal(kept.historyLength, historyAtLoad, 'no history entries were added');
    assert.equal(kept.historyState, null);
    assert.equal(kept.windowName, '');
    assert.equal(new URL(page.url()).hash, '');
    const everything = JSON.stringify(kept);
    for (const secret of [...SECRETS, ...PLAINTEXT_MARKS, ...fragments]) {
      assert.ok(!everything.includes(secret), `"${secret.slice(0, 30)}" is kept by the browser`);
    }

    // The DOM holds no passphrase and no piece of the secret key (the
    // plaintext may stand where the person typed it and where it was opened).
    const dom = await page.evaluate(() => [
      document.documentElement.outerHTML,
      ...[.../** @type {NodeListOf<HTMLInputElement | HTMLTextAreaElement>} */ (document.querySelectorAll('input, textarea'))].map((f) => `${f.id}=${f.value}`),
    ]);
    for (const text of dom) {
      for (const secret of [...SECRETS, ...fragments]) assert.ok(!text.includes(secret), `the page still holds "${secret.slice(0, 30)}" (${text.slice(0, 60)})`);
    }

    tab.check();
    tab.checkQuietAfterLoad();
  } finally {
    await tab.close();
  }
});

test('secret fields opt out of autocomplete and spell checking', async () => {
  const tab = await open(env);
  const { page } = tab;
  try {
    const marks = await page.evaluate(
      (ids) =>
        ids.map((id) => {
          const field = document.getElementById(id);
          if (!field) throw new Error(`no #${id}`);
          return [id, field.getAttribute('autocomplete'), field.getAttribute('spellcheck')];
        }),
      [...SECRET_FIELDS, 'seal-message', 'key-name', 'key-email'],
    );
    for (const [id, autocomplete, spellcheck] of marks) {
      assert.equal(autocomplete, 'off', `#${id} autocomplete="off"`);
      assert.equal(spellcheck, 'false', `#${id} spellcheck="false"`);
    }
    // Every password field, and every field that takes a secret key, including any added later.
    const unmarked = await page.evaluate(() =>
      [...document.querySelectorAll('input[type=password], textarea[placeholder*="PRIVATE KEY"]')]
        .filter((f) => f.getAttribute('autocomplete') !== 'off' || f.getAttribute('spellcheck') !== 'false')
        .map((f) => f.id),
    );
    assert.deepEqual(unmarked, []);
    // Where the plaintext is shown, no online spell checker reads it.
    for (const id of MESSAGE_FIELDS) {
      assert.equal(await page.locator(`#${id}`).getAttribute('spellcheck'), 'false', `#${id} spellcheck="false"`);
    }
    tab.check();
  } finally {
    await tab.close();
  }
});
