// "Check a message": a real bounce pasted gives its verdict in plain words
// and each recipient; a received header block gives its hops with a
// protection badge each, the sender checks and the forgery note; the text
// for support is copied; bad input gets a plain error and the section stays
// usable. The section's code and the mail module load only once it is used.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { open, resultsDir, root, start } from './helpers.mjs';

const MAIL = join(root, 'tests', 'data', 'mail');
const BLOCKED = readFileSync(join(MAIL, 'bounces', 'eml', 'lhost-amazonses-14.eml'), 'utf8');
const NO_SUCH_ADDRESS = readFileSync(join(MAIL, 'bounces', 'eml', 'rfc3464-06.eml'), 'utf8');
const CLEAR_AND_OUTDATED = readFileSync(join(MAIL, 'headers', 'clear-and-outdated.eml'), 'utf8');
const MAIL_FILES = ['/check.js', '/mail-words.js', '/pkg/sealpost_mail.js', '/pkg/sealpost_mail_bg.wasm'];

/** @type {import('./helpers.mjs').Env} */
let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

/**
 * @param {import('playwright-core').Page} page
 * @param {string} text
 */
async function checkText(page, text) {
  await page.fill('#check-input', text);
  await page.click('#check-button');
  await page.locator('#check:not([aria-busy])').waitFor();
}

test('a pasted bounce: "Blocked" first, then the recipient, the server\'s words and the original; copied for support', async () => {
  const tab = await open(env, { prepare: (context) => context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.origin }) });
  const { page } = tab;
  try {
    const paths = () => tab.log.requests.map((u) => new URL(u).pathname);
    for (const file of MAIL_FILES) assert.ok(!paths().includes(file), `${file} is not fetched before the section is used`);
    await checkText(page, BLOCKED);
    await page.locator('#check-result').waitFor({ state: 'visible' });
    assert.equal(await page.textContent('#check-verdict'), 'Blocked: forward this to support');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'check-verdict', 'the verdict takes the focus');
    const recipient = page.locator('#check-recipients li');
    assert.equal(await recipient.count(), 1);
    assert.equal(await recipient.getAttribute('data-category'), 'blocked');
    const text = /** @type {string} */ (await recipient.textContent()); // an element's text: never null
    assert.match(text, /sironeko@neko\.example\.org/);
    assert.match(text, /5\.7\.1/);
    assert.match(text, /554/);
    assert.match(text, /Client host rejected: blocked using mail\.neko\.example\.org/, 'the remote server\'s own words');
    assert.match(text, /Forward this bounce to support/);
    assert.match(/** @type {string} */ (await page.textContent('#check-original')), /Nyaan/);
    assert.ok(await page.locator('#check-headers').isHidden(), 'a bounce shows no hop table of the bounce itself');

    await page.click('#check-copy');
    // #check-copy-status and #check-input are in www/index.html: cast, not checked.
    await page.waitForFunction(() => /** @type {HTMLElement} */ (document.getElementById('check-copy-status')).textContent === 'Copied.');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(copied, /^Blocked: forward this to support\n/);
    assert.match(copied, /Recipient: sironeko@neko\.example\.org/);
    assert.match(copied, /The remote server said: 554 5\.7\.1/);

    await checkText(page, NO_SUCH_ADDRESS);
    assert.equal(await page.textContent('#check-verdict'), 'No such address: check it');
    for (const file of MAIL_FILES) assert.equal(paths().filter((p) => p === file).length, 1, `${file} is fetched once`);
    tab.check();
    tab.checkQuietAfterLoad();
  } finally {
    await tab.close();
  }
});

test('a header block: each hop with its badge, the sender checks in words, the forgery note', async () => {
  const tab = await open(env);
  const { page } = tab;
  try {
    await checkText(page, CLEAR_AND_OUTDATED);
    assert.equal(await page.textContent('#check-verdict'), 'Not a bounce. A sender check failed');
    const rows = page.locator('#check-hop-rows tr');
    assert.equal(await rows.count(), 4);
    const badges = await page.locator('#check-hop-rows .badge').allTextContents();
    assert.deepEqual(badges, ['local', 'clear', 'weak', 'local']);
    assert.match(/** @type {string} */ (await rows.nth(2).textContent()), /TLSv1\.0/);
    assert.match(/** @type {string} */ (await rows.nth(1).textContent()), /clock is behind/);
    const checks = await page.locator('#check-auth li').allTextContents();
    assert.equal(checks.length, 3);
    assert.match(checks[0], /^SPF: softfail/);
    assert.match(checks[2], /^DMARC: fail/);
    assert.match(
      /** @type {string} */ (await page.textContent('#check-summary')),
      /Sent in the clear between pc17\.office\.old\.example and relay\.old\.example/,
    );
    assert.match(/** @type {string} */ (await page.textContent('#check-forgery')), /can be forged/);
    assert.match(await page.inputValue('#check-report'), /\[clear\] pc17\.office\.old\.example/);
    tab.check();
  } finally {
    await tab.close();
  }
});

