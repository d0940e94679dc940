// Small DOM helpers shared by the page's modules. Nothing here stores
// anything: no storage APIs, no cookies, no network.

/**
 * The element with `id`; throws if the page lacks it (a bug, not input).
 * An id of www/index.html gives its element's type (www/page-elements.d.ts).
 * @template {keyof PageElements} K
 * @overload
 * @param {K} id
 * @returns {PageElements[K]}
 */
/**
 * @overload
 * @param {string} id
 * @returns {HTMLElement}
 */
/**
 * @param {string} id
 * @returns {HTMLElement}
 */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`The page has no element #${id}.`);
  return node;
}

/**
 * Creates an element: `el('p', { class: 'hint' }, 'text', child)`.
 * Attributes are set with setAttribute (never `style`), children are text or
 * nodes; `null`/`false` children are skipped.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, unknown>} [attributes]
 * @param {...Child | Child[]} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/**
 * A child of `el()`: text, a number, a node, or nothing.
 * @typedef {string | number | Node | null | undefined | false} Child
 */

/**
 * Calls `fn` once the calls stop for `ms` milliseconds.
 * @template {unknown[]} A
 * @param {(...args: A) => void} fn
 * @param {number} ms
 * @returns {((...args: A) => void) & { cancel: () => void }}
 */
export function debounce(fn, ms) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @param {A} args */
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}

/**
 * An Error with a stable `.code`, as Sealpost and the page throw them.
 * @typedef {Error & { code?: string }} CodedError
 */

/**
 * Shows `error` (an Error with `.code`) in an alert region, or clears it.
 * @param {HTMLElement} region
 * @param {CodedError | null} error
 */
export function showError(region, error) {
  region.replaceChildren();
  delete region.dataset.code;
  if (!error) return;
  const code = error.code ?? 'internal';
  region.dataset.code = code;
  region.append(el('strong', {}, error.message || 'Something went wrong.'), ' ', el('span', { class: 'code' }, `(${code})`));
}

/**
 * An Error with a `.code`, for failures the page itself detects.
 * @param {string} code
 * @param {string} message
 * @returns {CodedError & { code: string }}
 */
export function coded(code, message) {
  const e = /** @type {CodedError & { code: string }} */ (new Error(message));
  e.code = code;
  return e;
}

/**
 * After an operation refused for a wrong or missing passphrase (the code
 * in `alert`): puts the secret key that was read back in `keyField`, says
 * so, and moves to `passphraseField`. Only the passphrase stays cleared.
 * Returns whether it did.
 * @param {HTMLElement} alert
 * @param {HTMLTextAreaElement | HTMLInputElement} keyField
 * @param {string} key
 * @param {HTMLElement} passphraseField
 * @returns {boolean}
 */
export function retryPassphrase(alert, keyField, key, passphraseField) {
  if (!['bad-passphrase', 'key-locked'].includes(alert.dataset.code ?? '')) return false;
  keyField.value = key;
  alert.append(' ', el('span', { class: 'retry' }, 'Your secret key is still in its field: type the passphrase again.'));
  passphraseField.focus();
  return true;
}

/**
 * Reads a secret field and empties it at once.
 * @param {HTMLInputElement | HTMLTextAreaElement} field
 * @returns {string}
 */
export function take(field) {
  const value = field.value;
  field.value = '';
  return value;
}

/**
 * Offers `data` (string or bytes) as a file download. The object URL is
 * revoked right after the click has been handled.
 * @param {string} filename
 * @param {string | Uint8Array} data
 * @param {string} [type]
 */
