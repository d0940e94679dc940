// "Maintenance times": reads a provider's announcement (or the fields), and
// shows the window in the reader's zone, large, and in a list of zones.
//
// These calls are quick, so they run on the main thread through sealpost.js.
// Every result replaces the previous one as a whole; a failure hides the
// result, so an old window never stands next to a new error.
import { byId, coded, copy, debounce, download, el, say, showError } from './ui.js';

const DEFAULT_ZONES = ['UTC', 'America/Vancouver', 'Africa/Lusaka', 'Australia/Perth'];
const FIELDS = ['date', 'start', 'end', 'duration', 'zone'];

let api = null; // sealpost.js
let known = new Set(); // zone names in the bundled database
let byLower = new Map(); // lower-case zone name -> name
let readerZone = 'UTC';
let readerNote = null;
let zones = [];
let current = null; // { startMs, endMs, zone, text, warnings }
let lastEdit = 'text'; // 'text' | 'fields'
let endMode = 'end'; // 'end' | 'duration'
let sequence = 0;
let textFailed = false; // the last reading of the text failed
let zoneTyped = false; // the reader typed into the zone field
let statusTimer = null;

// --- Durations -------------------------------------------------------------------

/** Minutes in "2 h 30 min", "90 min", "1:30", "2h" or "2" (hours); null if unreadable. */
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

/** "2 h 30 min" for 150. */
export function formatDuration(minutes) {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} h` : null, m || !h ? `${m} min` : null].filter(Boolean).join(' ');
}

// --- Reading the input ----------------------------------------------------------

function resetResult() {
  current = null;
  clearInterval(statusTimer);
  byId('times-result').hidden = true;
  byId('times-rows').replaceChildren();
  byId('times-reader').replaceChildren();
  byId('times-status').textContent = '';
  byId('times-link').value = '';
  byId('times-link-row').hidden = true;
  byId('times-gcal').removeAttribute('href');
  showWarnings([]);
}

function fail(error) {
  resetResult();
  showError(byId('times-error'), error);
}

/** "HH:MM" of "HH:MM", "HH:MM:SS" or "YYYY-MM-DDTHH:MM" (an end on another day). */
function timeOf(t) {
  return typeof t === 'string' ? t.slice(t.indexOf('T') + 1).slice(0, 5) : '';
}

function fillFields(fields) {
  const time = timeOf;
  byId('times-date').value = typeof fields?.date === 'string' ? fields.date.slice(0, 10) : '';
  byId('times-start').value = time(fields?.start);
  byId('times-end').value = time(fields?.end);
  byId('times-duration').value = Number.isFinite(fields?.durationMinutes) ? formatDuration(fields.durationMinutes) : '';
  byId('times-zone').value = fields?.zone ?? '';
}

function clearFields() {
  fillFields(null);
}

/**
 * Reads the announcement with `api.parseWindow`. When it names no usable
 * zone and the reader has typed one into the zone field, it is read in that
 * zone, and a warning says so: the page never picks a zone by itself.
 */
async function parseText(text) {
  const request = { text, reference: Date.now(), zones, readerZone };
  try {
    return await api.parseWindow(request);
  } catch (e) {
    const typed = zoneTyped ? byId('times-zone').value.trim() : '';
    if (e.code !== 'unknown-time-zone' || !typed) throw e;
    const w = await api.parseWindow({ ...request, defaultZone: typed });
    w.warnings = [
      ...(w.warnings ?? []),
      { code: 'zone-from-field', field: 'zone', message: `The announcement names no time zone this page can use, so it was read in ${typed}, the zone typed below.` },
    ];
    return w;
  }
}

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
    await show({ startMs: w.startMs, endMs: w.endMs, zone: w.sourceZone, text, warnings: w.warnings }, mine);
  } catch (e) {
    if (mine !== sequence) return;
    textFailed = true;
    const zone = byId('times-zone').value;
    clearFields();
    if (zoneTyped) byId('times-zone').value = zone;
    if (e.code === 'unknown-time-zone' && !zoneTyped) {
      e.message = `${e.message} Type the announcement's time zone into the "Time zone of the announcement" field.`;
    }
    fail(e);
  }
}

/** Builds the window from the fields. */
async function fromFields() {
  const mine = ++sequence;
  const value = (id) => byId(id).value.trim();
  const options = {
    date: value('times-date'),
    start: value('times-start'),
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
    options.end = value('times-end');
  }
  if (!options.date || !options.start || !options.zone || (endMode === 'end' && !options.end)) {
    return fail(coded('invalid-argument', 'Fill in the date, the start, the end (or how long it lasts) and the time zone.'));
  }
  try {
    const w = await api.windowFromFields(options);
    if (mine !== sequence) return;
    if (endMode === 'end') byId('times-duration').value = formatDuration(w.durationMinutes);
    else byId('times-end').value = timeOf(w.fields?.end);
    await show({ startMs: w.startMs, endMs: w.endMs, zone: w.sourceZone, text: options.text ?? '', warnings: w.warnings }, mine);
  } catch (e) {
    if (mine === sequence) fail(e);
  }
}

