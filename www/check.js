// "Check a message": reads a pasted or dropped bounce or header block with
// the mail module, which is fetched only when a message is first checked.
// The verdict comes first, in plain words; then each recipient of a bounce,
// or each hop of a header block; then the text to send to support.
import { BADGES, BADGE_HINTS, CATEGORIES, bounceLines, bounceVerdict, duration, headerLines } from './mail-words.js';
import { acceptFiles, announce, byId, coded, copy, el, run, showError } from './ui.js';

/** The most the page reads: a message larger than this is refused before it is looked at. */
export const MAX_INPUT_BYTES = 64 << 20;

/** @type {typeof import('./sealpost.js') | null} */
let sealpost = null;
/**
 * The most text the field shows. A larger paste is kept out of it (a text
 * field of many megabytes freezes a browser for seconds) and checked as it is.
 */
export const MAX_SHOWN_CHARS = 1 << 20;

/** The bytes of a dropped or chosen file, or a large paste, until the text field is edited. */
/** @type {Uint8Array | null} */
let fileBytes = null;

const encoder = new TextEncoder();

/** @returns {string | Uint8Array} the message: the file's bytes, or the field's text */
function input() {
  if (fileBytes) return fileBytes;
  return byId('check-input').value;
}

/**
 * The `dt`/`dd` pairs of the facts that are there.
 * @param {[string, string | null | undefined][]} pairs
 */
function facts(pairs) {
  return pairs.filter(([, v]) => v !== null && v !== undefined && v !== '').flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]);
}

/** @param {import('./sealpost.js').Bounce} bounce */
function showBounce(bounce) {
  const list = byId('check-recipients');
  list.replaceChildren(
    ...bounce.recipients.map((r) =>
      el(
        'li',
        { class: `recipient ${r.category}`, 'data-category': r.category },
        el('p', { class: 'address' }, el('strong', {}, r.address), ' ', el('span', { class: `tag ${r.category === 'delayed' ? 'wait' : 'bad'}` }, (CATEGORIES[r.category] ?? CATEGORIES.other).name)),
        el('p', { class: 'action' }, r.action),
        el(
          'dl',
          { class: 'facts' },
          facts([
            ['Status', r.status],
            ['Reply code', r.replyCode === null || r.replyCode === undefined ? null : String(r.replyCode)],
            ['Remote server', r.remoteHost],
            ['Reason', r.reason],
          ]),
        ),
        r.diagnostic ? el('blockquote', { class: 'diagnostic' }, el('span', { class: 'label' }, 'The remote server said'), el('span', { class: 'mono' }, r.diagnostic)) : null,
      ),
    ),
  );
  const o = bounce.original;
  const original = o ? facts([['Subject', o.subject], ['To', o.recipient], ['Date', o.date]]) : [];
  byId('check-original').replaceChildren(...original);
  byId('check-original-box').hidden = original.length === 0;
  byId('check-bounce').hidden = bounce.recipients.length === 0 && original.length === 0;
}

/**
 * A host name that may wrap after each dot, never inside a label.
 * @param {string | null} name
 */
function host(name) {
  if (!name) return '—';
  const parts = name.split('.');
  return parts.flatMap((part, i) => (i < parts.length - 1 ? [`${part}.`, el('wbr')] : [part]));
}

/**
 * The colour of a sender check's result.
 * @param {string | null} result
 */
function checkTone(result) {
  if (result === 'pass') return 'good';
  if (!result || result === 'none' || result === 'neutral') return 'none';
  return 'bad';
}

/** @param {import('./sealpost.js').Headers} headers */
function showHeaders(headers) {
  const rows = headers.hops.map((h, i) => {
    const badge = BADGES[h.encryption] ?? h.encryption;
    /**
     * @param {string} label
     * @param {...(import('./ui.js').Child | import('./ui.js').Child[])} content
     */
    const cell = (label, ...content) => el('td', { 'data-label': label }, el('div', {}, ...content));
    return el(
      'tr',
      { 'data-encryption': h.encryption },
      cell('#', String(i + 1)),
      cell('From', host(h.from), h.fromIp ? el('span', { class: 'ip' }, h.fromIp) : null),
      cell('By', host(h.by)),
      cell('With', h.with ?? '—', h.tls || h.cipher ? el('span', { class: 'tls' }, [h.tls, h.cipher].filter(Boolean).join(' ')) : null),
      cell('Delay', duration(h.delaySeconds) ?? '—', h.note ? el('span', { class: 'hop-note' }, h.note) : null),
      cell('Protection', el('span', { class: `badge ${h.encryption}`, title: BADGE_HINTS[h.encryption] ?? '' }, badge)),
    );
  });
  byId('check-hop-rows').replaceChildren(...rows);
  byId('check-hops-title').textContent = headers.hops.length ? `How it travelled: ${headers.hops.length} ${headers.hops.length === 1 ? 'hop' : 'hops'}, oldest first` : 'How it travelled: no Received lines';
  byId('check-hops').hidden = headers.hops.length === 0;
  byId('check-auth').replaceChildren(
    ...headers.summary.checks.map((c) =>
      el('li', { 'data-method': c.method }, el('span', { class: `tag ${checkTone(c.result)}` }, `${c.method.toUpperCase()}: ${c.result ?? 'not checked'}`), ' ', c.sentence),
    ),
  );
  byId('check-summary').replaceChildren(...[headers.summary.encryption, headers.summary.delay].filter(Boolean).map((s) => el('li', {}, s)));
  byId('check-forgery').textContent = headers.summary.forgeryNote;
  byId('check-headers').hidden = false;
}

