// Files in the page: encrypt several files (binary .gpg and armored .asc)
// that GnuPG decrypts to the same bytes under the same name, decrypt a
// GnuPG-made file to a download named from its literal packet (made safe),
// refuse a file above the limit, and keep the page responsive throughout: a
// requestAnimationFrame recorder measures the longest gap between frames
// while a 16 MiB file is encrypted and decrypted, and writes it to
// test-results/frame-gaps.json (a measurement, not an assertion: a test
// does not fail on wall-clock time; the budget is 100 ms). Cancel
// stops a large one.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { expand, open, openPgpLoaded, resultsDir, start } from './helpers.mjs';
import { Gpg, Workdir, installed } from '../interop/lib/tools.mjs';

const skip = installed('gpg') ? undefined : 'skipped: gpg not installed';
const PASSWORD = 'correct horse battery staple';
const MiB = 1024 * 1024;
/**
 * What the frame recorder found, by what was measured (`encrypt16MiB`, `decrypt16MiB`).
 * @type {Record<string, { worst: number, frames: number }>}
 */
const gaps = {};

/** @type {import('./helpers.mjs').Env} */
let env;
/** @type {Gpg} */
let gpg;
/** @type {Workdir} */
let w;
before(async () => {
  env = await start();
  if (!skip) {
    gpg = new Gpg();
    w = new Workdir('sp-files-');
  }
});
after(async () => {
  await env?.close();
  await mkdir(resultsDir, { recursive: true });
  await writeFile(join(resultsDir, 'frame-gaps.json'), `${JSON.stringify({ budgetMs: 100, ...gaps }, null, 2)}\n`);
});

/**
 * The file that `action` makes the page download: { name, bytes }.
 * @param {import('playwright-core').Page} page
 * @param {() => Promise<unknown>} action
 */
