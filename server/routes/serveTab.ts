/**
 * The built tab (dist/tab, from `vite build`): hashed assets cached for a year, pages always
 * revalidated, and the single-page app's routes (/tab, /config, /) answered with index.html.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler, type Router } from 'express';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SDS Profiles: not built</title></head>
<body><h1>The tab has not been built</h1>
<p>This server serves the tab from <code>dist/tab</code>, which does not exist yet.
Run <code>npm run build</code> (or <code>npm start</code>, which builds first) and reload.</p></body></html>`;

const NO_CACHE = 'no-cache';
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Pages with their own file, served as-is under a clean URL. */
const PAGES: Record<string, string> = {
  '/privacy': 'privacy.html',
  '/terms': 'terms.html',
  '/auth-start.html': 'auth-start.html',
  '/auth-end.html': 'auth-end.html',
};

/** The compressed copies the build writes beside each asset (scripts/precompress.ts), preferred first. */
const ENCODED_COPIES = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

const ASSET_NAME = /^\/[\w.-]+$/;

/**
 * The copy to send: the encoding the browser weighs highest (its q-value, or that of `*`), ours
 * first among equals — browsers list gzip before br with the same weight. No header, or every
 * copy at q=0: none.
 */
function preferredCopy<C extends { encoding: string }>(
  copies: readonly C[],
  header: string | undefined,
): C | undefined {
  if (!header) return undefined;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    // A weight that is not a number counts as "not acceptable".
    const weight = q === undefined ? 1 : Number(q.slice(2)) || 0;
    if (name?.trim()) weights.set(name.trim(), weight);
  }
  let best: C | undefined;
  let bestWeight = 0;
  for (const copy of copies) {
    const weight = weights.get(copy.encoding) ?? weights.get('*') ?? 0;
    if (weight > bestWeight) [best, bestWeight] = [copy, weight];
  }
  return best;
}

/**
 * An asset's compressed copy when the browser accepts its encoding (Accept-Encoding, q-values
 * included): the same resource, so the same type and caching, and `Vary: Accept-Encoding` for
 * caches between. Anything else (no copy, no such file, identity only) goes on to the plain file.
 */
function precompressed(assetsDir: string): RequestHandler {
  return (req, res, next) => {
    res.vary('Accept-Encoding');
    // The build's assets are one flat folder of hashed names: nothing else has a copy.
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !ASSET_NAME.test(req.path)) return next();
    const copies = ENCODED_COPIES.filter(({ suffix }) => existsSync(path.join(assetsDir, req.path + suffix)));
    const copy = preferredCopy(copies, req.get('accept-encoding'));
    if (!copy) return next();
    // The plain file's type (sendFile would name the .br file's), which sendFile then keeps.
    res.type(path.extname(req.path));
    res.setHeader('Content-Encoding', copy.encoding);
    res.setHeader('Cache-Control', IMMUTABLE);
    res.sendFile(
      req.path + copy.suffix,
      { root: assetsDir, dotfiles: 'deny', acceptRanges: false },
      (error) => {
        if (error) next(error);
      },
    );
  };
}

export function serveTab(tabDir: string): Router {
  const router = express.Router();

  const sendPage =
    (file: string): RequestHandler =>
    (req, res, next) => {
      const full = path.join(tabDir, file);
      if (!existsSync(full)) {
        if (!existsSync(path.join(tabDir, 'index.html'))) {
          res.status(503).type('html').setHeader('Cache-Control', 'no-store').send(NOT_BUILT_PAGE);
          return;
        }
        next();
        return;
      }
      res.setHeader('Cache-Control', NO_CACHE);
      res.sendFile(full, { dotfiles: 'deny' }, (error) => {
        if (error) next(error);
      });
    };

  const assetsDir = path.join(tabDir, 'assets');
  router.use('/assets', precompressed(assetsDir));
  router.use(
    '/assets',
    express.static(assetsDir, {
      index: false,
      fallthrough: false,
      setHeaders: (res) => res.setHeader('Cache-Control', IMMUTABLE),
    }),
  );
  for (const [route, file] of Object.entries(PAGES)) router.get(route, sendPage(file));
  router.use(
    express.static(tabDir, {
      index: false,
      setHeaders: (res) => res.setHeader('Cache-Control', NO_CACHE),
    }),
  );
  // Any other page the browser asks for is a route of the single-page app.
  router.get(/.*/, (req, res, next) => {
    if (!req.accepts('html')) {
      next();
      return;
    }
    sendPage('index.html')(req, res, next);
  });
  return router;
}
