// The page's entry point: checks that this browser can run Sealpost, loads
// the WebAssembly module, shows its versions and wires the two sections.
// When anything here fails the page says so in a banner and turns the
// sections off; it never sits blank or pretends to work.
import { byId, el } from './ui.js';

const sections = ['seal', 'times'];

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
  if (typeof WebAssembly !== 'object' || WebAssembly === null || typeof WebAssembly.instantiate !== 'function') return 'WebAssembly';
  if (typeof Worker !== 'function') return 'Web Workers';
  if (typeof TextEncoder !== 'function' || typeof crypto?.getRandomValues !== 'function') return 'a secure random number source';
  return null;
}

async function start() {
  byId('boot-note').remove();
  const missing = lacking();
  if (missing) {
    fail(
      'This browser cannot run Sealpost.',
      `Sealpost needs ${missing}, which this browser does not offer or has turned off (some hardened or "lockdown" settings do this). Nothing on this page works without it: nothing has been sealed, opened or converted. Use an up-to-date Firefox, Chrome, Edge or Safari, or allow ${missing} for this page.`,
    );
    return;
  }
  let sealpost;
  let info;
  try {
    sealpost = await import('./sealpost.js');
    info = await sealpost.buildInfo();
  } catch (e) {
    fail(
      'Sealpost could not start.',
      `${e.message} Nothing on this page works until it does. Reload the page to try again; if you opened a saved copy of the page, check that the file is complete, or download it again. Nothing was sent anywhere.`,
    );
    return;
  }
  byId('build-info').textContent = `Time zone database ${info.tzdb ?? '(not in this build)'} · Sealpost ${info.sealpost}`;
  byId('build-info').dataset.tzdb = info.tzdb ?? '';
  const [seal, times] = await Promise.all([import('./seal.js'), import('./times.js')]);
  seal.start(info);
  await times.start(sealpost, info);
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
