// How the browser tests and the benchmarks start Firefox ESR: Debian's build
// (FIREFOX_PATH overrides it), headless, driven by puppeteer-core over
// WebDriver BiDi, in a fresh temporary profile.
//
// `safer: true` adds the preferences Tor Browser sets at its "Safer"
// security level: no WebAssembly, and no JIT (the baseline and Ion
// compilers off, so JavaScript runs in the interpreter). Tor Browser is built
// on Firefox ESR, so this is the closest a test gets to it.
export const FIREFOX_PATH = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

/** What Tor Browser's "Safer" level turns off. */
export const SAFER_PREFS = {
  'javascript.options.wasm': false,
  'javascript.options.baselinejit': false,
  'javascript.options.ion': false,
};

/** Background services that would otherwise try to reach the network. */
const QUIET_PREFS = {
  'app.update.enabled': false,
  'app.normandy.enabled': false,
  'browser.safebrowsing.downloads.remote.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.topsites.contile.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'extensions.update.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  // Downloads go to the folder the harness names, without asking.
  'browser.download.always_ask_before_handling_new_types': false,
  'browser.download.useDownloadDir': true,
};

/**
 * Starts headless Firefox ESR. `safer` applies Tor Browser's "Safer"
 * preferences; `prefs` adds more (e.g. a download folder).
 * @returns {Promise<import('puppeteer-core').Browser>}
 */
export async function launchFirefox({ safer = false, prefs = {} } = {}) {
  // Imported here, so that scripts/test.mjs can load this file before `npm ci` ran.
  const { default: puppeteer } = await import('puppeteer-core');
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    protocol: 'webDriverBiDi',
    extraPrefsFirefox: { ...QUIET_PREFS, ...(safer ? SAFER_PREFS : {}), ...prefs },
  });
}
