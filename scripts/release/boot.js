// The start of the single-file release, bundled before www/app.js by
// scripts/release.mjs: hands Sealpost the module files that this HTML file
// carries (base64 in `<script type="application/octet-stream"
// data-sealpost-file="…">` blocks, which are data, never run), and starts
// its workers from the worker bundle it carries, through a `blob:` URL (a
// classic script: browsers refuse module workers from `blob:` URLs of a
// page opened from disk).
// After this the page has nothing to fetch, and its policy forbids fetching.
import { supply } from '../../www/sealpost.js';
import { useWorkerSource } from '../../www/pgp-pool.js';

/**
 * The bytes of a base64 text.
 * @param {string} base64
 * @returns {Uint8Array}
 */
function decode(base64) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(base64);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** @type {[string, Uint8Array][]} */
const files = [.../** @type {NodeListOf<HTMLScriptElement>} */ (document.querySelectorAll('script[data-sealpost-file]'))].map((block) => [
  block.dataset.sealpostFile ?? '',
  decode(block.textContent.trim()),
]);
for (const [file, bytes] of files) supply(file, bytes);

const worker = document.getElementById('sealpost-worker')?.textContent;
if (worker) useWorkerSource({ url: URL.createObjectURL(new Blob([worker], { type: 'text/javascript' })), type: 'classic', files });
