// "My key": make a new key, and manage a key one already has (change or
// remove its passphrase, extend its expiry, revoke it). All OpenPGP work runs
// in the worker.
//
// The secret key and the passphrases are read from their fields and the
// fields emptied when an operation uses them; a changed secret key is
// offered as a download and never written into the page.
import { byId, coded, copy, download, el, formatDate, groupHex, retryPassphrase, run, showError, take } from './ui.js';
import { work } from './pgp-pool.js';

/**
 * What seal.js lends this file.
 * @typedef {{ filesInto: Function, userIdOf: (info: import('./sealpost.js').KeyInfo) => string,
 *   useAsRecipient: (publicKey: string) => Promise<void> }} Shared
 */
/** @type {Shared} */
let shared; // set by setupKeys() before anything else runs

/**
 * `sealpost-<key ID>-<kind>.asc`
 * @param {string | null | undefined} keyId
 * @param {string} kind
 */
function keyFile(keyId, kind) {
  const id = keyId ? String(keyId).replace(/\s+/g, '') : 'key';
  return `sealpost-${id}-${kind}.asc`;
}

/**
 * "Name <email> · ABCD 1234 …" of a key, as nodes.
 * @param {import('./sealpost.js').KeyInfo} info
 */
function keyName(info) {
  return [el('strong', {}, shared.userIdOf(info)), el('span', { class: 'fingerprint block' }, info.fingerprint || groupHex(info.fingerprintHex))];
}

// --- Make a new key ------------------------------------------------------------

/** @type {import('./sealpost.js').GeneratedKey | null} */
let generated = null;

function forgetKey() {
  generated = null;
  byId('key-public').value = '';
  byId('key-fingerprint').textContent = '';
  byId('key-qr').replaceChildren();
  byId('paper-backup').replaceChildren();
  byId('key-result').hidden = true;
}

async function onGenerate() {
  const alert = byId('key-alert');
  forgetKey();
  const name = byId('key-name').value.trim();
  const email = byId('key-email').value.trim();
  if (!name && !email) return showError(alert, coded('no-user-id', 'Enter a name, an email address, or both; no key was made.'));
  const passphrase = take(byId('key-passphrase'));
  const again = take(byId('key-passphrase2'));
  if (!passphrase) return showError(alert, coded('no-passphrase', 'Choose a passphrase; no key was made.'));
  if (passphrase !== again) return showError(alert, coded('passphrase-mismatch', 'The two passphrases differ; no key was made. Type it twice again.'));
  const userId = name && email ? `${name} <${email}>` : name || `<${email}>`;
  // One of the select's options.
  const profile = /** @type {'cv25519' | 'rsa3072' | 'rsa4096' | 'rfc9580'} */ (byId('key-profile').value);
  const options = { userIds: [userId], profile, passphrase: passphrase || null, validitySeconds: Number(byId('key-expiry').value), now: Date.now() };
  const key = await run(byId('panel-key'), 'Making your key', alert, () => work('generateKey', options), byId('key-busy'));
  if (!key) return;
  generated = key;
  byId('key-fingerprint').textContent = key.fingerprint || groupHex(key.fingerprintHex);
  byId('key-qr').replaceChildren(await fingerprintQr(key));
  byId('key-public').value = key.publicKey;
  byId('key-result').hidden = false;
}

function setupMake() {
  /** @param {string} kind */
  const file = (kind) => keyFile(generated?.keyId, kind);
  byId('key-generate').addEventListener('click', onGenerate);
  byId('key-download-public').addEventListener('click', () => generated && download(file('public'), generated.publicKey, 'application/pgp-keys'));
  byId('key-download-secret').addEventListener('click', () => generated && download(file('SECRET'), generated.secretKey, 'application/pgp-keys'));
  byId('key-download-revocation').addEventListener('click', () => generated && download(file('revocation'), generated.revocation, 'application/pgp-signature'));
  byId('key-copy-public').addEventListener('click', () => copy(byId('key-public').value, byId('key-copy-status'), byId('key-public')));
  byId('key-forget').addEventListener('click', forgetKey);
  byId('key-use-recipient').addEventListener('click', () => generated && shared.useAsRecipient(generated.publicKey));
}

// --- Change or remove the passphrase ------------------------------------------------

