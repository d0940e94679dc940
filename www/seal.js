// "Seal a message": recipients, encryption (in the format chosen) and
// opening messages; the "My key" tab is mykey.js. All OpenPGP work runs in
// pgp-worker.js, reached through pgp-pool.js; this module only reads the form,
// asks the worker and shows the answer.
//
// Rules kept here: secret fields (secret keys, passphrases, passwords) are
// emptied as soon as they have been read for an operation; a result area is
// emptied before every operation, so an old result never sits next to a new
// error; nothing is stored anywhere and nothing is logged.
import { loadQr, setupKeys } from './mykey.js';
import { acceptDrops, acceptFiles, announce, byId, coded, copy, download, el, formatDate, groupHex, retryPassphrase, run, showError, tabs, take } from './ui.js';
import { cancelWork, preloadWhenIdle, work, workWith } from './pgp-pool.js';

// --- Shared bits -------------------------------------------------------------

/** @typedef {import('./sealpost.js').KeyInfo} KeyInfo */
/** @typedef {import('./pgp-pool.js').Operations} Operations */

/**
 * Puts dropped or chosen key/message files into `textarea` (armoring binary ones).
 * @param {HTMLTextAreaElement} textarea
 * @param {HTMLElement} zone
 * @param {HTMLInputElement} input
 * @param {{ append?: boolean, alert?: HTMLElement }} [options]
 */
function filesInto(textarea, zone, input, { append = false, alert } = {}) {
  /** @param {string} joined */
  const put = (joined) => {
    textarea.value = append && textarea.value.trim() ? `${textarea.value.trim()}\n${joined}` : joined;
    textarea.dispatchEvent(new Event('input'));
  };
  /** @param {import('./ui.js').ReadFile[]} files */
  const onFiles = async (files) => {
    try {
      const texts = [];
      for (const file of files) texts.push(file.text ?? (await work('armor', file.bytes)));
      put(texts.join('\n'));
      if (alert) showError(alert, null);
    } catch (thrown) {
      const e = /** @type {import('./ui.js').CodedError} */ (thrown);
      if (alert) showError(alert, e);
    }
  };
  acceptFiles(zone, input, onFiles, put);
}

/** @param {import('./sealpost.js').Verdict} verdict */
function yesNo(verdict) {
  if (verdict?.ok) return [el('span', { class: 'yes' }, 'yes')];
  // The core's reasons may start with its own "No: "; the page says "no" already.
  const text = verdict?.reason?.replace(/^no\s*:\s*/i, '').replace(/\.$/, '');
  const reason = text ? `, because ${text}` : '';
  return [el('span', { class: 'no' }, 'no'), reason];
}

/** @param {KeyInfo} info */
function userIdOf(info) {
  return info.primaryUserId ?? info.userIds?.[0] ?? 'A key without a name';
}

/** @param {KeyInfo} info */
function algorithmOf(info) {
  const parts = [info.algorithm, info.bits ? `${info.bits} bits` : null, info.version ? `version ${info.version} key` : null];
  return parts.filter(Boolean).join(' · ');
}

// --- Recipients ---------------------------------------------------------------

/**
 * A recipient: its key and its card in the list.
 * @typedef {{ info: KeyInfo, card: HTMLLIElement }} Recipient
 */
/** @type {Map<string, Recipient>} */
const recipients = new Map(); // fingerprintHex -> { info, card }

/**
 * @param {KeyInfo} info
 * @param {() => void} onRemove
 */
function keyCard(info, onRemove) {
  const name = userIdOf(info);
  const unusable = !info.canEncrypt?.ok;
  const flags = [];
  if (info.revoked) flags.push(el('p', { class: 'flag' }, `Revoked by its owner${info.revocationReason ? `: ${info.revocationReason}` : ''}. Do not use this key.`));
  if (info.expired) flags.push(el('p', { class: 'flag' }, `Expired${info.expires ? ` on ${formatDate(info.expires)}` : ''}.`));
  if (info.hasSecret) flags.push(el('p', { class: 'flag warn' }, 'This is a secret key. Only its public part is used here; never send the secret key to anyone.'));
  const remove = el('button', { type: 'button', class: 'danger', 'aria-label': `Remove ${name}` }, 'Remove');
  remove.addEventListener('click', onRemove);
  const others = (info.userIds ?? []).filter((u) => u !== name);
  return el(
    'li',
    { class: unusable ? 'key unusable' : 'key', 'data-fingerprint': info.fingerprintHex },
    el('header', {}, el('h3', { tabindex: '-1' }, name), remove),
    others.length ? el('ul', { class: 'uids', 'aria-label': 'Other user IDs' }, others.map((u) => el('li', {}, u))) : null,
    flags,
    el(
      'dl',
      {},
      el('dt', {}, 'Fingerprint'),
      el('dd', { class: 'fingerprint' }, info.fingerprint || groupHex(info.fingerprintHex)),
      el('dt', {}, 'Created'),
      el('dd', {}, formatDate(info.created) ?? 'unknown'),
      el('dt', {}, 'Expires'),
      el('dd', {}, info.expires ? `${formatDate(info.expires)}${info.expired ? ' (expired)' : ''}` : 'never'),
      el('dt', {}, 'Algorithm'),
      el('dd', {}, algorithmOf(info) || 'unknown'),
    ),
    el(
      'ul',
      { class: 'verdicts' },
      el('li', { 'data-verdict': 'encrypt' }, 'Can encrypt to this key now: ', ...yesNo(info.canEncrypt)),
      el('li', { 'data-verdict': 'sign' }, 'Can sign: ', ...yesNo(info.canSign)),
    ),
  );
}

