// "This copy of Sealpost": the version, the source commit and the SHA-256 of
// each WebAssembly module, and how to check a copy from outside it.
//
// The single-file release carries a record of itself (a JSON block written
// by scripts/release.mjs, #sealpost-release); the hosted page has none, and
// shows what it knows: the version, and its modules' hashes from
// pkg/integrity.js, the values it fetches them with.
import { byId, el } from './ui.js';

/**
 * The record a release carries of itself (scripts/release.mjs writes it).
 * @typedef {object} Release
 * @property {string} version
 * @property {string | null} commit
 * @property {boolean} dirty
 * @property {string | null} date
 * @property {string} file
 * @property {string} rustc
 * @property {Record<string, string>} modules SHA-256 hex of each module file
 */

/**
 * The release's record of itself, or null on the hosted page.
 * @returns {Release | null}
 */
export function releaseRecord() {
  const block = document.getElementById('sealpost-release');
  if (!block) return null;
  try {
    return JSON.parse(block.textContent);
  } catch {
    return null;
  }
}

/**
 * Lower-case hex of a `sha256-<base64>` integrity value.
 * @param {string} integrity
 */
function hexOf(integrity) {
  const binary = atob(integrity.replace(/^sha256-/, ''));
  return Array.from(binary, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
}

/**
 * `{ file: sha256 hex }` of the modules: the release's record, or pkg/integrity.js.
 * @param {Release | null} release
 * @returns {Promise<Record<string, string> | null>}
 */
async function moduleHashes(release) {
  if (release?.modules) return release.modules;
  try {
    const { default: integrity } = await import('./pkg/integrity.js');
    return Object.fromEntries(Object.entries(integrity).map(([file, value]) => [file, hexOf(value)]));
  } catch {
    return null;
  }
}

/**
 * "commit 0123…cdef, 2026-11-30": the full id, to compare and to copy.
 * @param {Release} release
 */
function source(release) {
  if (!release.commit) return ['not recorded (built outside a git checkout)'];
  const parts = ['commit ', el('code', { class: 'hash' }, release.commit)];
  if (release.date) parts.push(`, ${release.date}`);
  if (release.dirty) parts.push(el('strong', { class: 'no' }, ' with changes that were never committed: not a release'));
  return parts;
}

/**
 * Fills the section; `info` is buildInfo().
 * @param {import('./sealpost.js').BuildInfo} info
 */
export async function show(info) {
  const release = releaseRecord();
  const section = byId('about');
  section.dataset.mode = release ? 'release' : 'hosted';
  byId('about-version').textContent = `Sealpost ${release?.version ?? info.sealpost}${release ? ', single file' : ''}`;
  byId('about-tzdb').textContent = info.tzdb;
  if (release) {
    byId('about-source').replaceChildren(...source(release));
    byId('about-source').hidden = false;
    byId('about-source-label').hidden = false;
    if (release.rustc) {
      byId('about-toolchain').textContent = release.rustc;
      byId('about-toolchain').hidden = false;
      byId('about-toolchain-label').hidden = false;
    }
    byId('about-lead').textContent = 'This file is the whole of Sealpost: every script and module is inside it, and it connects to nothing.';
    const file = release.file ?? 'sealpost.html';
    byId('about-file').textContent = file;
    for (const code of /** @type {NodeListOf<HTMLElement>} */ (section.querySelectorAll('code[data-command]'))) {
      code.textContent = [code.dataset.command, file, code.dataset.after].filter(Boolean).join(' ');
    }
    byId('about-release').hidden = false;
    byId('about-hosted').hidden = true;
  }
  byId('about-engine').hidden = document.documentElement.dataset.engine !== 'javascript';
  const hashes = await moduleHashes(release);
  const list = byId('about-modules');
  list.replaceChildren(
    ...(hashes
      ? Object.entries(hashes).map(([file, hex]) => el('li', { 'data-file': file }, el('span', { class: 'file' }, file), el('code', { class: 'hash' }, hex)))
      : [el('li', {}, 'not known: this build lists no module hashes')]),
  );
}