test('bad input: nothing, junk, 50 MB: a plain error each time, and the section still works after', async () => {
  const tab = await open(env);
  const { page } = tab;
  try {
    await checkText(page, '   ');
    assert.equal(await page.getAttribute('#check-alert', 'data-code'), 'invalid-argument');
    assert.match(/** @type {string} */ (await page.textContent('#check-alert')), /nothing to check/);
    assert.ok(await page.locator('#check-result').isHidden());

    await checkText(page, '\u0000\u0001\u0002 binary junk \u00ff\u00fe'.repeat(200));
    assert.equal(await page.getAttribute('#check-alert', 'data-code'), 'not-a-message');
    assert.ok(await page.locator('#check-result').isHidden(), 'no verdict for junk');

    // A 50 MB paste is kept out of the field (which would freeze the tab) and checked as it is.
    await page.focus('#check-input');
    await page.locator('#check[data-ready="true"]').waitFor({ state: 'attached' });
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', 'X-Junk: 0123456789abcdef0123456789abcdef\n'.repeat(1.25e6));
      /** @type {HTMLElement} */ (document.getElementById('check-input')).dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await page.locator('#check-result:not([hidden]), #check-alert[data-code]').first().waitFor({ timeout: 60000 });
    await page.locator('#check:not([aria-busy])').waitFor();
    assert.match(await page.inputValue('#check-input'), /^\(51\.3 MB pasted: too large to show here/);
    assert.equal(await page.getAttribute('#check-alert', 'data-code'), 'not-a-message', 'header-shaped junk has no Received or Authentication-Results to read');
    assert.match(
      /** @type {string} */ (await page.textContent('#check-alert')),
      /paste the whole message or its headers/,
    );
    assert.ok(await page.locator('#check-result').isHidden());

    // 70 MB: over the limit, refused before it is read.
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', 'x'.repeat(70e6));
      /** @type {HTMLElement} */ (document.getElementById('check-input')).dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await page.locator('#check-alert[data-code="input-too-large"]').waitFor();
    assert.ok(await page.locator('#check-result').isHidden());

    await checkText(page, BLOCKED);
    assert.equal(await page.textContent('#check-alert'), '');
    assert.equal(await page.textContent('#check-verdict'), 'Blocked: forward this to support', 'the section works after bad input');
    tab.check();
  } finally {
    await tab.close();
  }
});

test('screenshots at 1280 and 360 px: a bounce and a header block, nothing scrolls sideways', async () => {
  await mkdir(resultsDir, { recursive: true });
  for (const [width, height] of [
    [1280, 900],
    [360, 800],
  ]) {
    const tab = await open(env, { context: { viewport: { width, height }, colorScheme: 'light' } });
    const { page } = tab;
    try {
      for (const [name, message] of [
        ['bounce', BLOCKED],
        ['headers', CLEAR_AND_OUTDATED],
      ]) {
        await checkText(page, message);
        await page.locator('#check-result').waitFor({ state: 'visible' });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `the page scrolls sideways at ${width} px by ${overflow} px (${name})`);
        const file = join(resultsDir, `check-${name}-${width}.png`);
        await page.locator('#check').screenshot({ path: file });
        // docs/: the bounce at 1280 px, the hop table at 360 px (its narrow layout).
        const docs = join(root, 'docs', `check-${width}.png`);
        const wanted = (width === 1280) === (name === 'bounce');
        if (wanted && (process.env.UPDATE_SCREENSHOT === '1' || !existsSync(docs))) await copyFile(file, docs);
      }
      tab.check();
    } finally {
      await tab.close();
    }
  }
});