/**
 * @param {string | Uint8Array} data
 * @returns {Promise<boolean>}
 */
async function addRecipients(data) {
  const alert = byId('recipient-alert');
  showError(alert, null);
  if (typeof data === 'string' && !data.trim()) {
    showError(alert, coded('no-keys', 'Paste a public key first.'));
    return false;
  }
  const infos = await run(byId('panel-seal'), 'Reading the key', alert, () => work('inspectKeys', data, { now: Date.now() }));
  if (!infos) return false;
  if (!infos.length) {
    showError(alert, coded('no-keys', 'No OpenPGP key was found in the input.'));
    return false;
  }
  const list = byId('recipient-list');
  const added = [];
  const already = [];
  for (const info of infos) {
    if (recipients.has(info.fingerprintHex)) {
      already.push(/** @type {Recipient} */ (recipients.get(info.fingerprintHex))); // has() said so
      continue;
    }
    const card = keyCard(info, () => removeRecipient(info.fingerprintHex));
    recipients.set(info.fingerprintHex, { info, card });
    list.append(card);
    added.push({ info, card });
    clearSealed();
  }
  tellRecipients(added, already);
  return true;
}

const recipientCount = () => (recipients.size === 1 ? '1 recipient' : `${recipients.size || 'No'} recipients`);

/**
 * Says which keys were added and which were there already, and moves to the first of them.
 * @param {Recipient[]} added
 * @param {Recipient[]} already
 */
function tellRecipients(added, already) {
  /** @param {Recipient[]} list */
  const names = (list) => list.map(({ info }) => userIdOf(info)).join(', ');
  const said = [];
  if (added.length) said.push(`Added ${names(added)}.`);
  if (already.length) said.push(`${already.length === 1 ? 'This key is' : 'These keys are'} already a recipient, so ${already.length === 1 ? 'it was' : 'they were'} not added again: ${names(already)}.`);
  said.push(`${recipientCount()}.`);
  byId('recipient-note').textContent = said.join(' ');
  for (const { card } of already) {
    card.classList.remove('again');
    void card.offsetWidth; // restart the highlight
    card.classList.add('again');
  }
  (added[0] ?? already[0])?.card.querySelector('h3')?.focus();
}

/**
 * Removes a recipient; the focus goes to the next card's Remove, or the one before, or the key field.
 * @param {string} fingerprintHex
 */
function removeRecipient(fingerprintHex) {
  const entry = recipients.get(fingerprintHex);
  if (!entry) return;
  const cards = [...byId('recipient-list').children];
  const at = cards.indexOf(entry.card);
  recipients.delete(fingerprintHex);
  entry.card.remove();
  clearSealed();
  const next = cards[at + 1] ?? cards[at - 1];
  byId('recipient-note').textContent = `Removed ${userIdOf(entry.info)}. ${recipientCount()} left.`;
  (/** @type {HTMLElement | null | undefined} */ (next?.querySelector('header button')) ?? byId('recipient-input')).focus();
}

function setupRecipients() {
  const input = byId('recipient-input');
  byId('recipient-add').addEventListener('click', async () => {
    if (await addRecipients(input.value)) input.value = '';
  });
  acceptFiles(
    byId('recipient-drop'),
    byId('recipient-file'),
    async (files) => {
      for (const file of files) await addRecipients(file.bytes);
    },
    (text) => addRecipients(text),
  );
}

// --- Encrypt --------------------------------------------------------------------

/** @type {{ text: string, filename: string } | null} */
let sealed = null;

function clearSealed() {
  sealed = null;
  byId('seal-output').value = '';
  byId('seal-format').textContent = '';
  delete byId('seal-format').dataset.format;
  byId('seal-result').hidden = true;
}

/**
 * Shows a sealed or signed text; `seipd` is the format encrypt() says it
 * wrote (none for a signed text). The focus goes to Copy, the next thing to
 * do, and `said` is announced.
 * @param {string} text
 * @param {string} label
 * @param {string} filename
 * @param {1 | 2 | null} [seipd]
 * @param {string} [said]
 */
