// How the browser tests and the benchmarks start Chromium: Debian's build
// (CHROME_PATH overrides it), headless, without the background services
// that would try to reach the network.
export const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

export const CHROME_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