/**
 * The headline of a header block that is not a bounce.
 * @param {import('./sealpost.js').Headers} headers
 */
function headersVerdict(headers) {
  const weak = headers.hops.some((h) => h.encryption === 'weak' || h.encryption === 'none');
  const failed = headers.summary.checks.some((c) => c.result && c.result !== 'pass' && c.result !== 'none');
  if (failed) return { verdict: 'Not a bounce. A sender check failed', tone: 'bad' };
  if (weak) return { verdict: 'Not a bounce. Part of its way was not well encrypted', tone: 'wait' };
  return { verdict: 'Not a bounce', tone: 'neutral' };
}

async function check() {
  const section = byId('check');
  const alert = byId('check-alert');
  const result = byId('check-result');
  const message = input();
  const size = typeof message === 'string' ? message.length : message.byteLength;
  result.hidden = true;
  const done = await run(section, 'Reading the message', alert, async () => {
    if (typeof message === 'string' ? !message.trim() : size === 0) {
      throw coded('invalid-argument', 'There is nothing to check: paste a message or its headers, or choose an .eml file.');
    }
    if (size > MAX_INPUT_BYTES || (typeof message === 'string' && encoder.encode(message).byteLength > MAX_INPUT_BYTES)) {
      throw coded('input-too-large', `This is larger than the ${MAX_INPUT_BYTES >> 20} MB Sealpost reads. A bounce or a header block is a few kilobytes: paste only the headers, or the report part.`);
    }
    sealpost ??= await import('./sealpost.js');
    // Give the browser a moment to paint the busy indicator before the module works.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const bounce = await sealpost.readBounce({ message });
    /** @type {import('./sealpost.js').Headers | null} */
    let headers = null;
    try {
      headers = await sealpost.readHeaders({ message });
    } catch (e) {
      if (!bounce.bounce) throw e;
    }
    return { bounce, headers };
  });
  if (!done) return;
  const { bounce, headers } = done;
  const { verdict, tone } = bounce.bounce || !headers ? bounceVerdict(bounce) : headersVerdict(headers);
  const big = byId('check-verdict');
  big.textContent = verdict;
  big.className = `verdict-big ${tone}`;
  big.dataset.kind = bounce.kind;
  byId('check-verdict-note').textContent = bounce.bounce
    ? `${bounce.recipients.length === 1 ? 'One recipient' : `${bounce.recipients.length} recipients`} did not get the message${bounce.kind === 'delay' ? ' yet' : ''}.${bounce.reportingMta ? ` The report was written by ${bounce.reportingMta}.` : ''}`
    : 'This message does not report a failed delivery. Below is how it travelled.';
  byId('check-bounce').hidden = true;
  byId('check-headers').hidden = true;
  if (bounce.bounce) showBounce(bounce);
  if (headers && !bounce.bounce) showHeaders(headers);
  const warnings = [...(bounce.warnings ?? []), ...(headers?.warnings ?? [])];
  byId('check-warnings').replaceChildren(...[...new Map(warnings.map((w) => [w.message, w])).values()].map((w) => el('li', { 'data-code': w.code }, w.message)));
  const report = bounce.bounce || !headers ? bounceLines(bounce) : [verdict, '', ...headerLines(headers)];
  byId('check-report').value = report.join('\n');
  result.hidden = false;
  big.focus();
  announce(verdict);
}

function clear() {
  fileBytes = null;
  byId('check-input').value = '';
  byId('check-result').hidden = true;
  byId('check-report').value = '';
  showError(byId('check-alert'), null);
}

/**
 * A paste too large to show: kept aside, named in the field, and checked.
 * @param {ClipboardEvent} event
 */
function onPaste(event) {
  const text = event.clipboardData?.getData('text/plain') ?? '';
  if (text.length <= MAX_SHOWN_CHARS) return;
  event.preventDefault();
  fileBytes = encoder.encode(text);
  byId('check-input').value = `(${(fileBytes.byteLength / 1e6).toFixed(1)} MB pasted: too large to show here; Check reads it as it is)`;
  check();
}

/**
 * Puts a chosen or dropped file in the field (its text, or a line naming it when it is not text).
 * @param {import('./ui.js').ReadFile[]} files the first is taken
 */
function takeFiles([file]) {
  if (!file) return;
  const field = byId('check-input');
  if (file.bytes.byteLength > MAX_INPUT_BYTES) {
    fileBytes = null;
    field.value = '';
    showError(byId('check-alert'), coded('input-too-large', `${file.name} is larger than the ${MAX_INPUT_BYTES >> 20} MB Sealpost reads.`));
    return;
  }
  fileBytes = file.bytes;
  field.value =
    file.text !== null && file.text.length <= MAX_SHOWN_CHARS
      ? file.text
      : `(${file.name}: ${file.bytes.byteLength} bytes${file.text === null ? ' that are not text' : ', too large to show here'}; Check reads the file as it is)`;
  check();
}

let started = false;

/** Wires the section; `run` the first check right away when the first touch was the Check button. */
export function start({ runNow = false } = {}) {
  if (!started) {
    started = true;
    byId('check-button').addEventListener('click', check);
    byId('check-clear').addEventListener('click', clear);
    byId('check-input').addEventListener('input', () => {
      fileBytes = null;
    });
    byId('check-input').addEventListener('paste', onPaste);
    byId('check-copy').addEventListener('click', () => copy(byId('check-report').value, byId('check-copy-status'), byId('check-report')));
    acceptFiles(byId('check-drop'), byId('check-file'), takeFiles, (text) => {
      fileBytes = null;
      byId('check-input').value = text;
      check();
    });
  }
  byId('check').dataset.ready = 'true';
  if (runNow) check();
}