function showSealed(text, label, filename, seipd = null, said = label) {
  sealed = { text, filename };
  byId('seal-output-label').textContent = label;
  byId('seal-output').value = text;
  showFormat(seipd);
  byId('seal-result').hidden = false;
  byId('seal-copy').focus();
  announce(`${said} Copy it or download it.`);
}

/** @param {1 | 2 | null} version */
function showFormat(version) {
  const note = byId('seal-format');
  // A signed text (null) finds no entry.
  const text = {
    1: 'Format: RFC 4880 (with an integrity check), readable by GnuPG, Thunderbird and every OpenPGP program.',
    2: 'Format: RFC 9580 (authenticated encryption). Only programs that support RFC 9580 can open it.',
  }[/** @type {1 | 2} */ (version)];
  note.textContent = text ?? '';
  if (text) note.dataset.format = version === 2 ? 'rfc9580' : 'rfc4880';
  else delete note.dataset.format;
}

/** The signer from the form (emptying the secret fields), or null. */
function takeSigner() {
  const key = take(byId('seal-sign-key'));
  const passphrase = take(byId('seal-sign-passphrase'));
  return key.trim() ? [{ key, passphrase: passphrase || null }] : null;
}

/**
 * After a wrong passphrase for the signing key: the key goes back, only the passphrase stays cleared.
 * @param {ReturnType<typeof takeSigner>} signers
 */
function retrySigner(signers) {
  if (!signers) return;
  if (retryPassphrase(byId('seal-alert'), byId('seal-sign-key'), signers[0].key, byId('seal-sign-passphrase'))) {
    byId('seal-sign-box').open = true;
  }
}

async function onEncrypt() {
  const alert = byId('seal-alert');
  clearSealed();
  const message = byId('seal-message').value;
  if (!message) return showError(alert, coded('empty-message', 'Write a message first; nothing was encrypted.'));
  const password = take(byId('seal-password'));
  const again = take(byId('seal-password2'));
  const signers = takeSigner();
  if (password !== again) return showError(alert, coded('password-mismatch', 'The two passwords differ; nothing was encrypted. Type the password twice again.'));
  /** @type {Parameters<Operations['encrypt']>[0]} */
  const options = {
    plaintext: message,
    recipients: [...recipients.values()].map(({ info }) => info.cert),
    passwords: password ? [password] : [],
    signers: signers ?? [],
    armor: true,
    // One of the select's options.
    profile: /** @type {import('./sealpost.js').Profile} */ (byId('seal-profile').value),
    details: true,
    now: Date.now(),
  };
  const encrypt = () =>
    work('encrypt', options).catch((e) => {
      if (e.code !== 'unsupported-profile') throw e;
      throw coded(e.code, `${e.message} Nothing was encrypted; choose "Compatible" under Format to write to every recipient.`);
    });
  const out = await run(byId('panel-seal'), signers ? 'Encrypting and signing' : 'Encrypting', alert, encrypt);
  if (typeof out?.message !== 'string') return retrySigner(signers);
  const to = [...recipients.values()].map(({ info }) => userIdOf(info));
  const said = `Encrypted${signers ? ' and signed' : ''}${to.length ? ` for ${to.join(', ')}` : ''}${password ? `${to.length ? ' and' : ''} with a password` : ''}.`;
  showSealed(out.message, signers ? 'Sealed and signed message' : 'Sealed message', 'message.asc', out.seipd, said);
}

async function onSignOnly() {
  const alert = byId('seal-alert');
  clearSealed();
  const message = byId('seal-message').value;
  if (!message) return showError(alert, coded('empty-message', 'Write a message first; nothing was signed.'));
  const signers = takeSigner();
  if (!signers) {
    byId('seal-sign-box').open = true;
    return showError(alert, coded('no-signing-key', 'Add your secret key under "Sign it with my key" first; nothing was signed.'));
  }
  const out = await run(byId('panel-seal'), 'Signing', alert, () =>
    work('sign', { plaintext: message, signers, mode: 'cleartext', armor: true, now: Date.now() }),
  );
  if (typeof out !== 'string') return retrySigner(signers);
  showSealed(out, 'Signed message (not encrypted: anyone can read it)', 'signed-message.asc', null, 'Signed; the message is not encrypted.');
}

function setupEncrypt() {
  // A sealed message never stays next to a message or recipients it was not made from.
  byId('seal-message').addEventListener('input', () => sealed && clearSealed());
  byId('seal-profile').addEventListener('change', () => sealed && clearSealed());
  byId('seal-button').addEventListener('click', onEncrypt);
  byId('seal-sign-only').addEventListener('click', onSignOnly);
  byId('seal-copy').addEventListener('click', () => copy(byId('seal-output').value, byId('seal-copy-status'), byId('seal-output')));
  byId('seal-download').addEventListener('click', () => sealed && download(sealed.filename, sealed.text));
  filesInto(byId('seal-sign-key'), byId('seal-sign-box'), byId('seal-sign-file'), { alert: byId('seal-alert') });
}

