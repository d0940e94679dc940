// The page's entry point: checks that this browser can run Sealpost, loads
// the WebAssembly module (or, where the browser runs no WebAssembly, its
// slower JavaScript build, and says so), shows its versions and wires the
// three sections. When anything here fails the page says so in a banner and
// turns the sections off; it never sits blank or pretends to work.
import { byId, el } from './ui.js';

const sections = ['seal', 'times', 'check'];

/**
 * @param {string} title
 * @param {string} detail
 */
function fail(title, detail) {
  const banner = byId('banner');
  banner.replaceChildren(el('strong', {}, title), el('p', {}, detail));
  banner.hidden = false;
  byId('build-info').textContent = 'Sealpost is not running in this browser.';
  for (const id of sections) {
    const section = byId(id);
    section.inert = true;
    section.classList.add('off');
  }
}

function lacking() {
  if (typeof Worker !== 'function') return 'Web Workers';
  if (typeof TextEncoder !== 'function' || typeof crypto?.getRandomValues !== 'function') return 'a secure random number source';
  return null;
}

/**
 * Says that the JavaScript build runs, why, and what that changes; offers no RSA keys.
 * @param {import('./sealpost.js').Engine['reason']} reason
 */
function slowerMode(reason) {
  const why =
    reason === 'webassembly-refused'
      ? 'This browser refuses to run WebAssembly on this page (a security setting or policy), so Sealpost runs as plain JavaScript.'
      : 'This browser has WebAssembly turned off, so Sealpost runs as plain JavaScript.';
  const note = el(
    'div',
    { id: 'slow-note', class: 'banner slow', role: 'note' },
    el('strong', {}, 'Sealpost runs in a slower mode here.'),
    el('p', {}, `${why} Everything it shows is the same as in the fast mode, but it takes longer: converting times, making a key, unlocking it with its passphrase, or sealing or opening a short message (with a key or a password) takes a second or two; opening with an RSA key takes tens of seconds. Making RSA keys, and passwords hashed with Argon2 above one pass over 4 MiB, would take many minutes here and are refused; Cv25519 keys, with a passphrase, are offered.`),
    el('p', {}, 'In Tor Browser, the "Safer" security level turns WebAssembly off (and "Safest" turns off JavaScript, which Sealpost needs). The "Standard" level brings the fast mode back: the shield icon in the toolbar, or Settings, Privacy & Security, Security Level.'),
  );
  byId('banner').before(note);
  for (const option of /** @type {NodeListOf<HTMLOptionElement>} */ (document.querySelectorAll('#key-profile option[value^="rsa"]'))) {
    option.disabled = true;
    option.textContent += ' (not in the slower mode)';
  }
}

/**
 * "Check a message" loads its code (www/check.js) when it is first touched,
 * and the mail module when a message is first checked: the first view
 * fetches neither. A click on Check before check.js has loaded runs the
 * check once it has.
 */
function wireCheck() {
  const section = byId('check');
  const types = ['focusin', 'click', 'dragenter'];
  let loading = false;
  let runNow = false;
  /** @param {Event} event */
  const load = (event) => {
    if (event.type === 'click' && /** @type {Element} */ (event.target).closest?.('#check-button')) runNow = true;
    if (loading) return;
    loading = true;
    import('./check.js').then((check) => {
      for (const type of types) section.removeEventListener(type, load);
      check.start({ runNow });
    });
  };
  for (const type of types) section.addEventListener(type, load);
  // A file dropped before check.js is ready must not replace the page.
  section.addEventListener('dragover', (e) => e.preventDefault());
}

async function start() {
  byId('boot-note').remove();
  const missing = lacking();
  if (missing) {
    fail(
      'This browser cannot run Sealpost.',
      `Sealpost needs ${missing}, which this browser does not offer or has turned off. Nothing on this page works without it: nothing has been sealed, opened or converted. Use an up-to-date Firefox, Chrome, Edge, Safari or Tor Browser, or allow ${missing} for this page.`,
    );
    return;
  }
  let sealpost;
  let info;
  try {
    sealpost = await import('./sealpost.js');
    info = await sealpost.buildInfo();
  } catch (thrown) {
    const e = /** @type {import('./ui.js').CodedError} */ (thrown);
    fail(
      'Sealpost could not start.',
      `${e.message} Nothing on this page works until it does. Reload the page to try again; if you opened a saved copy of the page, check that the file is complete, or download it again. Nothing was sent anywhere.`,
    );
    return;
  }
  const slow = sealpost.engine();
  document.documentElement.dataset.engine = slow.kind;
  if (slow.kind === 'javascript') slowerMode(slow.reason);
  byId('build-info').textContent = `Time zone database ${info.tzdb} · Sealpost ${info.sealpost}${slow.kind === 'javascript' ? ' · slower mode (no WebAssembly)' : ''}`;
  // The window module always has its tzdb (null only in a module without it).
  byId('build-info').dataset.tzdb = /** @type {string} */ (info.tzdb);
  // The maintenance view first: it works before the code of the other
  // sections (seal.js and what it imports, identity.js) is even fetched.
  const times = await import('./times.js');
  await times.start(sealpost);
  document.documentElement.dataset.times = 'ready';
  const [seal, identity] = await Promise.all([import('./seal.js'), import('./identity.js')]);
  await identity.show(info);
  seal.start();
  wireCheck();
  document.documentElement.dataset.ready = 'true';
  performance.mark('sealpost-ready');
  // Only now, and only when the browser is idle: the OpenPGP worker and module.
  seal.preload();
}

addEventListener('unhandledrejection', (event) => {
  fail('Something went wrong inside Sealpost.', `${event.reason?.message ?? event.reason} Reload the page to start again; nothing was sent anywhere.`);
});

start().catch((e) => {
  fail('Sealpost could not start.', `${e.message} Reload the page to try again; nothing was sent anywhere.`);
});
