// "Maintenance times": reads a provider's announcement (or the fields), and
// shows each of its windows in the reader's zone, large, and in a list of
// zones.
//
// These calls are quick, so they run on the main thread through sealpost.js.
// Every result replaces the previous one as a whole; a failure hides the
// result, so an old window never stands next to a new error. The fields
// show dates and times the way the result does (day, month name, year;
// 24-hour clock) whatever the browser's language: they are plain text
// fields and a list of month names, not the browser's date and time
// pickers.
import { announce, byId, coded, copy, debounce, download, el, say, showError } from './ui.js';

const DEFAULT_ZONES = ['UTC', 'America/Vancouver', 'Africa/Lusaka', 'Australia/Perth'];
const FIELDS = ['date', 'start', 'end', 'duration', 'zone'];
const FIELD_INPUTS = ['times-day', 'times-month', 'times-year', 'times-start', 'times-end', 'times-duration', 'times-zone'];

/** @type {typeof import('./sealpost.js')} */
let api; // sealpost.js, set by start() before anything else runs
/** @type {Set<string>} */
let known = new Set(); // zone names in the bundled database
/** @type {Map<string, string>} */
let byLower = new Map(); // lower-case zone name -> name
let readerZone = 'UTC';
/** @type {string | null} */
let readerNote = null;
/** @type {string[]} */
let zones = [];
/**
 * A warning about the announcement: the core's, or the page's own
 * `zone-from-field` (JS_WARNING_CODES in sealpost.js).
 * @typedef {Omit<import('./sealpost.js').WindowWarning, 'code'> & { code: import('./sealpost.js').WindowWarningCode | 'zone-from-field' }} PageWarning
 */
/**
 * The window shown.
 * @typedef {{ windows: { startMs: number, endMs: number }[], zone: string, text: string | null, warnings: PageWarning[] }} Shown
 */
/** @type {Shown | null} */
let current = null;
let lastEdit = 'text'; // 'text' | 'fields'
let endMode = 'end'; // 'end' | 'duration'
let sequence = 0;
let textFailed = false; // the last reading of the text failed
let zoneTyped = false; // the reader typed into the zone field
/** @type {ReturnType<typeof setInterval> | undefined} */
let statusTimer;

// --- Durations and clock times ----------------------------------------------------

/**
 * Minutes in "2 h 30 min", "90 min", "1:30", "2h" or "2" (hours); null if unreadable.
 * @param {string} text
 * @returns {number | null}
 */
export function parseDuration(text) {
  const s = text.trim().toLowerCase();
  if (!s) return null;
  let m = s.match(/^(\d+):([0-5]\d)$/);
  if (m) return Number(m[1]) * 60 + Number(m[2]);
  m = s.match(/^(\d+(?:[.,]\d+)?)$/);
  if (m) return Math.round(Number(m[1].replace(',', '.')) * 60);
  m = s.match(/^(?:(\d+(?:[.,]\d+)?)\s*(?:h|hr|hrs|hours?))?\s*(?:(\d+)\s*(?:m|min|mins|minutes?))?$/);
  if (m && (m[1] || m[2])) return Math.round(Number((m[1] ?? '0').replace(',', '.')) * 60) + Number(m[2] ?? 0);
  return null;
}

/**
 * "2 h 30 min" for 150.
 * @param {number} minutes
 */