// --- Encrypt files ----------------------------------------------------------------
//
// A file goes to the worker as its bytes (transferred, not copied) and comes
// back the same way; the page never holds it as text, and never shows an
// encrypted file in a text box: each result is a download link.

/** The largest file the page encrypts or decrypts (the core's input limit). */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** @type {File[]} */
const files = []; // File objects to encrypt
/** @type {string[]} */
let fileResults = []; // blob: URLs offered as downloads

/**
 * "16.0 MiB", "512 bytes": a size for people.
 * @param {number} n
 */
export function formatSize(n) {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

/** @param {File} file */
function tooLarge(file) {
  return coded('input-too-large', `${file.name} is ${formatSize(file.size)}; Sealpost encrypts and decrypts files of up to ${formatSize(MAX_FILE_BYTES)} in the browser. Nothing was done with it.`);
}

function clearFileResults() {
  for (const url of fileResults) URL.revokeObjectURL(url);
  fileResults = [];
  byId('seal-file-results').replaceChildren();
  byId('seal-file-results').hidden = true;
}

function showFiles() {
  byId('seal-file-list').replaceChildren(
    ...files.map((file, i) =>
      el(
        'li',
        {},
        el('span', { class: 'file-name' }, file.name),
        el('span', { class: 'detail' }, ` ${formatSize(file.size)} `),
        removeButton(file, i),
      ),
    ),
  );
}

/**
 * @param {File} file
 * @param {number} i
 */
function removeButton(file, i) {
  const button = el('button', { type: 'button', class: 'link', 'aria-label': `Remove ${file.name}` }, 'Remove');
  button.addEventListener('click', () => removeFile(i));
  return button;
}

/** @param {number} i */
function removeFile(i) {
  files.splice(i, 1);
  clearFileResults();
  showFiles();
}

/** @param {File[]} list */
function addFiles(list) {
  const alert = byId('seal-files-alert');
  clearFileResults();
  const refused = [...list].filter((f) => f.size > MAX_FILE_BYTES);
  files.push(...[...list].filter((f) => f.size <= MAX_FILE_BYTES));
  showFiles();
  showError(alert, refused.length ? tooLarge(refused[0]) : null);
}

/**
 * A link that downloads `bytes` as `name`.
 * @param {string} name
 * @param {Uint8Array} bytes
 * @param {string} type
 */
function downloadLink(name, bytes, type) {
  // The bytes are Sealpost's output, never a view of shared memory.
  const url = URL.createObjectURL(new Blob([/** @type {BlobPart} */ (bytes)], { type }));
  fileResults.push(url);
  return el('a', { href: url, download: name, class: 'button' }, `Download ${name}`);
}

async function onEncryptFiles() {
  const alert = byId('seal-files-alert');
  clearFileResults();
  if (!files.length) return showError(alert, coded('empty-message', 'Choose or drop the files to encrypt first; nothing was encrypted.'));
  const password = take(byId('seal-password'));
  const again = take(byId('seal-password2'));
  const signers = takeSigner();
  if (password !== again) return showError(alert, coded('password-mismatch', 'The two passwords differ; nothing was encrypted. Type the password twice again.'));
  const armor = byId('seal-file-format').value === 'armor';
  const list = byId('seal-file-results');
  const done = [];
  const todo = [...files];
  for (const [i, file] of todo.entries()) {
    const label = `Encrypting ${file.name} (${todo.length > 1 ? `${i + 1} of ${todo.length}, ` : ''}${formatSize(file.size)})`;
    const out = await run(byId('panel-seal'), label, alert, async () => {
      const plaintext = await readFile(file);
      /** @type {import('./sealpost.js').EncryptOptions} */
      const options = {
        plaintext,
        filename: file.name,
        recipients: [...recipients.values()].map(({ info }) => info.cert),
        passwords: password ? [password] : [],
        signers: signers ?? [],
        armor,
        // One of the select's options.
        profile: /** @type {import('./sealpost.js').Profile} */ (byId('seal-profile').value),
        now: Date.now(),
      };
      return workWith([plaintext.buffer], 'encryptFile', options);
    }, byId('seal-files-busy'));
    if (!(out?.message instanceof Uint8Array)) {
      retrySigner(signers);
      break;
    }
    const name = `${file.name}${armor ? '.asc' : '.gpg'}`;
    done.push(el('li', {}, downloadLink(name, out.message, armor ? 'application/pgp-encrypted' : 'application/octet-stream'), el('span', { class: 'detail' }, ` ${formatSize(out.message.length)}`)));
  }
  if (!done.length) return;
  list.replaceChildren(...done);
  list.hidden = false;
  /** @type {HTMLAnchorElement} */ (list.querySelector('a')).focus(); // a link was just added
  const all = done.length === todo.length;
  announce(`${all ? 'Encrypted' : `Encrypted ${done.length} of ${todo.length} files`}; download ${done.length > 1 ? 'each file' : 'the file'} below.`);
}

function setupEncryptFiles() {
  const box = byId('seal-files-box');
  acceptDrops(box, byId('seal-files'), (list) => {
    box.open = true;
    addFiles(list);
  });
  byId('seal-files-button').addEventListener('click', onEncryptFiles);
  byId('seal-file-format').addEventListener('change', clearFileResults);
  byId('seal-profile').addEventListener('change', clearFileResults);
}

// --- Open a message ---------------------------------------------------------------

/** @type {{ plaintext: Uint8Array, filename: string } | null} */
let opened = null;
/**
 * The raw MIME of the message shown, kept for "the whole message as received".
 * @type {string | Uint8Array | null}
 */
let openedRaw = null;

function clearOpened() {
  opened = null;
  openedRaw = null;
  byId('open-mime').hidden = true;
  byId('open-attachments').replaceChildren();
  byId('open-mime-headers').replaceChildren();
  byId('open-raw').value = '';
  byId('open-output').value = '';
  byId('open-verdict').replaceChildren();
  byId('open-meta').textContent = '';
  byId('open-result').hidden = true;
  markUnverified(false);
}

/**
 * A text whose signature check failed (changed, or signed by a revoked
 * key) is shown only marked as such: its label says so, the box is red,
 * and Copy and Download say "anyway".
 * @param {boolean} on
 */
function markUnverified(on) {
  byId('open-result').classList.toggle('untrusted', on);
  byId('open-output').toggleAttribute('aria-invalid', on);
  byId('open-output-label').textContent = on ? 'Not verified: this text does not match its signature. Do not rely on it.' : 'Message';
  byId('open-copy').textContent = on ? 'Copy anyway' : 'Copy';
  byId('open-download').textContent = on ? 'Download anyway' : 'Download';
}

function modeOf() {
  return /** @type {HTMLInputElement | null} */ (document.querySelector('input[name="open-mode"]:checked'))?.value ?? 'decrypt';
}

/** @param {import('./sealpost.js').Verification} v */
function verdictBox(v) {
  const who = v.userId ? ` from ${v.userId}` : '';
  const fingerprint = v.signerFingerprint ? el('span', { class: 'detail fingerprint' }, `Key ${groupHex(v.signerFingerprint)}`) : null;
  const made = v.created ? el('span', { class: 'detail' }, `Signed on ${formatDate(v.created)}.`) : null;
  const detail = v.message ? el('span', { class: 'detail' }, v.message) : null;
  /**
   * @param {string} kind
   * @param {string} title
   * @param {...import('./ui.js').Child} rest
   */
  const box = (kind, title, ...rest) => el('div', { class: `verdict ${kind}`, 'data-status': v.status }, title, ...rest);
  switch (v.status) {
    case 'good':
      return box('good', `✔ Good signature${who}`, fingerprint, made);
    case 'bad':
      return box('bad', '✘ Bad signature: the message or the signature has been changed', fingerprint, detail);
    case 'unknown-signer':
      // One sentence: the core's message says the same in other words.
      return box('unknown', '? Signed by an unknown key', fingerprint, el('span', { class: 'detail' }, "Add the sender's public key above to check who signed it."));
    case 'expired-key':
      return box('unknown', `! Signed with an expired key${who}`, fingerprint, detail);
    case 'revoked-key':
      return box('bad', `✘ Signed with a revoked key${who}`, fingerprint, detail);
    default:
      return box('unknown', '? The signature could not be checked', fingerprint, detail);
  }
}

/** @param {Pick<import('./sealpost.js').Decrypted, 'seipd' | 'symmetric'>} result */
function protection(result) {
  const container = result.seipd === 2 ? 'RFC 9580 authenticated encryption' : 'integrity check (MDC)';
  return `Decrypted and checked: ${[result.symmetric, container].filter(Boolean).join(', ')}.`;
}

/**
 * What showOpened() shows: a decrypted message, or a signed one.
 * @typedef {{ plaintext: Uint8Array, text: string | null, filename?: string | null,
 *   verifications?: import('./sealpost.js').Verification[] }} Shown
 */

/**
 * @param {Shown} result
 * @param {string} how
 */
function showOpened(result, how) {
  const text = result.text;
  const large = (result.plaintext?.length ?? 0) > TEXT_BOX_BYTES;
  opened = { plaintext: result.plaintext, filename: safeFileName(result.filename, text === null ? 'message.bin' : 'message.txt') };
  const verifications = result.verifications ?? [];
  byId('open-verdict').replaceChildren(
    ...(verifications.length
      ? verifications.map(verdictBox)
      : [el('div', { class: 'verdict none', 'data-status': 'none' }, 'Not signed', el('span', { class: 'detail' }, 'Nothing shows who wrote this message.'))]),
  );
  const meta = [how];
  if (result.filename) meta.push(`File name: ${opened.filename}.`);
  if (large) meta.push(`The content is ${formatSize(result.plaintext.length)}, too large to show here; use Download.`);
  else if (text === null) meta.push(`The content is not text (${result.plaintext?.length ?? 0} bytes); use Download.`);
  byId('open-meta').textContent = meta.join(' ');
  byId('open-output').value = text ?? '';
  const failed = !verifications.some((v) => v.status === 'good') && verifications.some((v) => v.status === 'bad' || v.status === 'revoked-key');
  markUnverified(failed);
  byId('open-result').hidden = false;
  byId('open-verdict').focus();
  announce(failed ? `${how} The signature check failed; the text is marked as not verified.` : `${how} The signature verdict and the message are below.`);
}

// Set by Cancel: a file still being read when Cancel is pressed is not
// handed to the worker (there is no work to stop yet).
let cancelAsked = false;

/**
 * The bytes of `file`; throws `cancelled` when Cancel was pressed while it was read.
 * @param {File} file
 */
async function readFile(file) {
  cancelAsked = false;
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (cancelAsked) throw coded('cancelled', 'Cancelled. Nothing was produced.');
  return bytes;
}

/**
 * Decrypts `file` with `options` in the worker; a small text result is shown, anything else only downloaded.
 * @param {File} file
 * @param {Omit<Parameters<Operations['decrypt']>[0], 'message'>} options
 * @param {HTMLElement} alert
 */
async function decryptFile(file, options, alert) {
  const result = await run(byId('panel-open'), `Decrypting ${file.name} (${formatSize(file.size)})`, alert, async () => {
    const message = await readFile(file);
    return workWith([message.buffer], 'decryptFile', { ...options, message });
  });
  if (!result) return result;
  /** @type {string | null} */
  let text = null;
  if (result.plaintext.length <= TEXT_BOX_BYTES) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(result.plaintext);
      if (text.includes('\0')) text = null;
    } catch {
      text = null;
    }
  }
  return { ...result, text, filename: safeFileName(result.filename, plainNameOf(file)) };
}