export function download(filename, data, type = 'application/pgp-encrypted') {
  // The bytes are Sealpost's output, never a view of shared memory.
  const url = URL.createObjectURL(new Blob([/** @type {BlobPart} */ (data)], { type }));
  const link = el('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Copies `text` to the clipboard and says so in `status`. When the browser
 * refuses, it says that instead and selects `fallback` (if given) so that
 * Ctrl+C works.
 * @param {string} text
 * @param {HTMLElement} status
 * @param {(HTMLElement & { select?: () => void }) | null} [fallback]
 */
export async function copy(text, status, fallback = null) {
  try {
    await navigator.clipboard.writeText(text);
    say(status, 'Copied.');
  } catch {
    if (fallback) {
      fallback.focus();
      fallback.select?.();
    }
    say(status, 'This browser did not allow copying; the text is selected, press Ctrl+C (or ⌘C).');
  }
}

/**
 * Says `message` to screen readers through the page's live region (a
 * finished operation, a key added): the region is emptied first, so the
 * same sentence twice is said twice.
 * @param {string} message
 */
export function announce(message) {
  const region = /** @type {Spoken | null} */ (document.getElementById('announce'));
  if (!region) return;
  region.textContent = '';
  clearTimeout(region.sayTimer);
  region.sayTimer = setTimeout(() => {
    region.textContent = message;
  }, 50);
}

/**
 * An element that `say()` and `announce()` speak through: it keeps the
 * timer of its pending change.
 * @typedef {HTMLElement & { sayTimer?: ReturnType<typeof setTimeout> }} Spoken
 */

/**
 * Puts a short message in a live region and clears it a little later.
 * @param {Spoken} status
 * @param {string} message
 * @param {number} [ms]
 */
export function say(status, message, ms = 4000) {
  status.textContent = message;
  clearTimeout(status.sayTimer);
  status.sayTimer = setTimeout(() => {
    status.textContent = '';
  }, ms);
}

/**
 * A file as read: its name, its bytes, and its text when it is UTF-8.
 * @typedef {{ name: string, bytes: Uint8Array, text: string | null }} ReadFile
 */

/**
 * Reads a File as bytes, and as text when it is armored or plain UTF-8.
 * @param {File} file
 * @returns {Promise<ReadFile>}
 */
export async function readFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  /** @type {string | null} */
  let text = null;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.includes('\0')) text = null;
  } catch {
    text = null;
  }
  return { name: file.name, bytes, text };
}

/**
 * Makes `zone` accept dropped files and `input` (a file input) pick them;
 * `onFiles` receives them as File objects, unread (for files too large to
 * read at once). With `onText`, dropped text (dragged from another window)
 * is handed to it instead of the browser's default.
 * @param {HTMLElement} zone
 * @param {HTMLInputElement | null} input
 * @param {(files: File[]) => void} onFiles
 * @param {((text: string) => void) | null} [onText]
 */
