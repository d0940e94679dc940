// Maintenance times as a reader in Vancouver sees them: the announcement is
// read as typed, shown large in the reader's zone and in a table of zones,
// exported to a calendar file, shared as a link that reopens the same
// window at once, and all of it works offline.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { downloadOf, open, resultsDir, root, start } from './helpers.mjs';

const ANNOUNCEMENT = 'On 24 July between 01:00 and 13:00 UTC we will be moving server NC018';
const VANCOUVER = { timezoneId: 'America/Vancouver', locale: 'en-CA' };
// The page reads "24 July" as the next 24 July after now. British Columbia
// keeps UTC-7 all year from November 2026 (tzdb 2026 calls it MST), so the
// PDT of the announcement's example needs a summer before that.
const JUNE_2026 = new Date('2026-06-01T12:00:00Z');
const DECEMBER_2026 = new Date('2026-12-01T12:00:00Z');

/** Opens the page as a reader in Vancouver on `now`. */
function openInVancouver(now = JUNE_2026) {
  return open(env, { context: VANCOUVER, prepare: (context) => context.clock.setFixedTime(now) });
}

/** @type {import('./helpers.mjs').Env} */
let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

/**
 * The table as { zone: [abbreviation, label] }.
 * @param {import('playwright-core').Page} page
 */
async function tableOf(page) {
  // Each row of the table has its zone, abbreviation and label (www/times.js): cast, not checked.
  const rows = await page.locator('#times-rows tr').evaluateAll((/** @type {HTMLTableRowElement[]} */ trs) =>
    trs.map((tr) => [
      /** @type {string} */ (tr.dataset.zone),
      /** @type {Element} */ (tr.querySelector('.abbr')).textContent.trim(),
      /** @type {Element} */ (tr.querySelector('.when .when-label')).textContent.trim(),
    ]),
  );
  return Object.fromEntries(rows.map(([zone, abbr, label]) => [zone, [abbr, label]]));
}

/**
 * The date fields as a person sees them: day, month name, year.
 * @param {import('playwright-core').Page} page
 */
async function dateFields(page) {
  return [await page.inputValue('#times-day'), await page.locator('#times-month option:checked').textContent(), await page.inputValue('#times-year')];
}

/**
 * Checks the window of ANNOUNCEMENT as seen from Vancouver.
 * @param {import('playwright-core').Page} page
 */
async function assertWindow(page) {
  await page.locator('#times-result').waitFor({ state: 'visible' });
  const reader = /** @type {string} */ (await page.textContent('#times-reader')).trim();
  assert.match(reader, /^PDT: 23[-–]24 July, 18:00[-–]06:00$/);
  assert.match(/** @type {string} */ (await page.textContent('#times-reader-zone')), /America\/Vancouver/);
  assert.match(/** @type {string} */ (await page.textContent('#times-status')), /^Starts in 52 d 13 h$/);
  const table = await tableOf(page);
  assert.deepEqual(Object.keys(table), ['UTC', 'America/Vancouver', 'Africa/Lusaka', 'Australia/Perth']);
  const dash = (/** @type {string} */ s) => s.replaceAll('–', '-');
  assert.deepEqual(table.UTC.map(dash), ['UTC', '24 July, 01:00-13:00']);
  assert.deepEqual(table['America/Vancouver'].map(dash), ['PDT', '23-24 July, 18:00-06:00']);
  assert.deepEqual(table['Africa/Lusaka'].map(dash), ['CAT', '24 July, 03:00-15:00']);
  assert.deepEqual(table['Australia/Perth'].map(dash), ['AWST', '24 July, 09:00-21:00']);
}