// --- PGP/MIME ---------------------------------------------------------------------
// Thunderbird, Mailvelope and Enigmail wrap a message in MIME (RFC 3156):
// the decrypted text is itself an email with a body and attachments, and a
// whole .eml may be pasted. The mail module (loaded only then) takes it apart
// in the page; the OpenPGP work stays in the worker.

/** @type {typeof import('./sealpost.js') | null} */
let mail = null;
/** The JS API for the mail functions, loaded on first need. */
async function mailApi() {
  mail ??= await import('./sealpost.js');
  return mail;
}

const MIME_START = /^(?:[!-9;-~]+:[^\n]*\n(?:[ \t][^\n]*\n)*)*?content-type:[ \t]*([a-z]+\/[a-z0-9.+-]+)/i;

/**
 * The MIME type of the top of `text` when it starts as a MIME message or part, else null.
 * @param {string | null} text
 */
function mimeTypeOf(text) {
  if (typeof text !== 'string') return null;
  const m = MIME_START.exec(text.slice(0, 64 << 10).replace(/\r\n?/g, '\n'));
  return m ? m[1].toLowerCase() : null;
}

/** @param {number} n */
function sizeText(n) {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Shows `content` (openMime's result) instead of the raw MIME: the text
 * body in the output box, the protected subject and sender, and each
 * attachment with a download button. The raw MIME stays one click away.
 * @param {import('./sealpost.js').MimeContent} content
 * @param {string | Uint8Array} raw
 */
function showMime(content, raw) {
  openedRaw = raw;
  byId('open-output').value = content.text;
  byId('open-output-label').textContent = byId('open-result').classList.contains('untrusted') ? byId('open-output-label').textContent : 'Message text';
  byId('open-mime-headers').replaceChildren(
    ...[['Subject', content.subject], ['From', content.from], ['Date', content.date]].filter(([, v]) => v).flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]),
  );
  const list = byId('open-attachments');
  list.replaceChildren(
    ...content.attachments.map((a, i) => {
      const name = a.name || `attachment-${i + 1}`;
      const button = el('button', { type: 'button', 'data-attachment': i }, 'Download');
      button.addEventListener('click', () => download(name, a.bytes, a.contentType || 'application/octet-stream'));
      return el('li', {}, el('span', { class: 'name' }, name), el('span', { class: 'note' }, `${a.contentType}, ${sizeText(a.size)}`), button);
    }),
  );
  byId('open-attachments-title').textContent = content.attachments.length ? `Attachments (${content.attachments.length})` : 'No attachments';
  byId('open-raw').value = typeof raw === 'string' ? raw : new TextDecoder().decode(raw);
  const meta = byId('open-meta');
  meta.textContent = `${meta.textContent} It is a MIME message: its text and attachments are shown below; the whole message is under "The whole message as received".`.trim();
  opened = { ...opened, filename: 'message.txt', plaintext: new TextEncoder().encode(content.text) };
  byId('open-mime').hidden = false;
}

