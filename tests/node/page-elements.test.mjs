// www/page-elements.d.ts, the type of each element of the page by id (for
// `byId()` in www/ui.js), is the one scripts/page-elements.mjs writes from
// www/index.html as it is now.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { PAGE, TYPES, pageElementTypes } from '../../scripts/page-elements.mjs';

test('www/page-elements.d.ts matches www/index.html (else run node scripts/page-elements.mjs)', () => {
  const want = pageElementTypes(readFileSync(PAGE, 'utf8'));
  assert.equal(readFileSync(TYPES, 'utf8'), want);
  // A sample, so that an empty file cannot pass.
  assert.match(want, /^ {2}"check-input": HTMLElementTagNameMap\["textarea"\];$/m);
});

test('two elements with one id are refused', () => {
  assert.throws(() => pageElementTypes('<p id="a"></p><div id="a"></div>'), /two elements with the id a/);
});
