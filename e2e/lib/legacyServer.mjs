/*
 * Serves the production build of packages/app-legacy (the app on the legacy
 * frontend system) and forwards /api to the portal's backend, so the legacy
 * app runs beside the demo against the same backend on one origin.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Starts the server on `port`; resolves to a function that stops it. */
export async function serveLegacyApp({ distDir, port, backend }) {
  const backendUrl = new URL(backend);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      const upstream = http.request(
        {
          hostname: backendUrl.hostname,
          port: backendUrl.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: backendUrl.host },
        },
        upstreamRes => {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
        },
      );
      upstream.on('error', error => {
        res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end(String(error));
      });
      req.pipe(upstream);
      return;
    }
    // Static files, and index.html for every route of the single-page app.
    let file = path.join(distDir, path.normalize(url.pathname));
    if (
      !file.startsWith(distDir) ||
      !existsSync(file) ||
      !statSync(file).isFile()
    ) {
      file = path.join(distDir, 'index.html');
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  return () => new Promise(resolve => server.close(() => resolve()));
}