/**
 * The signed part of a decrypted `multipart/signed`, checked in the worker: its verifications.
 * @param {string | Uint8Array} plaintext
 * @param {string} certs
 */
async function verifyInner(plaintext, certs) {
  const api = await mailApi();
  const parts = await api.signedParts({ message: plaintext });
  const checked = await work('verify', { plaintext: parts.signed, signature: parts.signature, certs: certs ? [certs] : [], now: Date.now() });
  return { verifications: checked.verifications, content: await api.openMime({ message: parts.signed }) };
}

async function onOpen() {
  const alert = byId('open-alert');
  clearOpened();
  const message = byId('open-message').value;
  const fromFile = modeOf() === 'decrypt' ? openFile : null;
  if (!fromFile && !message.trim()) return showError(alert, coded('empty-message', 'Paste or drop a message first.'));
  const certs = byId('open-certs').value.trim();
  const key = take(byId('open-key'));
  const passphrase = take(byId('open-passphrase'));
  const password = take(byId('open-password'));
  const panel = byId('panel-open');
  const outer = fromFile ? null : mimeTypeOf(message);
  if (outer === 'multipart/signed') {
    const result = await run(panel, 'Checking the signature', alert, () => verifyInner(message, certs));
    if (result) {
      showOpened({ verifications: result.verifications, plaintext: new TextEncoder().encode(result.content.text), text: result.content.text }, 'A PGP/MIME signed message (it was not encrypted).');
      showMime(result.content, message);
    }
    return;
  }
  if (modeOf() === 'verify') {
    const result = await run(panel, 'Checking the signature', alert, () =>
      work('verify', { message, certs: certs ? [certs] : [], now: Date.now() }),
    );
    // A signed message: its plaintext is in the result.
    if (result) showOpened(/** @type {Shown} */ (result), 'Signed text (it was not encrypted).');
    return;
  }
  if (!key.trim() && !password) {
    return showError(alert, coded('no-keys', "Add your secret key (and its passphrase) or the message's password; nothing was opened."));
  }
  /** @type {{ message: string | Uint8Array | null, keys: { key: string, passphrase: string | null }[], passwords: string[], verifyWith: string[], now: number }} */
  const options = {
    message: outer === 'multipart/encrypted' ? null : message,
    keys: key.trim() ? [{ key, passphrase: passphrase || null }] : [],
    passwords: password ? [password] : [],
    verifyWith: certs ? [certs] : [],
    now: Date.now(),
  };
  /**
   * @type {{ decrypted: import('./sealpost.js').Decrypted | undefined,
   *   content?: import('./sealpost.js').MimeContent } | undefined}
   */
  const result = fromFile ? { decrypted: await decryptFile(fromFile, options, alert) } : await run(panel, 'Decrypting', alert, async () => {
    // A whole PGP/MIME email: decrypt its application/octet-stream part.
    if (outer === 'multipart/encrypted') options.message = (await (await mailApi()).encryptedPart({ message })).encrypted;
    // Its message is there by now: the one pasted, or the encrypted part of the email.
    const decrypted = await work('decrypt', /** @type {Parameters<Operations['decrypt']>[0]} */ (options));
    const inner = mimeTypeOf(decrypted.text);
    if (!inner) return { decrypted };
    if (inner === 'multipart/signed') {
      // Signed, then encrypted (Enigmail's way): the signature is inside.
      const { verifications, content } = await verifyInner(decrypted.plaintext, certs);
      return { decrypted: { ...decrypted, verifications: [...(decrypted.verifications ?? []), ...verifications] }, content };
    }
    return { decrypted, content: await (await mailApi()).openMime({ message: decrypted.plaintext }) };
  });
  if (result?.decrypted) {
    showOpened(result.decrypted, protection(result.decrypted));
    // The content was read from the text, so there is one.
    if (result.content?.mime) showMime(result.content, /** @type {string} */ (result.decrypted.text));
  } else if (key.trim()) retryPassphrase(alert, byId('open-key'), key, byId('open-passphrase'));
}

