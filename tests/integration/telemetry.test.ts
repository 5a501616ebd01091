/**
 * Telemetry with the real OpenTelemetry SDK as server/telemetry/sdk.ts registers it, exporting to
 * the SDK's in-memory exporters instead of Azure Monitor: the app in this process against the
 * suite's emulator. Each API request is a server span with its Graph attempts as child spans
 * (Graph's request-id and our client-request-id on them), the metrics count requests, Graph 429s,
 * on-behalf-of exchanges and cache hits, the log records carry the request's trace id, and no
 * token, client secret or provider secret appears anywhere in what would leave the process.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { SpanKind } from '@opentelemetry/api';
import { InMemoryLogRecordExporter } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, InMemoryMetricExporter } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { profileDetailSchema, type ProfileUpdate } from '../../contracts/api';
import { demoApp } from '../../emulator/directory';
import { demoProfileIds } from '../../emulator/graph/demo-data';
import { ensureLocalCertificates } from '../../emulator/tls';
import { emulatorServerEnv, stackPortsOf } from '../../scripts/stack';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createDependencies } from '../../server/dependencies';
import { createLogger } from '../../server/logger';
import { installTelemetry, type InstalledTelemetry } from '../../server/telemetry/sdk';
import { createEmulatorClient } from '../support/emulator-client';
import { jsonRequest } from '../support/json-request';
import { expectNoSecretIn } from '../support/secrets';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const ports = stackPortsOf(urls);

const spans = new InMemorySpanExporter();
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const logRecords = new InMemoryLogRecordExporter();
const stdoutLines: string[] = [];
let telemetry: InstalledTelemetry;
let server: https.Server;
let base: string;
let token: string;
const sessionId = randomUUID();
const providerSecret = `provider-secret-${randomUUID()}`;

beforeAll(async () => {
  telemetry = installTelemetry({
    spans,
    metrics: metricExporter,
    logs: logRecords,
    metricIntervalMs: 3_600_000,
  });
  const certs = ensureLocalCertificates();
  // The stack's own settings, so SSO tokens for its app address are valid here too.
  const config = loadConfig({
    ...emulatorServerEnv(ports, certs),
    LOG_LEVEL: 'info',
    OBO_CONSENT_RETRY_MS: '50',
  });
  const logger = createLogger(
    'info',
    { write: (line: string) => void stdoutLines.push(line) },
    telemetry.logDestination,
  );
  const app = createApp(config, createDependencies(config, logger));
  server = https.createServer({ cert: readFileSync(certs.certPath), key: readFileSync(certs.keyPath) }, app);
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  base = `https://localhost:${(server.address() as AddressInfo).port}`;

  await emulator.reset();
  token = await emulator.ssoToken('admin@contoso');
  const call = (path: string, init: Parameters<typeof jsonRequest>[2] = {}) =>
    jsonRequest(`${base}${path}`, token, {
      ...init,
      headers: { 'x-teams-app-session-id': sessionId, ...init.headers },
    });

  const id = demoProfileIds.contosoInProgressPowerSchool;
  expect((await call('/api/profiles')).status).toBe(200);
  // Graph throttles the first read once; the backend waits Retry-After and tries again.
  await emulator.setFaults({
    rate: 1,
    statuses: [429],
    retryAfterSeconds: 1,
    maxFaults: 1,
    pathPattern: `/education/synchronizationProfiles/${id}$`,
  });
  const opened = await call(`/api/profiles/${id}`);
  await emulator.clearFaults();
  expect(opened.status).toBe(200);
  const detail = profileDetailSchema.parse(opened.body);
  const { id: _id, state: _state, ...update } = detail.profile;
  const withSecret = {
    ...update,
    dataProvider: { ...update.dataProvider, clientSecret: providerSecret },
  } as ProfileUpdate;
  const saved = await call(`/api/profiles/${id}`, {
    method: 'PUT',
    headers: { 'if-match': detail.etag },
    json: withSecret,
  });
  expect(saved.status, saved.text).toBe(202);
  // A request with a session id that is not one is still served; the id is just not recorded.
  expect(
    (
      await jsonRequest(`${base}/api/me`, token, {
        headers: { 'x-teams-app-session-id': 'x {"a":1} <script>' },
      })
    ).status,
  ).toBe(200);
  await telemetry.flush();
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await telemetry?.shutdown();
});

const serverSpans = () => spans.getFinishedSpans().filter((s) => s.kind === SpanKind.SERVER);
const childrenOf = (parent: ReadableSpan) =>
  spans
    .getFinishedSpans()
    .filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId && s.kind === SpanKind.CLIENT);

describe('traces', () => {
  it('makes one server span per API request, named by route, with the Teams session id', () => {
    const names = serverSpans().map((s) => s.name);
    expect(names).toEqual([
      'GET /api/profiles',
      'GET /api/profiles/:id',
      'PUT /api/profiles/:id',
      'GET /api/me',
    ]);
    const [list] = serverSpans();
    expect(list!.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/api/profiles',
      'http.response.status_code': 200,
      'sds.teams_session_id': sessionId,
      'sds.tenant_id': demoApp.homeTenantId,
    });
    expect(serverSpans()[3]!.attributes['sds.teams_session_id']).toBeUndefined();
  });

  it("puts each Graph attempt under its request's span with Graph's request-id and our client-request-id", () => {
    const read = serverSpans()[1]!;
    const graph = childrenOf(read);
    expect(graph.map((s) => s.attributes['http.response.status_code'])).toEqual([429, 200]);
    for (const span of graph) {
      expect(span.spanContext().traceId).toBe(read.spanContext().traceId);
      expect(span.attributes['graph.request_id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(span.attributes['graph.client_request_id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(span.attributes['url.path']).toBe(
        `/beta/education/synchronizationProfiles/${demoProfileIds.contosoInProgressPowerSchool}`,
      );
    }
    // A retry repeats the same logical request (one client-request-id); Graph answers each attempt anew.
    expect(new Set(graph.map((s) => s.attributes['graph.client_request_id'])).size).toBe(1);
    expect(new Set(graph.map((s) => s.attributes['graph.request_id'])).size).toBe(2);
    expect(childrenOf(serverSpans()[0]!).length).toBeGreaterThan(0);
  });
});

describe('metrics', () => {
  const points = (name: string) =>
    metricExporter
      .getMetrics()
      .flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics))
      .filter((m) => m.descriptor.name === name)
      .flatMap((m) => m.dataPoints as { attributes: Record<string, unknown>; value: unknown }[]);
  const sum = (name: string, match: Record<string, unknown> = {}) =>
    points(name)
      .filter((p) => Object.entries(match).every(([k, v]) => p.attributes[k] === v))
      .reduce((total, p) => total + (p.value as number), 0);

  it('counts requests with their latency, by route and status', () => {
    const read = points('http.server.request.duration').find(
      (p) =>
        p.attributes['http.route'] === '/api/profiles/:id' && p.attributes['http.request.method'] === 'GET',
    );
    expect(read?.value).toMatchObject({ count: 1 });
    expect((read!.value as { sum: number }).sum).toBeGreaterThan(0.9); // it waited out a 1 s Retry-After
  });

  it("counts Graph's 429s, on-behalf-of exchanges and token cache hits", () => {
    expect(sum('sds.graph.throttled')).toBe(1);
    expect(sum('sds.graph.requests', { 'http.response.status_code': 429 })).toBe(1);
    expect(sum('sds.obo.exchanges', { outcome: 'ok' })).toBe(1);
    expect(sum('sds.obo.tokens', { 'sds.token.source': 'entra' })).toBe(1);
    // Every later request of the same SSO token found its Graph token in memory.
    expect(sum('sds.obo.tokens', { 'sds.token.source': 'memory' })).toBeGreaterThanOrEqual(2);
  });
});

describe('logs', () => {
  it("carry the trace id of their request's span", () => {
    const read = serverSpans()[1]!;
    const records = logRecords
      .getFinishedLogRecords()
      .filter((r) => r.spanContext?.spanId === read.spanContext().spanId);
    expect(records.map((r) => r.body)).toEqual(expect.arrayContaining(['retrying Graph request', 'request']));
    expect(records.every((r) => r.spanContext?.traceId === read.spanContext().traceId)).toBe(true);
    expect(records.find((r) => r.body === 'request')?.attributes).toMatchObject({
      teamsSessionId: sessionId,
      status: 200,
    });
  });
});

describe('what leaves the process', () => {
  it('holds no token, no client secret and no provider secret', () => {
    const exported = JSON.stringify({
      spans: spans.getFinishedSpans().map((s) => ({
        name: s.name,
        attributes: s.attributes,
        events: s.events,
        status: s.status,
        resource: s.resource.attributes,
        links: s.links,
      })),
      metrics: metricExporter.getMetrics(),
      logs: logRecords.getFinishedLogRecords().map((r) => ({ body: r.body, attributes: r.attributes })),
      stdout: stdoutLines,
    });
    expect(exported.length).toBeGreaterThan(1000);
    expect(exported).toContain(sessionId);
    expectNoSecretIn(exported, { token, providerSecret });
  });
});