async function downloaded(page, action) {
  const [download] = await Promise.all([page.waitForEvent('download'), action()]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

/**
 * The page's global scope while it records: `frameGaps`, the longest gap
 * so far, the frames drawn, and whether it goes on.
 * @typedef {typeof globalThis & { frameGaps: { worst: number, frames: number, on: boolean } }} Recording
 */

/**
 * Starts recording the gaps between animation frames in the page.
 * @param {import('playwright-core').Page} page
 */
async function recordFrames(page) {
  await page.evaluate(() => {
    const rec = { worst: 0, frames: 0, on: true };
    /** @type {Recording} */ (globalThis).frameGaps = rec;
    let last = performance.now();
    /** @type {FrameRequestCallback} */
    const tick = (t) => {
      rec.worst = Math.max(rec.worst, t - last);
      rec.frames += 1;
      last = t;
      if (rec.on) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/**
 * Stops the recorder; resolves to { worst, frames }.
 * @param {import('playwright-core').Page} page
 */
async function framesRecorded(page) {
  return page.evaluate(() => {
    /** @type {Recording} */ (globalThis).frameGaps.on = false;
    return {
      worst: /** @type {Recording} */ (globalThis).frameGaps.worst,
      frames: /** @type {Recording} */ (globalThis).frameGaps.frames,
    };
  });
}

/**
 * Fills the password fields of "Seal a message".
 * @param {import('playwright-core').Page} page
 */
async function setPassword(page) {
  await expand(page, '#seal-password-box');
  await page.fill('#seal-password', PASSWORD);
  await page.fill('#seal-password2', PASSWORD);
}

/**
 * gpg --decrypt of `bytes` with the password: { plaintext, name } (the literal packet's file name).
 * @param {Uint8Array} bytes
 * @param {string} label the name of the file it is written to
 */
function gpgOpen(bytes, label) {
  const path = w.file(label, bytes);
  const plaintext = gpg.ok(['--passphrase', PASSWORD, '--decrypt', path]);
  const packets = gpg.ok(['--passphrase', PASSWORD, '--list-packets', path]).toString();
  const name = packets.match(/literal data packet:[\s\S]*?name="([^"]*)"/)?.[1];
  return { plaintext, name };
}

test('files encrypted in the page open in GnuPG with the same bytes and name', { skip }, async () => {
  const tab = await open(env);
  const { page } = tab;
  try {
    await openPgpLoaded(page);
    const report = randomBytes(16 * MiB);
    const notes = Buffer.from('Quarterly notes ✓\n');
    await setPassword(page);
    await expand(page, '#seal-files-box');
    await page.setInputFiles('#seal-files', [
      { name: 'report.pdf', mimeType: 'application/pdf', buffer: report },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: notes },
    ]);
    assert.deepEqual(await page.locator('#seal-file-list .file-name').allTextContents(), ['report.pdf', 'notes.txt']);

    await recordFrames(page);
    await page.click('#seal-files-button');
    await page.locator('#seal-file-results a').nth(1).waitFor();
    const frames = await framesRecorded(page);
    console.log(`encrypt 16 MiB: worst frame gap ${frames.worst.toFixed(1)} ms over ${frames.frames} frames`);
    assert.ok(frames.frames > 2, 'frames were drawn while the file was encrypted');
    gaps.encrypt16MiB = frames;
    assert.equal(await page.textContent('#seal-files-alert'), '');
    assert.equal(await page.inputValue('#seal-password'), '', 'the password is cleared after use');

    const links = page.locator('#seal-file-results a');
    assert.deepEqual(await links.allTextContents(), ['Download report.pdf.gpg', 'Download notes.txt.gpg']);
    const sealed = await downloaded(page, () => links.nth(0).click());
    assert.equal(sealed.name, 'report.pdf.gpg');
    assert.notEqual(sealed.bytes[0], 0x2d, 'binary, not armored');
    const opened = gpgOpen(sealed.bytes, 'report.pdf.gpg');
    assert.ok(opened.plaintext.equals(report), 'GnuPG decrypts the same 16 MiB');
    assert.equal(opened.name, 'report.pdf', 'the file name is in the literal packet');
    const small = gpgOpen((await downloaded(page, () => links.nth(1).click())).bytes, 'notes.txt.gpg');
    assert.ok(small.plaintext.equals(notes));
    assert.equal(small.name, 'notes.txt');

    // Armored: report.pdf.asc.
    await page.click('#seal-file-list li:nth-child(2) button');
    await page.selectOption('#seal-file-format', 'armor');
    await setPassword(page);
    await page.click('#seal-files-button');
    await page.locator('#seal-file-results a').waitFor();
    const armored = await downloaded(page, () => page.click('#seal-file-results a'));
    assert.equal(armored.name, 'report.pdf.asc');
    assert.match(armored.bytes.subarray(0, 40).toString(), /^-----BEGIN PGP MESSAGE-----/);
    const fromArmor = gpgOpen(armored.bytes, 'report.pdf.asc');
    assert.ok(fromArmor.plaintext.equals(report));
    assert.equal(fromArmor.name, 'report.pdf');
    tab.check();
  } finally {
    await tab.context.close();
  }
});

test('a GnuPG-encrypted file decrypts to a download named from its literal packet', { skip }, async () => {
  const tab = await open(env);
  const { page } = tab;
  try {
    await openPgpLoaded(page);
    const data = randomBytes(16 * MiB);
    const input = join(w.dir, 'input.bin');
    await writeFile(input, data);
    const encrypted = join(w.dir, 'archive.gpg');
    gpg.ok(['--passphrase', PASSWORD, '--symmetric', '--set-filename', 'backup.tar', '--output', encrypted, input]);

    await page.click('#tab-open');
    await page.setInputFiles('#open-file', encrypted);
    assert.match(
      /** @type {string} */ (await page.textContent('#open-file-name')),
      /archive\.gpg \(16\.0 MiB\)/,
    );
    assert.equal(await page.inputValue('#open-message'), '', 'a large file is not put in the text box');
    await page.fill('#open-password', PASSWORD);
    await recordFrames(page);
    await page.click('#open-button');
    await page.locator('#open-result').waitFor({ state: 'visible' });
    const frames = await framesRecorded(page);
    console.log(`decrypt 16 MiB: worst frame gap ${frames.worst.toFixed(1)} ms over ${frames.frames} frames`);
    assert.ok(frames.frames > 2, 'frames were drawn while the file was decrypted');
    gaps.decrypt16MiB = frames;
    assert.equal(await page.inputValue('#open-output'), '', 'the 16 MiB result is not put in a text box');
    assert.match(
      /** @type {string} */ (await page.textContent('#open-meta')),
      /File name: backup\.tar\..*16\.0 MiB, too large to show here/,
    );
    const plain = await downloaded(page, () => page.click('#open-download'));
    assert.equal(plain.name, 'backup.tar');
    assert.ok(plain.bytes.equals(data), 'the download is the original bytes');

    // A literal packet naming a path: only its last part, made safe, is used.
    const sneaky = join(w.dir, 'sneaky.gpg');
    gpg.ok(['--passphrase', PASSWORD, '--symmetric', '--set-filename', '../../.bashrc', '--output', sneaky, input]);
    await page.setInputFiles('#open-file', sneaky);
    await page.fill('#open-password', PASSWORD);
    await page.click('#open-button');
    await page.locator('#open-result').waitFor({ state: 'visible' });
    assert.equal((await downloaded(page, () => page.click('#open-download'))).name, 'bashrc');
    tab.check();
  } finally {
    await tab.context.close();
  }
});

test('a file above the limit is refused plainly, and dropping files adds them', async () => {
  const tab = await open(env);
  const { page } = tab;
  try {
    await expand(page, '#seal-files-box');
    await page.evaluate(() => {
      const chunk = new Uint8Array(1024 * 1024);
      const big = new File(Array.from({ length: 257 }, () => chunk), 'huge.iso');
      const dt = new DataTransfer();
      dt.items.add(big);
      dt.items.add(new File(['hello'], 'small.txt'));
      // #seal-files-box is in www/index.html: cast, not checked.
      /** @type {HTMLElement} */ (document.getElementById('seal-files-box')).dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    assert.match(
      /** @type {string} */ (await page.textContent('#seal-files-alert')),
      /huge\.iso is 257\.0 MiB; Sealpost encrypts and decrypts files of up to 256\.0 MiB/,
    );
    assert.equal(await page.getAttribute('#seal-files-alert', 'data-code'), 'input-too-large');
    assert.deepEqual(await page.locator('#seal-file-list .file-name').allTextContents(), ['small.txt']);
    tab.check();
  } finally {
    await tab.context.close();
  }
});

test('Cancel stops encrypting a large file: nothing is offered, and the next file still works', async () => {
  const tab = await open(env);
  const { page } = tab;
  try {
    await openPgpLoaded(page);
    await setPassword(page);
    await expand(page, '#seal-files-box');
    const big = join(tmpdir(), `sp-cancel-${process.pid}.bin`);
    await writeFile(big, Buffer.alloc(64 * MiB, 1));
    await page.setInputFiles('#seal-files', big);
    await page.click('#seal-files-button');
    await page.click('#seal-files-busy [data-cancel]');
    await page.locator('#panel-seal:not([aria-busy])').waitFor();
    assert.equal(await page.getAttribute('#seal-files-alert', 'data-code'), 'cancelled');
    assert.ok(await page.locator('#seal-file-results').isHidden(), 'no download is offered');
    assert.equal(await page.locator('#seal-file-results a').count(), 0);

    await page.click('#seal-file-list li button');
    await page.setInputFiles('#seal-files', [{ name: 'small.txt', mimeType: 'text/plain', buffer: Buffer.from('after cancel') }]);
    await setPassword(page);
    await page.click('#seal-files-button');
    await page.locator('#seal-file-results a').waitFor();
    assert.equal(await page.textContent('#seal-file-results a'), 'Download small.txt.gpg');
    tab.check();
  } finally {
    await rm(join(tmpdir(), `sp-cancel-${process.pid}.bin`), { force: true });
    await tab.context.close();
  }
});
