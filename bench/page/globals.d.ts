// What the benchmark page adds to the browser's globals, for the type
// check: bench/page/bench.js installs `window.bench`, which bench/run.mjs
// calls through Playwright.

interface Window {
  bench: import('./bench.js').Bench;
}

interface Performance {
  /** Chromium's heap size (non-standard; absent in other browsers). */
  readonly memory?: { readonly usedJSHeapSize: number };
}