/** @type {{ secretKey: string, keyId: string } | null} */
let changed = null;

function forgetChanged() {
  changed = null;
  byId('manage-changed-key').replaceChildren();
  byId('manage-changed-how').textContent = '';
  byId('manage-changed').hidden = true;
}

async function onChange() {
  const alert = byId('manage-change-alert');
  forgetChanged();
  hideConfirm();
  const key = take(byId('manage-key'));
  const current = take(byId('manage-passphrase'));
  const next = take(byId('manage-new-passphrase'));
  const again = take(byId('manage-new-passphrase2'));
  const remove = byId('manage-remove').checked;
  if (!key.trim()) return showError(alert, coded('no-keys', 'Paste your secret key first; nothing was changed.'));
  if (!remove && !next) {
    return showError(alert, coded('no-passphrase', 'Type the new passphrase twice, or tick "Remove the passphrase"; nothing was changed.'));
  }
  if (!remove && next !== again) return showError(alert, coded('passphrase-mismatch', 'The two new passphrases differ; nothing was changed. Type it twice again.'));
  const now = Date.now();
  const result = await run(
    byId('panel-key'),
    remove ? 'Removing the passphrase' : 'Changing the passphrase',
    alert,
    async () => {
      const secretKey = await work('changeKeyPassphrase', { key, oldPassphrases: current ? [current] : [], newPassphrase: remove ? null : next, now });
      const [info] = await work('inspectKeys', secretKey, { now });
      return { secretKey, info };
    },
    byId('manage-change-busy'),
  );
  if (!result) {
    retryPassphrase(alert, byId('manage-key'), key, byId('manage-passphrase'));
    return;
  }
  changed = { secretKey: result.secretKey, keyId: result.info?.keyId };
  if (result.info) byId('manage-changed-key').replaceChildren(...keyName(result.info));
  byId('manage-changed-how').textContent = remove
    ? 'Done: the new copy of your secret key has no passphrase. Anyone who gets the file can use it, so keep it somewhere only you can reach.'
    : 'Done: the new copy of your secret key opens with the new passphrase.';
  byId('manage-changed').hidden = false;
}

// --- Expiry -----------------------------------------------------------------------------

/** @type {{ secretKey: string, publicKey: string, keyId: string } | null} */
let extended = null;

function forgetExtended() {
  extended = null;
  byId('manage-extended-key').replaceChildren();
  byId('manage-extended-how').textContent = '';
  byId('manage-extended').hidden = true;
}

/**
 * The expiry chosen in the form: milliseconds, null for never, or undefined when no date is given.
 * @param {number} now
 */
function chosenExpiry(now) {
  const choice = byId('manage-expiry').value;
  if (choice === 'never') return null;
  if (choice === 'date') {
    const date = byId('manage-expiry-date').valueAsNumber;
    // The end of the chosen day, in the person's own time zone.
    return Number.isFinite(date) ? new Date(`${byId('manage-expiry-date').value}T23:59:59`).getTime() : undefined;
  }
  const when = new Date(now);
  when.setFullYear(when.getFullYear() + Number(choice));
  return when.getTime();
}

async function onExtend() {
  const alert = byId('manage-extend-alert');
  forgetExtended();
  hideConfirm();
  const now = Date.now();
  const expires = chosenExpiry(now);
  if (!byId('manage-key').value.trim()) return showError(alert, coded('no-keys', 'Paste your secret key first; nothing was changed.'));
  if (expires === undefined) return showError(alert, coded('invalid-argument', 'Choose the date the key should expire; nothing was changed.'));
  if (expires !== null && expires <= now) return showError(alert, coded('invalid-argument', 'Choose a date in the future; nothing was changed.'));
  const key = take(byId('manage-key'));
  const passphrase = take(byId('manage-passphrase'));
  const result = await run(
    byId('panel-key'),
    'Setting the expiry',
    alert,
    async () => {
      const secretKey = await work('setKeyExpiry', { key, passphrases: passphrase ? [passphrase] : [], expires, now });
      const publicKey = await work('extractCert', { key: secretKey });
      const [info] = await work('inspectKeys', publicKey, { now });
      return { secretKey, publicKey, info };
    },
    byId('manage-extend-busy'),
  );
  if (!result) {
    retryPassphrase(alert, byId('manage-key'), key, byId('manage-passphrase'));
    return;
  }
  extended = { secretKey: result.secretKey, publicKey: result.publicKey, keyId: result.info?.keyId };
  if (result.info) byId('manage-extended-key').replaceChildren(...keyName(result.info));
  const subkeys = result.info?.subkeys?.length ?? 0;
  const what = subkeys ? `The key and its ${subkeys === 1 ? 'subkey' : `${subkeys} subkeys`}` : 'The key';
  byId('manage-extended-how').textContent = result.info?.expires ? `Done. ${what} now expire on ${formatDate(result.info.expires)}.` : `Done. ${what} now never expire.`;
  byId('manage-extended').hidden = false;
  byId('manage-extended-secret').focus();
}