// An encrypted file is kept as a File and read only when it is decrypted
// (each attempt reads it again: its bytes are handed to the worker). Small
// text files (an armored message) still go into the text box.
const TEXT_BOX_BYTES = 1024 * 1024;
/** @type {File | null} */
let openFile = null;

/** @param {File | null} file */
function setOpenFile(file) {
  openFile = file;
  byId('open-file-note').hidden = !file;
  byId('open-file-name').textContent = file ? `File to decrypt: ${file.name} (${formatSize(file.size)}); the result is offered as a download.` : '';
  byId('open-message').disabled = Boolean(file);
  if (file) byId('open-message').value = '';
  clearOpened();
}

/** @param {HTMLElement} alert */
function setupOpenFile(alert) {
  const textarea = byId('open-message');
  /** @param {string} text */
  const put = (text) => {
    setOpenFile(null);
    textarea.value = text;
    textarea.dispatchEvent(new Event('input'));
  };
  /** @param {File[]} list */
  const take = async (list) => {
    const [file] = list;
    if (!file) return;
    showError(alert, null);
    if (file.size > MAX_FILE_BYTES) return showError(alert, tooLarge(file));
    if (modeOf() === 'decrypt' && file.size > TEXT_BOX_BYTES) return setOpenFile(file);
    const bytes = new Uint8Array(await file.arrayBuffer());
    /** @type {string | null} */
    let text = null;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = null;
    }
    if (text !== null && !text.includes('\0')) return put(text);
    if (modeOf() === 'decrypt') return setOpenFile(file);
    try {
      put(await work('armor', bytes));
    } catch (thrown) {
      const e = /** @type {import('./ui.js').CodedError} */ (thrown);
      showError(alert, e);
    }
  };
  acceptDrops(byId('open-drop'), byId('open-file'), take, put);
  byId('open-file-remove').addEventListener('click', () => {
    setOpenFile(null);
    textarea.focus();
  });
}