export function acceptDrops(zone, input, onFiles, onText = null) {
  /** @param {FileList | null} files */
  const take = (files) => {
    if (!files) return;
    const list = [...files];
    if (list.length) onFiles(list);
  };
  /** @param {string[]} types */
  const wanted = (types) => types.includes('Files') || (onText !== null && types.includes('text/plain'));
  input?.addEventListener('change', () => {
    take(input.files);
    input.value = '';
  });
  zone.addEventListener('dragover', (e) => {
    if (!e.dataTransfer || !wanted([...e.dataTransfer.types])) return;
    e.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (e) => {
    zone.classList.remove('dragging');
    if (!e.dataTransfer) return;
    if (e.dataTransfer.files.length) {
      e.preventDefault();
      take(e.dataTransfer.files);
      return;
    }
    const text = onText ? e.dataTransfer.getData('text/plain') : '';
    if (text && onText) {
      e.preventDefault();
      onText(text);
    }
  });
}

/**
 * acceptDrops(), with each file read: `onFiles` receives `{ name, bytes, text }` each.
 * @param {HTMLElement} zone
 * @param {HTMLInputElement | null} input
 * @param {(files: ReadFile[]) => void | Promise<void>} onFiles
 * @param {((text: string) => void) | null} [onText]
 */
export function acceptFiles(zone, input, onFiles, onText = null) {
  acceptDrops(zone, input, async (files) => onFiles(await Promise.all(files.map(readFile))), onText);
}

/**
 * "ABCD1234…" in groups of four, as people read fingerprints aloud.
 * @param {string | null | undefined} hex
 * @returns {string}
 */
export function groupHex(hex) {
  if (!hex) return '';
  const clean = String(hex).replace(/\s+/g, '').toUpperCase();
  return (clean.match(/.{1,4}/g) ?? []).join(' ');
}

const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric' });

/**
 * A date (ISO string, milliseconds or Date) for people, or null.
 * @param {string | number | Date | null | undefined} value
 * @returns {string | null}
 */
export function formatDate(value) {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
  return Number.isNaN(date.getTime()) ? String(value) : dateFormat.format(date);
}

/**
 * Marks `panel` busy while `task` runs: aria-busy, its buttons disabled, and
 * `indicator` showing `label` with the seconds elapsed. Resolves to the
 * task's result.
 * @template T
 * @param {HTMLElement} panel
 * @param {HTMLElement} indicator
 * @param {string} label
 * @param {() => Promise<T>} task
 * @returns {Promise<T>}
 */
export async function busy(panel, indicator, label, task) {
  const buttons = [.../** @type {NodeListOf<HTMLButtonElement>} */ (panel.querySelectorAll('button:not([data-keep-enabled])'))].filter((b) => !b.disabled);
  panel.setAttribute('aria-busy', 'true');
  buttons.forEach((b) => {
    b.disabled = true;
  });
  const text = indicator.querySelector('.busy-text') ?? indicator;
  const time = indicator.querySelector('.busy-time');
  const started = Date.now();
  text.textContent = `${label}…`;
  if (time) time.textContent = '';
  indicator.hidden = false;
  const timer = setInterval(() => {
    if (time) time.textContent = `${Math.round((Date.now() - started) / 1000)} s`;
  }, 1000);
  try {
    return await task();
  } finally {
    clearInterval(timer);
    text.textContent = '';
    indicator.hidden = true;
    panel.removeAttribute('aria-busy');
    buttons.forEach((b) => {
      b.disabled = false;
    });
  }
}

/**
 * Wires a tablist: click and arrow keys switch the panels named by `aria-controls`.
 * @param {HTMLElement} list
 * @returns {(index: number) => void} selects the tab at `index`
 */
export function tabs(list) {
  const all = [.../** @type {NodeListOf<HTMLElement>} */ (list.querySelectorAll('[role="tab"]'))];
  /**
   * @param {HTMLElement} tab
   * @param {boolean} focus
   */
  const select = (tab, focus) => {
    for (const t of all) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      byId(t.getAttribute('aria-controls') ?? '').hidden = !on;
    }
    if (focus) tab.focus();
  };
  all.forEach((tab, i) => {
    tab.addEventListener('click', () => select(tab, false));
    tab.addEventListener('keydown', (e) => {
      /** @type {Record<string, number>} */
      const steps = { ArrowRight: 1, ArrowLeft: -1, Home: -i, End: all.length - 1 - i };
      const step = steps[e.key];
      if (step === undefined) return;
      e.preventDefault();
      select(all[(i + step + all.length) % all.length], true);
    });
  });
  return (index) => select(all[index], false);
}

/**
 * Runs `task` with `panel` busy (`indicator`, by default the panel's first
 * busy indicator, shows `label`) and shows its error in `alert`. Resolves to
 * the task's result, or undefined when it failed.
 * @template T
 * @param {HTMLElement} panel
 * @param {string} label
 * @param {HTMLElement} alert
 * @param {() => Promise<T>} task
 * @param {HTMLElement} [indicator]
 * @returns {Promise<T | undefined>}
 */
export async function run(panel, label, alert, task, indicator = /** @type {HTMLElement} */ (panel.querySelector('.busy'))) {
  showError(alert, null);
  try {
    return await busy(panel, indicator, label, task);
  } catch (e) {
    const error = /** @type {CodedError} */ (e);
    showError(alert, error.code ? error : coded('internal', error.message));
    return undefined;
  }
}
