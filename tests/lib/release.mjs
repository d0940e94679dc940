// The single-file release for the tests: the dist/ folder that `npm test`
// has just written (SEALPOST_DIST), or, when a test file runs on its own, a
// fresh release of this checkout in a temporary folder.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { release } from '../../scripts/release.mjs';

/** `{ dir, name, file, html, record }`: the release folder, its HTML file and the record it carries. */
export async function releaseUnderTest() {
  let dir = process.env.SEALPOST_DIST ? resolve(process.env.SEALPOST_DIST) : null;
  if (!dir) {
    dir = mkdtempSync(join(tmpdir(), 'sealpost-dist-'));
    await release({ out: dir, quiet: true });
  }
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const name = `sealpost-${version}.html`;
  const file = join(dir, name);
  const html = readFileSync(file, 'utf8');
  const recorded = html.match(/<script type="application\/json" id="sealpost-release">([^<]*)<\/script>/);
  if (!recorded) throw new Error(`${file} carries no release record (script#sealpost-release)`);
  const record = JSON.parse(recorded[1]);
  return { dir, name, file, html, record };
}