export function formatDuration(minutes) {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} h` : null, m || !h ? `${m} min` : null].filter(Boolean).join(' ');
}

/** @param {number | string} n */
const pad = (n) => String(n).padStart(2, '0');

/**
 * A clock time as typed, on the 24-hour clock: "18:30", "1830", "18.30",
 * "930" and "18" become "HH:MM"; anything else ("6 pm", "noon") is left
 * for the core to read, or refuse.
 * @param {string} text
 */
export function clockText(text) {
  const s = text.trim();
  const m = s.match(/^(\d{1,2})(?:[:.h]?(\d{2}))?$/);
  if (!m) return s;
  const [h, min] = [Number(m[1]), Number(m[2] ?? 0)];
  return h <= 24 && min <= 59 ? `${pad(h)}:${pad(min)}` : s;
}

// --- The fields ----------------------------------------------------------------------

/** "YYYY-MM-DD" of the date fields, or "" when one is empty. */
function dateValue() {
  const [day, month, year] = /** @type {const} */ (['times-day', 'times-month', 'times-year']).map((id) => byId(id).value.trim());
  if (!day || !month || !year) return '';
  return `${year.padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

/** @param {string | undefined} date */
function setDate(date) {
  const m = typeof date === 'string' ? date.match(/^(\d{4})-(\d{2})-(\d{2})/) : null;
  byId('times-day').value = m ? String(Number(m[3])) : '';
  byId('times-month').value = m ? String(Number(m[2])) : '';
  byId('times-year').value = m ? m[1] : '';
}

/**
 * "HH:MM" of "HH:MM", "HH:MM:SS" or "YYYY-MM-DDTHH:MM" (an end on another day).
 * @param {string | undefined} t
 */
function timeOf(t) {
  return typeof t === 'string' ? t.slice(t.indexOf('T') + 1).slice(0, 5) : '';
}

/** @param {Partial<import('./sealpost.js').WindowFields> | null} fields */
function fillFields(fields) {
  setDate(fields?.date);
  byId('times-start').value = timeOf(fields?.start);
  byId('times-end').value = timeOf(fields?.end);
  // A finite duration is a number, so `fields` is there.
  byId('times-duration').value = Number.isFinite(fields?.durationMinutes)
    ? formatDuration(/** @type {{ durationMinutes: number }} */ (fields).durationMinutes)
    : '';
  byId('times-zone').value = fields?.zone ?? '';
}

function clearFields() {
  fillFields(null);
}

/**
 * Up and down arrows step a field: the hour or the minutes of a clock time
 * (by where the caret is), or a day or year by one.
 * @param {HTMLInputElement} input
 * @param {'clock' | 'day' | 'year'} kind
 */
function stepField(input, kind) {
  input.addEventListener('keydown', (e) => {
    if ((e.key !== 'ArrowUp' && e.key !== 'ArrowDown') || e.altKey || e.ctrlKey || e.metaKey) return;
    const by = e.key === 'ArrowUp' ? 1 : -1;
    const value = input.value.trim();
    /** @type {string | null} */
    let next = null;
    if (kind === 'clock') {
      const m = clockText(value || '00:00').match(/^(\d{2}):(\d{2})$/);
      if (!m) return;
      const minutes = (input.selectionStart ?? 0) > 2;
      const [h, min] = [Number(m[1]) % 24, Number(m[2])];
      next = minutes ? `${pad(h)}:${pad((min + by + 60) % 60)}` : `${pad((h + by + 24) % 24)}:${pad(min)}`;
      e.preventDefault();
      input.value = next;
      input.setSelectionRange(minutes ? 3 : 0, minutes ? 5 : 2);
    } else {
      const n = Number(value || (kind === 'year' ? new Date().getFullYear() : 0));
      if (!Number.isInteger(n)) return;
      const [lo, hi] = kind === 'day' ? [1, 31] : [1, 9999];
      e.preventDefault();
      input.value = String(Math.min(hi, Math.max(lo, n + by)));
    }
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  if (kind === 'clock') input.addEventListener('change', () => (input.value = clockText(input.value)));
}

// --- Reading the input ----------------------------------------------------------

function resetResult() {
  current = null;
  clearInterval(statusTimer);
  byId('times-result').hidden = true;
  byId('times-rows').replaceChildren();
  byId('times-readings').replaceChildren();
  byId('times-link').value = '';
  byId('times-link-row').hidden = true;
  byId('times-gcal').removeAttribute('href');
  byId('times-gcal-more').replaceChildren();
  byId('times-fields-note').hidden = true;
  showWarnings([]);
}

/** @param {unknown} error what was thrown, or an error of the page */
function fail(error) {
  resetResult();
  showError(byId('times-error'), /** @type {import('./ui.js').CodedError} */ (error));
}

/**
 * Reads the announcement with `api.parseWindow`. When it names no usable
 * zone and the reader has typed one into the zone field, it is read in that
 * zone, and a warning says so: the page never picks a zone by itself.
 * @param {string} text
 */
async function parseText(text) {
  const request = { text, reference: Date.now(), zones, readerZone };
  try {
    return await api.parseWindow(request);
  } catch (thrown) {
    const e = /** @type {import('./ui.js').CodedError} */ (thrown);
    const typed = zoneTyped ? byId('times-zone').value.trim() : '';
    if (e.code !== 'unknown-time-zone' || !typed) throw e;
    /** @type {Omit<import('./sealpost.js').Window, 'warnings'> & { warnings: PageWarning[] }} */
    const w = await api.parseWindow({ ...request, defaultZone: typed });
    w.warnings = [
      ...(w.warnings ?? []),
      { code: 'zone-from-field', field: 'zone', message: `The announcement names no time zone this page can use, so it was read in ${typed}, the zone typed below.` },
    ];
    return w;
  }
}

/**
 * What the page keeps of a window: its two instants, and its own warnings.
 * @param {{ startMs: number, endMs: number, warnings?: PageWarning[] }[]} list
 */
const bounds = (list) => list.map(({ startMs, endMs, warnings }) => ({ startMs, endMs, warnings: warnings ?? [] }));

/** Parses the announcement text. */
async function fromText() {
  const text = byId('times-text').value;
  const mine = ++sequence;
  if (!text.trim()) {
    textFailed = false;
    showError(byId('times-error'), null);
    resetResult();
    clearFields();
    return;
  }
  try {
    const w = await parseText(text);
    if (mine !== sequence) return;
    textFailed = false;
    fillFields(w.fields);
    // An end on another day than the start is kept exactly as a duration.
    endMode = w.fields?.end && !w.fields.end.includes('T') ? 'end' : 'duration';
    const windows = bounds(w.windows?.length ? w.windows : [w]);
    await show({ windows, zone: w.sourceZone, text, warnings: w.warnings }, mine);
  } catch (thrown) {
    const e = /** @type {import('./ui.js').CodedError} */ (thrown);
    if (mine !== sequence) return;
    textFailed = true;
    const zone = byId('times-zone').value;
    clearFields();
    if (zoneTyped) byId('times-zone').value = zone;
    if (e.code === 'unknown-time-zone' && !zoneTyped) {
      e.message = `${e.message} Or type the announcement's time zone into the "Time zone of the announcement" field below.`;
    }
    if (e.code === 'no-end-time') e.message = `${e.message} Or fill in below when it ends or how long it lasts.`;
    fail(e);
  }
}

/** Builds the window from the fields. */
async function fromFields() {
  const mine = ++sequence;
  /** @param {'times-start' | 'times-end' | 'times-duration' | 'times-zone'} id */
  const value = (id) => byId(id).value.trim();
  /** @type {Parameters<typeof api.windowFromFields>[0]} */
  const options = {
    date: dateValue(),
    start: clockText(value('times-start')),
    zone: value('times-zone'),
    zones,
    readerZone,
    text: byId('times-text').value || null,
  };
  if (endMode === 'duration') {
    const minutes = parseDuration(value('times-duration'));
    if (minutes === null) {
      return fail(coded('invalid-argument', 'Write the duration as hours and minutes, for example "2 h 30 min", "90 min" or "1:30".'));
    }
    options.durationMinutes = minutes;
  } else {
    options.end = clockText(value('times-end'));
  }
  if (!options.date || !options.start || !options.zone || (endMode === 'end' && !options.end)) {
    return fail(coded('invalid-argument', 'Fill in the day, month and year, the start, the end (or how long it lasts) and the time zone.'));
  }
  try {
    const w = await api.windowFromFields(options);
    if (mine !== sequence) return;
    if (endMode === 'end') byId('times-duration').value = formatDuration(w.durationMinutes);
    else byId('times-end').value = timeOf(w.fields?.end);
    await show({ windows: bounds([w]), zone: w.sourceZone, text: options.text ?? '', warnings: w.warnings }, mine);
  } catch (e) {
    if (mine === sequence) fail(e);
  }
}

/**
 * Reopens the windows of a link's fragment.
 * @param {string} fragment
 */
async function fromFragment(fragment) {
  const mine = ++sequence;
  try {
    const link = await api.readFragment(fragment);
    if (mine !== sequence) return;
    byId('times-text').value = link.text ?? '';
    if (link.zones?.length) setZones(link.zones);
    const windows = bounds(link.windows);
    const [first] = windows;
    const [view] = await api.convertWindow(first.startMs, first.endMs, [link.zone]);
    fillFields({
      date: view.start,
      start: view.start?.slice(11, 16),
      end: view.end?.slice(11, 16),
      durationMinutes: Math.round((first.endMs - first.startMs) / 60000),
      zone: link.zone,
    });
    endMode = first.endMs - first.startMs < 86_400_000 ? 'end' : 'duration';
    lastEdit = 'fields';
    await show({ windows, zone: link.zone, text: link.text ?? '', warnings: [] }, mine);
  } catch (thrown) {
    const e = /** @type {import('./ui.js').CodedError} */ (thrown);
    if (mine === sequence) fail(e.code === 'invalid-link' ? e : coded(e.code ?? 'invalid-link', `This link could not be read: ${e.message}`));
  }
}

// --- Showing the windows ----------------------------------------------------------

/**
 * Shows the warnings: those of the first window by the field they concern
 * (the fields show the first window), the others', and those of the whole
 * announcement, under the announcement, each other window's named.
 * @param {PageWarning[]} warnings
 * @param {{ startMs: number, endMs: number, warnings?: PageWarning[] }[]} [windows]
 */
function showWarnings(warnings, windows = []) {
  for (const f of FIELDS.concat('text')) byId(`times-warnings-${f}`).replaceChildren();
  const first = windows[0]?.warnings ?? warnings ?? [];
  /**
   * @param {PageWarning} a
   * @param {PageWarning} b
   */
  const same = (a, b) => a.code === b.code && a.message === b.message;
  /**
   * @param {PageWarning} w
   * @param {string} [prefix]
   */
  const item = (w, prefix = '') => el('li', { 'data-code': w.code }, prefix, w.message, ' ', el('span', { class: 'code' }, `(${w.code})`));
  for (const w of first) {
    // The casts only widen: the core names no `durationMinutes` field, and null finds nothing in FIELDS.
    const field =
      /** @type {string | null} */ (w.field) === 'durationMinutes'
        ? 'duration'
        : FIELDS.includes(/** @type {string} */ (w.field))
          ? w.field
          : 'text';
    byId(`times-warnings-${field}`).append(item(w));
  }
  // What concerns the whole announcement (several windows) comes first.
  const rest = [...(warnings ?? [])].sort((a, b) => Number(b.field === null) - Number(a.field === null));
  for (const w of rest) {
    if (first.some((f) => same(f, w))) continue;
    const n = windows.findIndex((s) => s.warnings?.some((x) => same(x, w)));
    byId('times-warnings-text').append(item(w, n > 0 ? `Window ${n + 1}: ` : ''));
  }
}

/** @param {string} text */
function capitalised(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : '';
}

async function updateStatus() {
  if (!current) return;
  const shown = current;
  const lines = [.../** @type {NodeListOf<HTMLElement>} */ (byId('times-readings').querySelectorAll('.status'))];
  for (const [i, { startMs, endMs }] of shown.windows.entries()) {
    const line = lines[i];
    if (!line) continue;
    try {
      const status = await api.windowStatus(startMs, endMs, Date.now());
      if (current !== shown) return;
      line.className = `status ${status.state}`;
      line.dataset.state = status.state;
      line.textContent = capitalised(status.text);
    } catch (thrown) {
      const e = /** @type {import('./ui.js').CodedError} */ (thrown);
      line.textContent = e.message;
    }
  }
}

/**
 * The view's label; lines may break after the date, never inside the date or the times.
 * @param {import('./sealpost.js').WindowView} view
 */
function labelOf(view) {
  const split = view.dateLabel && view.timeLabel && view.label === `${view.dateLabel}, ${view.timeLabel}`;
  return split
    ? el('span', { class: 'when-label' }, el('span', { class: 'nowrap' }, `${view.dateLabel},`), ' ', el('span', { class: 'nowrap' }, view.timeLabel))
    : el('span', { class: 'when-label' }, view.label);
}

/**
 * "America/Argentina/Buenos_Aires" with break opportunities after each slash.
 * @param {string} zone
 */
function zoneName(zone) {
  const parts = zone.split('/');
  return parts.flatMap((part, i) => (i < parts.length - 1 ? [`${part}/`, el('wbr')] : [part]));
}

/**
 * "Window 2 of 3", for the windows of an announcement that has several.
 * @param {number} i
 * @param {number} n
 */
function windowName(i, n) {
  return n > 1 ? `Window ${i + 1} of ${n}` : null;
}

/**
 * The reader's view of each window, large, each with its live status.
 * @param {import('./sealpost.js').WindowView[]} readerViews
 */
function readings(readerViews) {
  const n = readerViews.length;
  return readerViews.map((view, i) =>
    el(
      'li',
      { class: 'reading', 'data-window': i + 1 },
      n > 1 ? el('p', { class: 'window-name' }, windowName(i, n)) : null,
      el('p', { class: 'big', id: i === 0 ? 'times-reader' : null }, el('span', { class: 'abbr' }, `${view.abbreviation}: `), labelOf(view)),
      el('p', { class: 'status', id: i === 0 ? 'times-status' : null, 'aria-live': i === 0 ? 'polite' : null }),
    ),
  );
}

/**
 * After a row's Remove: the next row's Remove, else the one before, else the field to add a zone.
 * @param {number} index
 */
function focusAfterRemoving(index) {
  const buttons = [...byId('times-rows').querySelectorAll('button')];
  const next = buttons.find((b) => Number(b.dataset.index) >= index) ?? buttons.at(-1);
  (next ?? byId('times-add-zone')).focus();
}

/**
 * One row: a zone, and each window in it; `index` is the zone's place in `zones`.
 * @param {import('./sealpost.js').WindowView[]} views
 * @param {number} index
 * @param {string} sourceZone
 */
function row(views, index, sourceZone) {
  const zone = zones[index];
  const [first] = views;
  // The reader's own zone always stays in the table.
  /** @type {HTMLButtonElement | null} */
  let remove = null;
  if (zone !== readerZone) {
    remove = el('button', { type: 'button', class: 'link', 'aria-label': `Remove ${first.zone}`, 'data-index': index }, 'Remove');
    remove.addEventListener('click', async () => {
      setZones(zones.filter((_, k) => k !== index));
      announce(`Removed ${first.zone} from the table.`);
      await redraw();
      focusAfterRemoving(index);
    });
  }
  const notes = [];
  if (zone === readerZone) notes.push('your time zone');
  if (first.zone === sourceZone) notes.push('as announced');
  const n = views.length;
  const whens = views.map((view, i) =>
    el(
      'span',
      { class: 'when-item' },
      n > 1 ? el('span', { class: 'window-number', title: windowName(i, n), 'aria-label': `${windowName(i, n)}:` }, `${i + 1}`) : null,
      labelOf(view),
      view.abbreviationChanges ? el('span', { class: 'source' }, 'The clocks change during the window.') : null,
    ),
  );
  return el(
    'tr',
    { class: zone === readerZone ? 'mine' : null, 'data-zone': first.zone },
    el('td', { class: 'zone' }, zoneName(first.zone), notes.length ? el('span', { class: 'source' }, notes.join(', ')) : null),
    el('td', { class: 'abbr' }, [...new Set(views.map((v) => v.abbreviation ?? ''))].join(', ')),
    el('td', { class: 'when' }, whens),
    el('td', {}, remove),
  );
}

/**
 * The Google Calendar links: one per window (a link holds one event).
 * @param {string[]} urls
 */
function calendarLinks(urls) {
  const n = urls.length;
  const first = byId('times-gcal');
  first.href = urls[0];
  first.textContent = n > 1 ? 'Google Calendar: window 1' : 'Google Calendar';
  byId('times-gcal-more').replaceChildren(
    ...urls.slice(1).map((url, i) => el('a', { class: 'button', href: url, target: '_blank', rel: 'noopener noreferrer' }, `Google Calendar: window ${i + 2}`)),
  );
  byId('times-ics').textContent = n > 2 ? `Add all ${n} to calendar (.ics)` : n === 2 ? 'Add both to calendar (.ics)' : 'Add to calendar (.ics)';
}

/**
 * Shows `window` ({ windows, zone, text, warnings }) if `mine` is still the latest request.
 * @param {Shown} window
 * @param {number} mine
 */
async function show(window, mine) {
  const { windows, zone, text } = window;
  const now = Date.now();
  const summary = summaryOf(text);
  const [views, readers, gcal] = await Promise.all([
    Promise.all(windows.map((w) => api.convertWindow(w.startMs, w.endMs, zones))),
    Promise.all(windows.map((w) => api.convertWindow(w.startMs, w.endMs, [readerZone]).then(([v]) => v))),
    Promise.all(windows.map((w) => api.googleCalendarUrl({ start: w.startMs, end: w.endMs, summary, description: text ?? '', now }))),
  ]);
  if (mine !== sequence) return;
  current = { windows, zone, text, warnings: window.warnings ?? [] };
  showError(byId('times-error'), null);
  showWarnings(window.warnings, windows);
  const n = windows.length;
  byId('times-caption').textContent = n > 1 ? 'The same windows in other time zones' : 'The same window in other time zones';
  const note = byId('times-fields-note');
  note.textContent = n > 1 ? `The announcement has ${n} windows; the fields show the first. Changing them shows that window alone.` : '';
  note.hidden = n <= 1;
  byId('times-reader-zone').textContent = `In your time zone (${readers[0].zone})${readerNote ? `. ${readerNote}` : ''}`;
  byId('times-readings').replaceChildren(...readings(readers));
  byId('times-rows').replaceChildren(...zones.map((_, z) => row(views.map((v) => v[z]), z, zone)));
  calendarLinks(gcal);
  byId('times-link').value = '';
  byId('times-link-row').hidden = true;
  byId('times-result').hidden = false;
  clearInterval(statusTimer);
  statusTimer = setInterval(updateStatus, 30_000);
  await updateStatus();
}

/** Redraws the current windows after the zone list changed. */
async function redraw() {
  if (!current) return;
  const mine = ++sequence;
  try {
    await show(current, mine);
  } catch (e) {
    if (mine === sequence) fail(e);
  }
}

/** @param {string | null} text */
function summaryOf(text) {
  const server = text?.match(/\b(?:server|host|node)\s+([A-Za-z0-9._-]+)/i);
  return server ? `Maintenance: ${server[1]}` : 'Maintenance window';
}

// --- Zones ------------------------------------------------------------------------

/** @param {string[]} list */
function setZones(list) {
  const seen = new Set();
  zones = [...list, readerZone].filter((z) => z && !seen.has(z) && seen.add(z));
}

/** @param {string} name */
function canonicalZone(name) {
  const s = name.trim();
  return known.has(s) ? s : byLower.get(s.toLowerCase()) ?? null;
}

/**
 * A zone name, abbreviation or UTC offset the database can show, or null.
 * @param {string} typed
 */
async function usableZone(typed) {
  const known = canonicalZone(typed);
  if (known || !typed || !current) return known;
  try {
    const [first] = current.windows;
    await api.convertWindow(first.startMs, first.endMs, [typed]);
    return typed;
  } catch {
    return null;
  }
}

async function addZone() {
  const input = byId('times-add-zone');
  const status = byId('times-add-zone-status');
  const typed = input.value.trim();
  const zone = await usableZone(typed);
  if (!zone) {
    say(status, typed ? `"${typed}" is not a time zone this page knows. Pick one from the list, like Europe/Berlin, or write an offset like UTC+05:30.` : 'Type or pick a time zone first.', 10000);
    input.focus();
    return;
  }
  status.textContent = '';
  input.value = '';
  if (!zones.includes(zone)) setZones([...zones, zone]);
  await redraw();
  announce(`Added ${zone} to the table.`);
}

// --- Actions ----------------------------------------------------------------------

async function onCalendar() {
  if (!current) return;
  try {
    const ics = await api.windowIcs({ windows: current.windows, summary: summaryOf(current.text), description: current.text ?? '', now: Date.now() });
    download('maintenance-window.ics', ics, 'text/calendar');
  } catch (thrown) {
    const e = /** @type {import('./ui.js').CodedError} */ (thrown);
    showError(byId('times-error'), e);
  }
}

async function onCopyLink() {
  if (!current) return;
  try {
    const fragment = await api.shareFragment({ windows: current.windows, zone: current.zone, text: current.text ?? '', zones });
    const link = location.href.split('#')[0] + fragment;
    byId('times-link').value = link;
    byId('times-link-row').hidden = false;
    await copy(link, byId('times-copy-status'), byId('times-link'));
  } catch (thrown) {
    const e = /** @type {import('./ui.js').CodedError} */ (thrown);
    showError(byId('times-error'), e);
  }
}

async function onCopyTable() {
  if (!current) return;
  try {
    const n = current.windows.length;
    const tables = [];
    for (const [i, w] of current.windows.entries()) {
      const table = await api.windowTable({ start: w.startMs, end: w.endMs, zones, format: 'text' });
      tables.push(n > 1 ? `${windowName(i, n)}:\n${table}` : table);
    }
    await copy(tables.join('\n'), byId('times-copy-status'));
  } catch (thrown) {
    const e = /** @type {import('./ui.js').CodedError} */ (thrown);
    showError(byId('times-error'), e);
  }
}

// --- Start ------------------------------------------------------------------------

function detectReaderZone() {
  /** @type {string | null} */
  let zone = null;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    zone = null;
  }
  const found = zone ? canonicalZone(zone) : null;
  if (found) return found;
  readerNote = zone
    ? `This browser says its time zone is "${zone}", which this page does not know, so times are shown in UTC.`
    : 'This browser does not say which time zone it is in, so times are shown in UTC.';
  return 'UTC';
}

/**
 * True for a fragment made by shareFragment, false for "#times" and the like.
 * @param {string} hash
 */
function isShareFragment(hash) {
  if (hash.length <= 1) return false;
  try {
    return !document.getElementById(decodeURIComponent(hash.slice(1)));
  } catch {
    return true;
  }
}

/** Wires the text and the fields: each edit reads again, soon. */
function wireInputs() {
  const parseSoon = debounce(fromText, 250);
  const fieldsSoon = debounce(fromFields, 250);
  byId('times-text').addEventListener('input', () => {
    lastEdit = 'text';
    fieldsSoon.cancel();
    parseSoon();
  });
  for (const id of FIELD_INPUTS) {
    byId(id).addEventListener('input', () => {
      if (id === 'times-zone') zoneTyped = true;
      // A zone typed after the text failed to parse is the text's zone.
      if (id === 'times-zone' && textFailed && byId('times-text').value.trim()) {
        lastEdit = 'text';
        fieldsSoon.cancel();
        parseSoon();
        return;
      }
      lastEdit = 'fields';
      if (id === 'times-end') endMode = 'end';
      if (id === 'times-duration') endMode = 'duration';
      parseSoon.cancel();
      fieldsSoon();
    });
  }
  stepField(byId('times-start'), 'clock');
  stepField(byId('times-end'), 'clock');
  stepField(byId('times-day'), 'day');
  stepField(byId('times-year'), 'year');
  byId('times-show').addEventListener('click', () => {
    parseSoon.cancel();
    fieldsSoon.cancel();
    return lastEdit === 'fields' ? fromFields() : fromText();
  });
}

/**
 * Wires the section; `sealpost` is the loaded sealpost.js module.
 * @param {typeof import('./sealpost.js')} sealpost
 */
export async function start(sealpost) {
  api = sealpost;
  const names = await api.zoneNames();
  known = new Set(names);
  byLower = new Map(names.map((n) => [n.toLowerCase(), n]));
  byId('zone-names').replaceChildren(...names.map((n) => el('option', { value: n })));
  readerZone = detectReaderZone();
  setZones(DEFAULT_ZONES);
  wireInputs();
  byId('times-add-zone-button').addEventListener('click', addZone);
  byId('times-add-zone').addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      addZone();
    }
  });
  byId('times-ics').addEventListener('click', onCalendar);
  byId('times-copy-link').addEventListener('click', onCopyLink);
  byId('times-copy-table').addEventListener('click', onCopyTable);
  addEventListener('hashchange', () => {
    if (isShareFragment(location.hash)) fromFragment(location.hash);
  });
  if (isShareFragment(location.hash)) {
    await fromFragment(location.hash);
    byId('times').scrollIntoView();
  }
}
