/**
 * The deploy artifact, tried as App Service runs it: packed with infra/.webappignore as
 * `teamsapp deploy` packs it, installed with `npm ci --omit=dev` in an empty folder (from the npm
 * cache the clone's `npm ci` filled), started with plain Node (no tsx, no dev dependency there)
 * against the suite's emulator with telemetry on, then asked for its health, the tab, a profile
 * and a save; what it sends to Application Insights lands at an ingestion endpoint this file
 * serves, and holds no secret. `npm test` builds dist/ first.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { healthSchema, profileDetailSchema, type ProfileUpdate } from '../../contracts/api';
import { toUpdate } from '../../contracts/profileModel';
import { ensureLocalCertificates } from '../../emulator/tls';
import { demoProfileIds } from '../../emulator/graph/demo-data';
import { installArtifact, packArtifact, PRODUCTION_COMMAND } from '../../scripts/artifact';
import type { ServerProcess } from '../../scripts/stack';
import { startAppServer } from '../support/appServer';
import { createEmulatorClient } from '../support/emulator-client';
import { jsonRequest } from '../support/json-request';
import { expectNoSecretIn } from '../support/secrets';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });

const root = path.resolve(import.meta.dirname, '..', '..');
let dir: string;
let files: string[];
let server: ServerProcess;

/**
 * Application Insights' ingestion endpoint as the exporters speak to it (`POST /v2.1/track`, a
 * JSON array of envelopes, maybe gzipped), answering that every item was accepted; it keeps each
 * body as text, exactly what would have left the instance.
 */
type Envelope = { name: string; data?: { baseType?: string; baseData?: Record<string, unknown> } };
const ingested: string[] = [];
let ingestion: https.Server;

function startIngestion(certs: { certPath: string; keyPath: string }): Promise<string> {
  ingestion = https.createServer(
    { cert: readFileSync(certs.certPath), key: readFileSync(certs.keyPath) },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
        if (req.method !== 'POST' || !req.url?.startsWith('/v2.1/track')) {
          res.writeHead(404).end();
          return;
        }
        ingested.push(text);
        const items = (JSON.parse(text) as unknown[]).length;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ itemsReceived: items, itemsAccepted: items, errors: [] }));
      });
    },
  );
  return new Promise((resolve) =>
    ingestion.listen(0, 'localhost', () =>
      resolve(`https://localhost:${(ingestion.address() as AddressInfo).port}/`),
    ),
  );
}

const envelopes = () => ingested.flatMap((text) => JSON.parse(text) as Envelope[]);

