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

  router.use(
    '/assets',
    express.static(path.join(tabDir, 'assets'), {
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