test('an announcement shown in the reader zone, the table, the calendar file and a shared link', async () => {
  const tab = await openInVancouver();
  const { page, context } = tab;
  try {
    await page.fill('#times-text', ANNOUNCEMENT);
    await assertWindow(page);

    // The fields follow the text.
    assert.deepEqual(await dateFields(page), ['24', 'July', '2026']);
    assert.equal(await page.inputValue('#times-start'), '01:00');
    assert.equal(await page.inputValue('#times-end'), '13:00');
    assert.equal(await page.inputValue('#times-duration'), '12 h');
    assert.equal(await page.inputValue('#times-zone'), 'UTC');
    assert.match(
      /** @type {string} */ (await page.getAttribute('#times-gcal', 'href')),
      /^https:\/\/calendar\.google\.com\//,
    );

    // Add to calendar: a valid RFC 5545 file.
    const ics = await downloadOf(page, () => page.click('#times-ics'));
    assert.match(ics.name, /\.ics$/);
    assert.match(ics.text, /^BEGIN:VCALENDAR\r\n/);
    assert.match(ics.text, /\r\nBEGIN:VEVENT\r\n/);
    assert.match(ics.text, /\r\nDTSTART:20260724T010000Z\r\n/);
    assert.match(ics.text, /\r\nDTEND:20260724T130000Z\r\n/);
    assert.match(ics.text, /\r\nEND:VCALENDAR\r\n$/);
    assert.ok(!/[^\r]\n/.test(ics.text), 'every line ends in CRLF');

    // Copy link: the link opens the same window at once, in a new page.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.origin });
    await page.click('#times-copy-link');
    await page.locator('#times-link-row').waitFor({ state: 'visible' });
    const link = await page.inputValue('#times-link');
    assert.ok(link.startsWith(`${env.origin}/#`), `a link to this page: ${link}`);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);

    await page.click('#times-copy-table');
    await page.locator('#times-copy-status', { hasText: 'Copied' }).waitFor();
    const copiedTable = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(copiedTable.replaceAll('–', '-'), /AWST.*24 July, 09:00-21:00/);

    // Until here, the page itself fetched nothing after load.
    tab.checkQuietAfterLoad();
    const shared = await context.newPage();
    shared.on('pageerror', (e) => tab.log.problems.push(`shared page error: ${e.message}`));
    shared.on('console', (m) => m.type() === 'error' && tab.log.problems.push(`shared console error: ${m.text()}`));
    await shared.goto(link);
    await shared.waitForSelector('html[data-ready="true"]');
    await assertWindow(shared);
    assert.equal(await shared.inputValue('#times-text'), ANNOUNCEMENT);
    await shared.close();
    tab.check();
  } finally {
    await tab.close();
  }
});

test('the zone list can be edited and the fields drive the window', async () => {
  const tab = await openInVancouver();
  const { page } = tab;
  try {
    await page.fill('#times-text', ANNOUNCEMENT);
    await page.locator('#times-result').waitFor({ state: 'visible' });

    await page.fill('#times-add-zone', 'Asia/Tokyo');
    await page.click('#times-add-zone-button');
    await page.locator('#times-rows tr[data-zone="Asia/Tokyo"]').waitFor();
    assert.deepEqual((await tableOf(page))['Asia/Tokyo'].map((s) => s.replaceAll('–', '-')), ['JST', '24 July, 10:00-22:00']);

    await page.click('#times-rows tr[data-zone="Africa/Lusaka"] button');
    await page.locator('#times-rows tr[data-zone="Africa/Lusaka"]').waitFor({ state: 'detached' });

    // Changing the duration field recomputes the window.
    await page.fill('#times-duration', '2 h');
    await page.locator('#times-reader', { hasText: /18:00[-–]20:00/ }).waitFor();
    assert.match(
      /** @type {string} */ (await page.textContent('#times-reader')),
      /^PDT: 23 July, 18:00[-–]20:00$/,
    );
    assert.equal(await page.inputValue('#times-end'), '03:00');

    // Text that holds no window: a plain error, and no old result left standing.
    await page.fill('#times-text', 'We will be moving servers soon.');
    await page.locator('#times-error[data-code]').waitFor();
    assert.ok(await page.locator('#times-result').isHidden());
    assert.equal(await page.locator('#times-readings .reading').count(), 0);
    tab.check();
    tab.checkQuietAfterLoad();
  } finally {
    await tab.close();
  }
});

test('parsing works offline once the page has loaded', async () => {
  const tab = await openInVancouver();
  const { page, context } = tab;
  try {
    await context.setOffline(true);
    await page.fill('#times-text', ANNOUNCEMENT);
    await assertWindow(page);
    await page.click('#times-show');
    await assertWindow(page);
    // The OpenPGP preload, if it was under way, may have been cut off; nothing else.
    tab.check({ offline: true });
    tab.checkQuietAfterLoad();
  } finally {
    await context.setOffline(false);
    await tab.close();
  }
});