/** Reopens a window from a link's fragment. */
async function fromFragment(fragment) {
  const mine = ++sequence;
  try {
    const link = await api.readFragment(fragment);
    if (mine !== sequence) return;
    byId('times-text').value = link.text ?? '';
    if (link.zones?.length) setZones(link.zones);
    const [view] = await api.convertWindow(link.startMs, link.endMs, [link.zone]);
    fillFields({
      date: view.start,
      start: view.start?.slice(11, 16),
      end: view.end?.slice(11, 16),
      durationMinutes: Math.round((link.endMs - link.startMs) / 60000),
      zone: link.zone,
    });
    endMode = link.endMs - link.startMs < 86_400_000 ? 'end' : 'duration';
    lastEdit = 'fields';
    await show({ startMs: link.startMs, endMs: link.endMs, zone: link.zone, text: link.text ?? '', warnings: [] }, mine);
  } catch (e) {
    if (mine === sequence) fail(e.code === 'invalid-link' ? e : coded(e.code ?? 'invalid-link', `This link could not be read: ${e.message}`));
  }
}

// --- Showing the window -----------------------------------------------------------

function showWarnings(warnings) {
  for (const f of FIELDS.concat('text')) byId(`times-warnings-${f}`).replaceChildren();
  for (const w of warnings ?? []) {
    const field = w.field === 'durationMinutes' ? 'duration' : FIELDS.includes(w.field) ? w.field : 'text';
    byId(`times-warnings-${field}`).append(el('li', { 'data-code': w.code }, w.message, ' ', el('span', { class: 'code' }, `(${w.code})`)));
  }
}

function capitalised(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : '';
}

async function updateStatus() {
  if (!current) return;
  const { startMs, endMs } = current;
  try {
    const status = await api.windowStatus(startMs, endMs, Date.now());
    if (current?.startMs !== startMs || current?.endMs !== endMs) return;
    const line = byId('times-status');
    line.className = `status ${status.state}`;
    line.dataset.state = status.state;
    line.textContent = capitalised(status.text);
  } catch (e) {
    byId('times-status').textContent = e.message;
  }
}

/** The view's label; lines may break after the date, never inside the date or the times. */
function labelOf(view) {
  const split = view.dateLabel && view.timeLabel && view.label === `${view.dateLabel}, ${view.timeLabel}`;
  return split
    ? el('span', { class: 'when-label' }, el('span', { class: 'nowrap' }, `${view.dateLabel},`), ' ', el('span', { class: 'nowrap' }, view.timeLabel))
    : el('span', { class: 'when-label' }, view.label);
}

/** "America/Argentina/Buenos_Aires" with break opportunities after each slash. */
function zoneName(zone) {
  const parts = zone.split('/');
  return parts.flatMap((part, i) => (i < parts.length - 1 ? [`${part}/`, el('wbr')] : [part]));
}

function row(view, sourceZone) {
  // The reader's own zone always stays in the table.
  let remove = null;
  if (view.zone !== readerZone) {
    remove = el('button', { type: 'button', class: 'link', 'aria-label': `Remove ${view.zone}` }, 'Remove');
    remove.addEventListener('click', () => {
      setZones(zones.filter((z) => z !== view.zone));
      redraw();
    });
  }
  const notes = [];
  if (view.zone === readerZone) notes.push('your time zone');
  if (view.zone === sourceZone) notes.push('as announced');
  const change = view.abbreviationChanges ? el('span', { class: 'source' }, 'The clocks change during the window.') : null;
  return el(
    'tr',
    { class: view.zone === readerZone ? 'mine' : null, 'data-zone': view.zone },
    el('td', { class: 'zone' }, zoneName(view.zone), notes.length ? el('span', { class: 'source' }, notes.join(', ')) : null),
    el('td', { class: 'abbr' }, view.abbreviation ?? ''),
    el('td', { class: 'when' }, labelOf(view), change),
    el('td', {}, remove),
  );
}