/**
 * A file name from a message (the literal packet's, which the sender chose)
 * made safe to save: no folders, no control or reserved characters, no
 * leading dots, at most 200 characters; `fallback` when nothing is left.
 * @param {string | null | undefined} name
 * @param {string} fallback
 */
export function safeFileName(name, fallback) {
  const base = String(name ?? '').split(/[/\\]/).pop() ?? '';
  const clean = base
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*\u202a-\u202e\u2066-\u2069]/g, '_')
    .replace(/^[\s.]+/, '')
    .replace(/[\s.]+$/, '')
    .slice(0, 200);
  return clean || fallback;
}

/**
 * The name to save a file's plaintext under when its message names none.
 * @param {File} file
 */
function plainNameOf(file) {
  const stripped = file.name.replace(/\.(gpg|pgp|asc)$/i, '');
  return safeFileName(stripped !== file.name ? stripped : `${file.name}.decrypted`, 'decrypted.bin');
}

function setupOpen() {
  const setMode = () => {
    const verify = modeOf() === 'verify';
    if (verify && openFile) setOpenFile(null);
    byId('open-key-box').hidden = verify;
    byId('open-message-label').textContent = verify ? 'Signed text' : 'Encrypted message';
    byId('open-message').placeholder = verify ? '-----BEGIN PGP SIGNED MESSAGE-----' : '-----BEGIN PGP MESSAGE-----';
    byId('open-button').textContent = verify ? 'Check signature' : 'Decrypt';
    clearOpened();
    showError(byId('open-alert'), null);
  };
  for (const r of document.querySelectorAll('input[name="open-mode"]')) r.addEventListener('change', setMode);
  byId('open-message').addEventListener('input', () => opened && clearOpened());
  byId('open-button').addEventListener('click', onOpen);
  byId('open-copy').addEventListener('click', () => copy(byId('open-output').value, byId('open-copy-status'), byId('open-output')));
  byId('open-download').addEventListener('click', () => opened && download(opened.filename, opened.plaintext, 'application/octet-stream'));
  // The protected subject and sender read best above the text.
  byId('open-output-label').before(byId('open-mime-headers'));
  byId('open-raw-download').addEventListener('click', () => openedRaw && download('message.eml', openedRaw, 'message/rfc822'));
  byId('open-forget').addEventListener('click', () => {
    setOpenFile(null);
    byId('open-message').value = '';
  });
  const alert = byId('open-alert');
  setupOpenFile(alert);
  filesInto(byId('open-key'), byId('open-key-box'), byId('open-key-file'), { alert });
  filesInto(byId('open-certs'), byId('open-certs-box'), byId('open-certs-file'), { append: true, alert });
}

// --- Start ------------------------------------------------------------------------

/** @type {(index: number) => void} */
let selectTab = () => {};

/** Wires the section. */
export function start() {
  selectTab = tabs(/** @type {HTMLElement} */ (document.querySelector('#seal [role="tablist"]')));
  setupRecipients();
  setupEncrypt();
  setupEncryptFiles();
  setupOpen();
  setupKeys({
    filesInto,
    userIdOf,
    async useAsRecipient(publicKey) {
      selectTab(0);
      if (await addRecipients(publicKey)) byId('recipient-input').focus();
    },
  });
  for (const b of document.querySelectorAll('#seal [data-cancel]')) {
    b.addEventListener('click', () => {
      cancelAsked = true;
      cancelWork();
    });
  }
}

/**
 * Loads the OpenPGP worker and the QR encoder in the background once the
 * page is ready and the browser idle, so that both work offline afterwards.
 */
export function preload() {
  preloadWhenIdle(loadQr);
}