test("the page's own tzdb decides, not the browser's: Vancouver keeps UTC-7 in 2027", async () => {
  const tab = await openInVancouver(DECEMBER_2026);
  const { page } = tab;
  try {
    await page.fill('#times-text', ANNOUNCEMENT);
    await page.locator('#times-result').waitFor({ state: 'visible' });
    assert.deepEqual(await dateFields(page), ['24', 'July', '2027']);
    assert.match(
      /** @type {string} */ (await page.textContent('#times-reader')),
      /^MST: 23[-–]24 July, 18:00[-–]06:00$/,
    );
    tab.check();
  } finally {
    await tab.close();
  }
});

const TWO_WINDOWS = 'Window 1: 24 July 01:00-03:00 UTC\nWindow 2: 26 July 22:00-02:00 UTC';

test('an announcement with two windows: each shown, one calendar file with both, one link for both', async () => {
  const tab = await openInVancouver();
  const { page, context } = tab;
  try {
    await page.fill('#times-text', TWO_WINDOWS);
    await page.locator('#times-readings .reading[data-window="2"]').waitFor();
    // Each reading has its window's name and its big line (www/times.js): cast, not checked.
    const readings = await page.locator('#times-readings .reading').evaluateAll((items) =>
      items.map((li) => [
        /** @type {Element} */ (li.querySelector('.window-name')).textContent,
        /** @type {Element} */ (li.querySelector('.big')).textContent.replaceAll('–', '-'),
      ]),
    );
    assert.deepEqual(readings, [
      ['Window 1 of 2', 'PDT: 23 July, 18:00-20:00'],
      ['Window 2 of 2', 'PDT: 26 July, 15:00-19:00'],
    ]);
    assert.equal(await page.locator('#times-readings .status').count(), 2);
    assert.match(
      /** @type {string} */ (await page.textContent('#times-warnings-text')),
      /names 2 windows, each shown/,
    );
    assert.match(
      /** @type {string} */ (await page.textContent('#times-fields-note')),
      /2 windows; the fields show the first/,
    );
    // Each zone's row has both windows.
    const perth = await page.locator('#times-rows tr[data-zone="Australia/Perth"] .when-label').allTextContents();
    assert.deepEqual(perth.map((s) => s.replaceAll('–', '-')), ['24 July, 09:00-11:00', '27 July, 06:00-10:00']);
    // A Google Calendar link for each window.
    assert.match(
      /** @type {string} */ (await page.getAttribute('#times-gcal', 'href')),
      /dates=20260724T010000Z\/20260724T030000Z/,
    );
    assert.match(
      /** @type {string} */ (await page.locator('#times-gcal-more a').getAttribute('href')),
      /dates=20260726T220000Z\/20260727T020000Z/,
    );

    // One calendar file, one event per window.
    const ics = await downloadOf(page, () => page.click('#times-ics'));
    assert.equal(ics.text.match(/\r\nBEGIN:VEVENT\r\n/g)?.length, 2);
    assert.match(ics.text, /\r\nDTSTART:20260724T010000Z\r\nDTEND:20260724T030000Z\r\n/);
    assert.match(ics.text, /\r\nDTSTART:20260726T220000Z\r\nDTEND:20260727T020000Z\r\n/);
    assert.ok(!/[^\r]\n/.test(ics.text), 'every line ends in CRLF');

    // The copied table has both, and the link reopens both.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.origin });
    await page.click('#times-copy-table');
    await page.locator('#times-copy-status', { hasText: 'Copied' }).waitFor();
    const table = (await page.evaluate(() => navigator.clipboard.readText())).replaceAll('–', '-');
    assert.match(table, /^Window 1 of 2:\n[\s\S]*AWST: +24 July, 09:00-11:00\n\nWindow 2 of 2:\n[\s\S]*AWST: +27 July, 06:00-10:00\n$/);
    await page.click('#times-copy-link');
    await page.locator('#times-link-row').waitFor({ state: 'visible' });
    const link = await page.inputValue('#times-link');
    assert.match(link, /#w=20260724T0100Z\/20260724T0300Z,20260726T2200Z\/20260727T0200Z&/);
    const shared = await context.newPage();
    shared.on('pageerror', (e) => tab.log.problems.push(`shared page error: ${e.message}`));
    await shared.goto(link);
    await shared.locator('#times-readings .reading[data-window="2"]').waitFor();
    assert.match(
      /** @type {string} */ (await shared.textContent('#times-readings')),
      /26 July, 15:00[-–]19:00/,
    );
    await shared.close();

    // Editing a field shows that one window only.
    await page.fill('#times-end', '04:00');
    await page.locator('#times-readings .reading[data-window="2"]').waitFor({ state: 'detached' });
    assert.match(
      /** @type {string} */ (await page.textContent('#times-reader')),
      /^PDT: 23 July, 18:00[-–]21:00$/,
    );
    tab.check();
  } finally {
    await tab.close();
  }
});

test('the fields show dates and times as the result does, whatever the browser language', async () => {
  for (const locale of ['en-US', 'de-DE', 'ar-EG']) {
    const tab = await open(env, { context: { ...VANCOUVER, locale }, prepare: (context) => context.clock.setFixedTime(JUNE_2026) });
    const { page } = tab;
    try {
      await page.fill('#times-text', ANNOUNCEMENT);
      await page.locator('#times-result').waitFor({ state: 'visible' });
      assert.deepEqual(await dateFields(page), ['24', 'July', '2026'], locale);
      assert.deepEqual([await page.inputValue('#times-start'), await page.inputValue('#times-end')], ['01:00', '13:00'], locale);
      // Plain text fields, not the browser's own date and time pickers.
      const types = await page
        .locator('#times .fields input')
        .evaluateAll((/** @type {HTMLInputElement[]} */ inputs) => inputs.map((i) => i.type));
      assert.ok(types.every((t) => t === 'text'), `${locale}: ${types}`);
      tab.check();
    } finally {
      await tab.close();
    }
  }
});

test('the date and time fields work from the keyboard', async () => {
  const tab = await openInVancouver();
  const { page } = tab;
  try {
    await page.fill('#times-text', ANNOUNCEMENT);
    await page.locator('#times-result').waitFor({ state: 'visible' });
    // The arrows step the hour (caret at the start) or the minutes (caret at the end).
    await page.focus('#times-start');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.inputValue('#times-start'), '02:00');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.inputValue('#times-start'), '02:59');
    await page.locator('#times-reader', { hasText: /19:59/ }).waitFor();
    // 24-hour times may be typed without a colon.
    await page.fill('#times-start', '1830');
    await page.locator('#times-reader', { hasText: /24-25 July, 11:30/ }).waitFor();
    // The day steps with the arrows; the month is a list of names, in English as the result.
    await page.focus('#times-day');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.inputValue('#times-day'), '23');
    await page.selectOption('#times-month', { label: 'August' });
    await page.locator('#times-reader', { hasText: /23-24 August, 11:30/ }).waitFor();
    assert.equal(await page.inputValue('#times-zone'), 'UTC');
    tab.check();
  } finally {
    await tab.close();
  }
});

test('screenshots of two windows at 1280 and 360 px', async () => {
  await mkdir(resultsDir, { recursive: true });
  for (const [width, height] of [
    [1280, 900],
    [360, 800],
  ]) {
    const tab = await open(env, { context: { ...VANCOUVER, viewport: { width, height }, colorScheme: 'light' }, prepare: (context) => context.clock.setFixedTime(JUNE_2026) });
    const { page } = tab;
    try {
      await page.fill('#times-text', TWO_WINDOWS);
      await page.locator('#times-readings .reading[data-window="2"]').waitFor();
      const file = join(resultsDir, `times-${width}.png`);
      await page.locator('#times').screenshot({ path: file });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the page scrolls sideways at ${width} px by ${overflow} px`);
      const docs = join(root, 'docs', `times-${width}.png`);
      if (process.env.UPDATE_SCREENSHOT === '1' || !existsSync(docs)) await copyFile(file, docs);
      tab.check();
    } finally {
      await tab.close();
    }
  }
});
