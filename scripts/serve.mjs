#!/usr/bin/env node
// Serves `www/` on the loopback interface and prints the URL.
//
//   node scripts/serve.mjs [--port N]      (or PORT=N; default 8080)
//
// It serves files only: no API, nothing that could receive what the page
// holds. `.wasm` goes out as application/wasm so that streaming
// instantiation works. When the folder's index.html declares a
// Content-Security-Policy, every response also carries it as a header: a
// policy in a <meta> covers the page only, and the header is what binds the
// page's Web Worker (a script of its own), so any host should send it.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

/**
 * The Content-Security-Policy of `dir`/index.html's <meta>, or null.
 * @param {string} dir
 * @returns {string | null}
 */
export function pagePolicy(dir) {
  let html;
  try {
    html = readFileSync(join(dir, 'index.html'), 'utf8');
  } catch {
    return null;
  }
  return html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)?.[1] ?? null;
}

/**
 * Starts a static file server for `dir` on 127.0.0.1:`port` (0 picks a free
 * port). Resolves to the `http.Server`, already listening.
 * @param {string} dir
 * @param {number} [port]
 */
export function serve(dir, port = 8080) {
  const rootDir = normalize(dir + sep);
  const policy = pagePolicy(dir);
  // frame-ancestors works only in a header: no other site may frame the page.
  const security = policy ? { 'Content-Security-Policy': `${policy}; frame-ancestors 'none'` } : {};
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(/** @type {string} */ (req.url), 'http://localhost'); // a server's request always has one
      let path = normalize(join(rootDir, decodeURIComponent(url.pathname)));
      if (!path.startsWith(rootDir)) {
        res.writeHead(403).end();
        return;
      }
      if ((await stat(path).catch(() => null))?.isDirectory()) path = join(path, 'index.html');
      const body = await readFile(path);
      res.writeHead(200, {
        'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        ...security,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--port');
  const port = Number(i > 0 ? process.argv[i + 1] : process.env.PORT ?? 8080);
  const www = join(dirname(fileURLToPath(import.meta.url)), '..', 'www');
  serve(www, port).then(
    (server) => console.log(`Sealpost is at http://127.0.0.1:${server.address().port}/  (Ctrl-C stops it)`),
    (e) => {
      console.error(`serve: cannot listen on 127.0.0.1:${port}: ${e.message}`);
      process.exit(1);
    },
  );
}