function setupExpiry() {
  const choice = byId('manage-expiry');
  choice.addEventListener('change', () => {
    byId('manage-expiry-date-box').hidden = choice.value !== 'date';
    forgetExtended();
  });
  byId('manage-expiry-date').min = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  byId('manage-key').addEventListener('input', forgetExtended);
  byId('manage-extend').addEventListener('click', onExtend);
  byId('manage-extended-secret').addEventListener('click', () => extended && download(keyFile(extended.keyId, 'SECRET'), extended.secretKey, 'application/pgp-keys'));
  byId('manage-extended-public').addEventListener('click', () => extended && download(keyFile(extended.keyId, 'public'), extended.publicKey, 'application/pgp-keys'));
  byId('manage-forget-extended').addEventListener('click', forgetExtended);
}

// --- Revoke ---------------------------------------------------------------------------

/** @type {{ cert: string, keyId: string } | null} */
let revoked = null;

function hideConfirm() {
  byId('revoke-confirm').hidden = true;
  byId('revoke-confirm-key').replaceChildren();
}

function forgetRevoked() {
  revoked = null;
  byId('manage-revoked-cert').value = '';
  byId('manage-revoked-key').replaceChildren();
  byId('manage-revoked').hidden = true;
}

/** First step: reads the key (not the passphrase) and asks to confirm. */
async function onRevokeAsk() {
  const alert = byId('manage-revoke-alert');
  hideConfirm();
  forgetRevoked();
  const key = byId('manage-key').value;
  if (!key.trim()) return showError(alert, coded('no-keys', 'Paste your secret key first; nothing was revoked.'));
  const infos = await run(byId('panel-key'), 'Reading the key', alert, () => work('inspectKeys', key, { now: Date.now() }), byId('manage-revoke-busy'));
  if (!infos) return;
  const [info] = infos;
  if (infos.length !== 1) return showError(alert, coded('invalid-argument', 'Paste exactly one secret key; nothing was revoked.'));
  if (!info.hasSecret) return showError(alert, coded('secret-key-missing', 'This is a public key. Revoking needs your secret key; nothing was revoked.'));
  if (info.revoked) return showError(alert, coded('key-revoked', 'This key is revoked already; there is nothing to do.'));
  byId('revoke-confirm-key').replaceChildren(...keyName(info));
  byId('revoke-confirm').hidden = false;
  byId('revoke-no').focus();
}

/** Second step: revokes, using (and emptying) the key and passphrase fields. */
async function onRevokeConfirm() {
  const alert = byId('manage-revoke-alert');
  hideConfirm();
  const key = take(byId('manage-key'));
  const passphrase = take(byId('manage-passphrase'));
  const reason = byId('manage-reason').value.trim();
  const now = Date.now();
  const result = await run(
    byId('panel-key'),
    'Revoking the key',
    alert,
    async () => {
      const cert = await work('revokeKey', { key, passphrases: passphrase ? [passphrase] : [], reason: reason || null, now });
      const [info] = await work('inspectKeys', cert, { now });
      return { cert, info };
    },
    byId('manage-revoke-busy'),
  );
  if (!result) {
    if (!retryPassphrase(alert, byId('manage-key'), key, byId('manage-passphrase'))) byId('manage-revoke').focus();
    return;
  }
  byId('manage-reason').value = '';
  revoked = { cert: result.cert, keyId: result.info?.keyId };
  if (result.info) byId('manage-revoked-key').replaceChildren(...keyName(result.info));
  byId('manage-revoked-cert').value = result.cert;
  byId('manage-revoked').hidden = false;
  byId('manage-download-revoked').focus(); // the confirmation that had the focus is gone
}