/** Shows `window` ({ startMs, endMs, zone, text, warnings }) if `mine` is still the latest request. */
async function show(window, mine) {
  const { startMs, endMs, zone, text } = window;
  const [views, [reader], gcal] = await Promise.all([
    api.convertWindow(startMs, endMs, zones),
    api.convertWindow(startMs, endMs, [readerZone]),
    api.googleCalendarUrl({ start: startMs, end: endMs, summary: summaryOf(text), description: text ?? '', now: Date.now() }),
  ]);
  if (mine !== sequence) return;
  current = { startMs, endMs, zone, text, warnings: window.warnings ?? [] };
  showError(byId('times-error'), null);
  showWarnings(window.warnings);
  byId('times-reader-zone').textContent = `In your time zone (${readerZone})${readerNote ? `. ${readerNote}` : ''}`;
  byId('times-reader').replaceChildren(el('span', { class: 'abbr' }, `${reader.abbreviation}: `), labelOf(reader));
  byId('times-rows').replaceChildren(...views.map((v) => row(v, zone)));
  byId('times-gcal').href = gcal;
  byId('times-link').value = '';
  byId('times-link-row').hidden = true;
  byId('times-result').hidden = false;
  clearInterval(statusTimer);
  statusTimer = setInterval(updateStatus, 30_000);
  await updateStatus();
}

/** Redraws the current window after the zone list changed. */
async function redraw() {
  if (!current) return;
  const mine = ++sequence;
  try {
    await show(current, mine);
  } catch (e) {
    if (mine === sequence) fail(e);
  }
}

function summaryOf(text) {
  const server = text?.match(/\b(?:server|host|node)\s+([A-Za-z0-9._-]+)/i);
  return server ? `Maintenance: ${server[1]}` : 'Maintenance window';
}

// --- Zones ------------------------------------------------------------------------

function setZones(list) {
  const seen = new Set();
  zones = [...list, readerZone].filter((z) => z && !seen.has(z) && seen.add(z));
}

function canonicalZone(name) {
  const s = name.trim();
  return known.has(s) ? s : byLower.get(s.toLowerCase()) ?? null;
}

/** A zone name, abbreviation or UTC offset the database can show, or null. */
async function usableZone(typed) {
  const known = canonicalZone(typed);
  if (known || !typed || !current) return known;
  try {
    await api.convertWindow(current.startMs, current.endMs, [typed]);
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
}

// --- Actions ----------------------------------------------------------------------

async function onCalendar() {
  if (!current) return;
  try {
    const ics = await api.windowIcs({ start: current.startMs, end: current.endMs, summary: summaryOf(current.text), description: current.text ?? '', now: Date.now() });
    download('maintenance-window.ics', ics, 'text/calendar');
  } catch (e) {
    showError(byId('times-error'), e);
  }
}

async function onCopyLink() {
  if (!current) return;
  try {
    const fragment = await api.shareFragment({ start: current.startMs, end: current.endMs, zone: current.zone, text: current.text ?? '', zones });
    const link = location.href.split('#')[0] + fragment;
    byId('times-link').value = link;
    byId('times-link-row').hidden = false;
    await copy(link, byId('times-copy-status'), byId('times-link'));
  } catch (e) {
    showError(byId('times-error'), e);
  }
}

async function onCopyTable() {
  if (!current) return;
  try {
    const table = await api.windowTable({ start: current.startMs, end: current.endMs, zones, format: 'text' });
    await copy(table, byId('times-copy-status'));
  } catch (e) {
    showError(byId('times-error'), e);
  }
}

// --- Start ------------------------------------------------------------------------

function detectReaderZone() {
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

/** True for a fragment made by shareFragment, false for "#times" and the like. */
function isShareFragment(hash) {
  if (hash.length <= 1) return false;
  try {
    return !document.getElementById(decodeURIComponent(hash.slice(1)));
  } catch {
    return true;
  }
}

/** Wires the section; `sealpost` is the loaded sealpost.js module. */
export async function start(sealpost, info) {
  if (info && info.window === false) {
    const section = byId('times');
    section.inert = true;
    section.prepend(el('p', { class: 'banner' }, 'This build of Sealpost was made without the time zone database, so maintenance times cannot be shown here.'));
    return;
  }
  api = sealpost;
  const names = await api.zoneNames();
  known = new Set(names);
  byLower = new Map(names.map((n) => [n.toLowerCase(), n]));
  byId('zone-names').replaceChildren(...names.map((n) => el('option', { value: n })));
  readerZone = detectReaderZone();
  setZones(DEFAULT_ZONES);

  const parseSoon = debounce(fromText, 250);
  const fieldsSoon = debounce(fromFields, 250);
  byId('times-text').addEventListener('input', () => {
    lastEdit = 'text';
    fieldsSoon.cancel();
    parseSoon();
  });
  for (const id of ['times-date', 'times-start', 'times-end', 'times-duration', 'times-zone']) {
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
  byId('times-show').addEventListener('click', () => {
    parseSoon.cancel();
    fieldsSoon.cancel();
    return lastEdit === 'fields' ? fromFields() : fromText();
  });
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