beforeAll(async () => {
  for (const built of ['dist/server/index.js', 'dist/tab/index.html']) {
    if (!existsSync(path.join(root, built))) {
      throw new Error(`${built} is missing: run \`npm run build\` first (npm test does).`);
    }
  }
  dir = mkdtempSync(path.join(tmpdir(), 'sds-artifact-'));
  files = packArtifact(dir);
  await installArtifact(dir);
  const ingestionEndpoint = await startIngestion(ensureLocalCertificates());
  server = await startAppServer(urls, {
    env: {
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
      // Telemetry on, as turning it on in App Service does: the SDK chunk must load from this
      // install, and its exports reach the ingestion endpoint above.
      APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=${ingestionEndpoint}`,
    },
    built: { cwd: dir, args: PRODUCTION_COMMAND },
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await new Promise((resolve) => (ingestion ? ingestion.close(resolve) : resolve(undefined)));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the deploy artifact, installed with npm ci --omit=dev and started with plain node', () => {
  it('holds the built server, the built tab and the package files, and no source', () => {
    expect(new Set(files.map((file) => file.split('/').slice(0, 2).join('/')))).toEqual(
      new Set(['dist/server', 'dist/tab', 'package.json', 'package-lock.json']),
    );
    // The server's pure-JavaScript packages are in its bundle (scripts/build-server.ts): the
    // install adds only what the lock file marks for production, none of it a development tool.
    const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const forProduction = Object.entries(lock.packages)
      .filter(([key, entry]) => key.startsWith('node_modules/') && !entry.dev)
      .map(([key]) => key.split('node_modules/')[1]!.split('/')[0]!);
    const installed = existsSync(path.join(dir, 'node_modules'))
      ? readdirSync(path.join(dir, 'node_modules')).filter((name) => !name.startsWith('.'))
      : [];
    expect(installed.sort()).toEqual([...new Set(forProduction)].sort());
    for (const tool of ['tsx', 'esbuild', 'vite', 'typescript', 'react', 'express']) {
      expect(installed, tool).not.toContain(tool);
    }
    // Beside the code: PGlite's WebAssembly and data, and the bundled packages' licences.
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/server/pglite.wasm',
        'dist/server/pglite.data',
        'dist/server/third-party-licenses.txt',
      ]),
    );
    expect(files.filter((file) => file.endsWith('.tar.gz'))).toEqual([]);
  });

  it('starts with telemetry on without installing anything more', () => {
    expect(server.output()).toMatch(/"telemetry":"Application Insights"/);
  });

  it('reports healthy against the emulator, its embedded database included', async () => {
    const answer = await fetch(`${server.url}/api/health`);
    expect(answer.status).toBe(200);
    const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string })
      .version;
    const health = healthSchema.parse(await answer.json());
    expect(health).toMatchObject({ status: 'ok', version, database: 'pglite' });
    // PGlite's WebAssembly and data load from beside the bundle: the history database answers.
    expect(health.checks.database).toMatchObject({ ok: true, detail: expect.stringMatching(/^PGlite/) });
  });

  it('serves the tab page', async () => {
    const page = await fetch(`${server.url}/tab`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    const script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script, 'the page loads a built script').toBeDefined();
    const asset = await fetch(`${server.url}${script}`);
    expect(asset.status).toBe(200);
    await asset.body?.cancel();
  });

  it('reads a profile with an SSO token (token validation, on-behalf-of and Graph)', async () => {
    await emulator.reset();
    const token = await emulator.ssoToken('admin@contoso');
    const answer = await jsonRequest(`${server.url}/api/profiles/${demoProfileIds.contosoHealthyCsv}`, token);
    expect(answer.status, answer.text).toBe(200);
    expect(profileDetailSchema.parse(answer.body).profile.id).toBe(demoProfileIds.contosoHealthyCsv);
  });

  it('sends traces and logs to Application Insights from the installed bundle, with no secret in them', async () => {
    await emulator.reset();
    const token = await emulator.ssoToken('admin@contoso');
    const sessionId = randomUUID();
    const providerSecret = `provider-secret-${randomUUID()}`;
    const call = (route: string, init: Parameters<typeof jsonRequest>[2] = {}) =>
      jsonRequest(`${server.url}${route}`, token, {
        ...init,
        headers: { 'x-teams-app-session-id': sessionId, ...init.headers },
      });
    const id = demoProfileIds.contosoInProgressPowerSchool;
    const opened = await call(`/api/profiles/${id}`);
    expect(opened.status, opened.text).toBe(200);
    const detail = profileDetailSchema.parse(opened.body);
    const update = toUpdate(detail.profile);
    const saved = await call(`/api/profiles/${id}`, {
      method: 'PUT',
      headers: { 'if-match': detail.etag },
      json: {
        ...update,
        dataProvider: { ...update.dataProvider, clientSecret: providerSecret },
      } as ProfileUpdate,
    });
    expect(saved.status, saved.text).toBe(202);

    // Spans and log records leave in batches, every few seconds.
    const save = (e: Envelope) =>
      e.data?.baseType === 'RequestData' && /PUT \/api\/profiles/.test(String(e.data.baseData?.name));
    await expect.poll(() => envelopes().some(save), { timeout: 30_000, interval: 500 }).toBe(true);
    const kinds = new Set(envelopes().map((e) => e.data?.baseType));
    expect([...kinds]).toEqual(
      expect.arrayContaining(['RequestData', 'RemoteDependencyData', 'MessageData']),
    );
    const exported = ingested.join('\n');
    expect(exported).toContain(sessionId);
    expectNoSecretIn(exported, { token, providerSecret });
  });
});