function setupManage() {
  const remove = byId('manage-remove');
  remove.addEventListener('change', () => {
    for (const id of /** @type {const} */ (['manage-new-passphrase', 'manage-new-passphrase2'])) {
      byId(id).value = '';
      byId(id).disabled = remove.checked;
    }
  });
  // A confirmation or a result never stays next to a key it was not made from.
  byId('manage-key').addEventListener('input', () => {
    hideConfirm();
    forgetChanged();
    forgetRevoked();
  });
  shared.filesInto(byId('manage-key'), byId('manage-key-box'), byId('manage-key-file'), { alert: byId('manage-change-alert') });
  byId('manage-change').addEventListener('click', onChange);
  byId('manage-download-secret').addEventListener('click', () => changed && download(keyFile(changed.keyId, 'SECRET'), changed.secretKey, 'application/pgp-keys'));
  byId('manage-forget-changed').addEventListener('click', forgetChanged);
  byId('manage-revoke').addEventListener('click', onRevokeAsk);
  byId('revoke-yes').addEventListener('click', onRevokeConfirm);
  byId('revoke-no').addEventListener('click', () => {
    hideConfirm();
    byId('manage-revoke').focus();
  });
  byId('manage-download-revoked').addEventListener('click', () => revoked && download(keyFile(revoked.keyId, 'revoked-public'), revoked.cert, 'application/pgp-keys'));
  byId('manage-copy-revoked').addEventListener('click', () => copy(byId('manage-revoked-cert').value, byId('manage-copy-status'), byId('manage-revoked-cert')));
}

// --- QR code and paper backup -----------------------------------------------------------
//
// The fingerprint as a QR code (OPENPGP4FPR:…, which key apps read), and a
// print view of the secret key: fingerprint, user IDs, the armored key as
// text and, when it fits, as a QR code. It is built into #paper-backup, a
// child of <body> that only the print stylesheet shows. The QR encoder
// (www/qr.js) is not part of the first load: seal.js preloads it with the
// OpenPGP worker when the browser is idle, or it loads when the first code
// is drawn.

/** @type {Promise<typeof import('./qr.js')> | null} */
let qrEncoder = null;

/**
 * www/qr.js, loaded once.
 * @returns {Promise<typeof import('./qr.js')>}
 */
export function loadQr() {
  qrEncoder ??= import('./qr.js');
  return qrEncoder;
}

/**
 * The QR code of a fingerprint, as an SVG.
 * @param {Pick<import('./sealpost.js').KeyInfo, 'fingerprint' | 'fingerprintHex'>} info
 */
async function fingerprintQr(info) {
  const { qrMatrix, qrSvg } = await loadQr();
  const hex = String(info.fingerprintHex ?? '').toUpperCase();
  return qrSvg(qrMatrix(`OPENPGP4FPR:${hex}`), `QR code of the fingerprint ${info.fingerprint || groupHex(hex)}`);
}

/**
 * The QR code of the armored key, or null when it is too large for one.
 * @param {string} armored
 */
async function keyQr(armored) {
  const { qrMatrix, qrSvg } = await loadQr();
  try {
    const svg = qrSvg(qrMatrix(armored), 'QR code of the secret key');
    svg.classList.add('qr-key');
    return svg;
  } catch (thrown) {
    const e = /** @type {import('./ui.js').CodedError} */ (thrown);
    if (e.code === 'input-too-large') return null;
    throw e;
  }
}

/**
 * Fills the print view with `secretKey` (armored) and its `info`; returns whether the key fit in a QR code.
 * @param {string} secretKey
 * @param {import('./sealpost.js').KeyInfo} info
 */
