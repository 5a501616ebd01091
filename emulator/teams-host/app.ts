/**
 * The Teams host emulator's web app (https://localhost:53102): the host page, its script (bundled
 * from client/*.ts by esbuild when the app is built, in memory) and stylesheet, and a same-origin
 * endpoint that hands the page an SSO token for the chosen persona, as Teams gets one from Entra.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import * as esbuild from 'esbuild';
import { z } from 'zod';
import type { EmulatorContext } from '../context';
import { findPersona, preAuthorizedClientIds } from '../directory';
import { claimsSatisfying, UnsatisfiableClaimsError } from '../entra/claims-challenge';
import { mintSsoToken } from '../entra/tokens';
import { graphState } from '../graph/state';
import { renderHostPage } from './page';

const clientDir = path.join(import.meta.dirname, 'client');
/** The manifest the app is packaged with (npm run package): Teams reads validDomains from it. */
const APP_MANIFEST = path.resolve(import.meta.dirname, '..', '..', 'appPackage', 'manifest.json');

/**
 * The manifest's validDomains for the tab served at `tabUrl`, its `${{TAB_DOMAIN}}` and
 * `${{TAB_ENDPOINT}}` filled as the app package fills them for this stack.
 */
export function manifestValidDomains(manifestText: string, tabUrl: string): string[] {
  const tab = new URL(tabUrl);
  const values: Record<string, string> = { TAB_DOMAIN: tab.host, TAB_ENDPOINT: tab.origin };
  const filled = manifestText.replace(
    /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g,
    (whole, name: string) => values[name] ?? whole,
  );
  const manifest = JSON.parse(filled) as { validDomains?: unknown };
  if (!Array.isArray(manifest.validDomains) || !manifest.validDomains.every((d) => typeof d === 'string')) {
    throw new Error(`${APP_MANIFEST} has no validDomains list of strings`);
  }
  return manifest.validDomains;
}

export const ssoTokenRequestSchema = z.object({
  persona: z.string().min(1),
  clientId: z.string().refine((id) => preAuthorizedClientIds.includes(id), {
    message: 'clientId must be one of the Teams client ids pre-authorized for our app',
  }),
  /** Claims challenges the user just satisfied in the host's prompt. */
  claims: z.array(z.string().min(1).max(4096)).min(1).max(4).optional(),
});

/**
 * Bundles the page script once; the promise is shared by every request. The source map is a file
 * of its own (/host.js.map, which browsers fetch only with their developer tools open), as a real
 * host serves its scripts: inline, it made the page's script four times its size (156 kB, not
 * 40 kB), and every load of the host page read it.
 */
function bundleClient(): Promise<{ script: string; sourceMap: string }> {
  return esbuild
    .build({
      entryPoints: [path.join(clientDir, 'main.ts')],
      bundle: true,
      write: false,
      outfile: 'host.js',
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      sourcemap: 'linked',
      logLevel: 'silent',
    })
    .then((result) => {
      const file = (end: string) => result.outputFiles.find((f) => f.path.endsWith(end))!.text;
      return { script: file('host.js'), sourceMap: file('host.js.map') };
    });
}

export function createTeamsHostApp(ctx: EmulatorContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const script = bundleClient();
  // A failed build is reported when the page asks for its script, not as an unhandled rejection.
  script.catch(() => undefined);
  const css = readFileSync(path.join(clientDir, 'host.css'), 'utf8');
  const tabOrigin = new URL(ctx.urls.tab).origin;
  const validDomains = manifestValidDomains(readFileSync(APP_MANIFEST, 'utf8'), ctx.urls.tab);

  app.use((_req, res, next) => {
    // No Cross-Origin-Opener-Policy: the auth popup must keep its opener (teams-tab-sso.md §4).
    res.set({
      'Content-Security-Policy': [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        `frame-src ${tabOrigin}`,
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
      ].join('; '),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    next();
  });

  // A deep link's path, as on teams.microsoft.com: the page reads and follows it (client/main.ts).
  app.get(['/', '/index.html', '/l/entity/:appId/:entityId'], (_req, res) => {
    res
      .type('html')
      .send(renderHostPage({ tabOrigin, teamsHostOrigin: new URL(ctx.urls.teamsHost).origin, validDomains }));
  });

  app.get(['/host.js', '/host.js.map'], async (req, res) => {
    try {
      const bundle = await script;
      if (req.path.endsWith('.map')) res.type('application/json').send(bundle.sourceMap);
      else res.type('text/javascript').send(bundle.script);
    } catch (error) {
      res
        .status(500)
        .type('text/plain')
        .send(
          `The host page script did not build: ${error instanceof Error ? error.message : String(error)}`,
        );
    }
  });

  app.get('/host.css', (_req, res) => {
    res.type('text/css').send(css);
  });

  app.post('/sso-token', express.json({ limit: '4kb' }), async (req, res) => {
    // Only the host page itself may ask: a browser marks its own same-origin fetches.
    if (req.get('sec-fetch-site') !== 'same-origin') {
      res.status(403).json({ error: 'The token endpoint answers the host page only (same-origin fetch).' });
      return;
    }
    const parsed = ssoTokenRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      res.status(400).json({ error: `Bad token request: ${detail}` });
      return;
    }
    const persona = findPersona(parsed.data.persona);
    if (!persona) {
      res.status(400).json({ error: `Unknown persona "${parsed.data.persona}"` });
      return;
    }
    let extraClaims;
    try {
      extraClaims = parsed.data.claims ? claimsSatisfying(parsed.data.claims) : undefined;
    } catch (error) {
      if (!(error instanceof UnsatisfiableClaimsError)) throw error;
      res.status(400).json({ error: error.message });
      return;
    }
    const token = await mintSsoToken(ctx, persona, { clientId: parsed.data.clientId, extraClaims });
    ctx.log.record({
      service: 'teams-host',
      method: 'POST',
      path: '/sso-token',
      status: 200,
      persona: persona.key,
      tenantId: persona.tenantId,
      clientId: parsed.data.clientId,
    });
    res.json({ token });
  });

  /** The Activity rail's feed: notifications that reached `persona` (same-origin, as /sso-token). */
  app.get('/activity', (req, res) => {
    if (req.get('sec-fetch-site') !== 'same-origin') {
      res.status(403).json({ error: 'The activity feed answers the host page only (same-origin fetch).' });
      return;
    }
    const persona = typeof req.query.persona === 'string' ? findPersona(req.query.persona) : undefined;
    if (!persona) {
      res.status(400).json({ error: 'Name the persona whose feed to show: /activity?persona=admin@contoso' });
      return;
    }
    res.json({ notifications: graphState(ctx).activity.list(persona.key).reverse() });
  });

  app.use((req, res) => {
    res.status(404).type('text/plain').send(`Not found: ${req.method} ${req.path}. The host page is at /.`);
  });

  return app;
}