async function buildBackup(secretKey, info) {
  const keyCode = await keyQr(secretKey);
  const fingerprintCode = await fingerprintQr(info);
  const made = new Intl.DateTimeFormat(undefined, { dateStyle: 'long' }).format(new Date());
  byId('paper-backup').replaceChildren(
    el('h1', {}, 'OpenPGP secret key — paper backup'),
    el('p', {}, `Printed on ${made}. Keep this sheet as safe as the key file: with the passphrase, it reads your messages and signs in your name.`),
    el('div', { class: 'qr-pair' }, el('p', { class: 'fingerprint', 'data-part': 'fingerprint' }, info.fingerprint || groupHex(info.fingerprintHex)), fingerprintCode),
    el('ul', { 'data-part': 'user-ids' }, ...(info.userIds ?? []).map((u) => el('li', {}, u))),
    info.expires ? el('p', {}, `Expires on ${formatDate(info.expires)}.`) : el('p', {}, 'Does not expire.'),
    keyCode ? el('div', { class: 'qr-pair', 'data-part': 'key-qr' }, keyCode) : el('p', { 'data-part': 'key-qr' }, 'The key is too large for a QR code; type it in from the text below, or scan the text.'),
    el('pre', { 'data-part': 'key' }, secretKey.trim()),
  );
  return keyCode !== null;
}

/**
 * Prints the paper backup (the page's own view comes back after printing).
 * @param {string} secretKey
 * @param {import('./sealpost.js').KeyInfo} info
 */
async function printBackup(secretKey, info) {
  await buildBackup(secretKey, info);
  document.body.classList.add('printing-backup');
  addEventListener('afterprint', () => document.body.classList.remove('printing-backup'), { once: true });
  window.print();
}

/** @type {{ secretKey: string, info: import('./sealpost.js').KeyInfo } | null} */
let backup = null;

function forgetBackup() {
  backup = null;
  byId('manage-backup-result').hidden = true;
  byId('manage-qr').replaceChildren();
  byId('manage-backup-fingerprint').textContent = '';
  byId('manage-backup-note').textContent = '';
  byId('paper-backup').replaceChildren();
  document.body.classList.remove('printing-backup');
}

async function onBackup() {
  const alert = byId('manage-backup-alert');
  forgetBackup();
  const key = byId('manage-key').value.trim();
  if (!key) return showError(alert, coded('no-keys', 'Paste your secret key first.'));
  const infos = await run(byId('panel-key'), 'Reading the key', alert, () => work('inspectKeys', key, { now: Date.now() }));
  if (!infos) return;
  if (infos.length !== 1) return showError(alert, coded('invalid-argument', 'Paste exactly one secret key.'));
  const [info] = infos;
  if (!info.hasSecret) return showError(alert, coded('secret-key-missing', 'This is a public key; a paper backup is of the secret key. Its fingerprint QR code is shown anyway.'));
  if (!key.startsWith('-----BEGIN PGP PRIVATE KEY BLOCK-----')) return showError(alert, coded('invalid-argument', 'Paste the armored secret key (it starts with -----BEGIN PGP PRIVATE KEY BLOCK-----).'));
  backup = { secretKey: key, info };
  byId('manage-backup-fingerprint').textContent = info.fingerprint || groupHex(info.fingerprintHex);
  byId('manage-qr').replaceChildren(await fingerprintQr(info));
  const fits = await buildBackup(key, info);
  byId('manage-backup-note').textContent = fits
    ? 'The paper backup has the key as text and as a QR code.'
    : `The key (${key.length} characters) is too large for a QR code; the paper backup has it as text.`;
  byId('manage-backup-result').hidden = false;
}

function setupBackup() {
  byId('manage-backup').addEventListener('click', onBackup);
  byId('manage-print-backup').addEventListener('click', () => backup && printBackup(backup.secretKey, backup.info));
  byId('manage-key').addEventListener('input', forgetBackup);
  byId('key-print-backup').addEventListener('click', async () => {
    if (!generated) return;
    const [info] = await work('inspectKeys', generated.secretKey, { now: Date.now() });
    await printBackup(generated.secretKey, info);
  });
}

// --- Start ------------------------------------------------------------------------------

/**
 * Wires the "My key" tab; `helpers` come from seal.js.
 * @param {Shared} helpers
 */
export function setupKeys(helpers) {
  shared = helpers;
  const setMode = () => {
    const manage = /** @type {HTMLInputElement | null} */ (document.querySelector('input[name="key-mode"]:checked'))?.value === 'manage';
    byId('key-make').hidden = manage;
    byId('key-manage').hidden = !manage;
  };
  for (const r of document.querySelectorAll('input[name="key-mode"]')) r.addEventListener('change', setMode);
  setMode();
  setupMake();
  setupManage();
  setupExpiry();
  setupBackup();
}
