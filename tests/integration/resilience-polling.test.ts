/**
 * Many tabs polling profile status at once. Each simulated tab has its own SSO token (three
 * personas in two tenants, so also several OBO cache entries and Graph tokens) and polls its
 * profile's status with If-None-Match at one of the tab's own cadences (pollingCadenceMs), for
 * the whole duration. The backend's real per-user limit applies (RateLimit-Policy): each persona
 * gets as many tabs as fit in it with a fifth to spare, up to `pollingTabs` in all, so the test
 * also shows how many tabs one admin can keep open. Every answer must be 200 or 304: no failed
 * response and no 429. The p99 latency is reported, not asserted.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { apiRoutes, profileListSchema } from '../../contracts/api';
import { tenants } from '../../emulator/directory';
import { connectApi, percentile, report, type Api, type ApiAnswer } from '../resilience/api';
import { resilience } from '../resilience/settings';

const { pollingTabs, pollingSeconds, pollingCadenceMs } = resilience;
const POLLERS = ['admin@contoso', 'reader@contoso', 'admin@fabrikam'] as const;

let api: Api;

beforeAll(() => {
  api = connectApi();
});

type TabOutcome = { latenciesMs: number[]; statuses: Record<number, number>; failures: string[] };

/**
 * The limit from the draft-8 headers: requests per window and the window (`RateLimit-Policy`),
 * and what is left of this user's window and when it resets (`RateLimit`).
 */
function rateLimitOf(answer: ApiAnswer) {
  const policy = answer.headers.get('ratelimit-policy') ?? '';
  const now = answer.headers.get('ratelimit') ?? '';
  const number = (header: string, key: string) => Number(new RegExp(`\\b${key}=(\\d+)`).exec(header)?.[1]);
  const limit = {
    quota: number(policy, 'q'),
    windowSeconds: number(policy, 'w'),
    remaining: number(now, 'r'),
    resetSeconds: number(now, 't'),
  };
  expect(Object.values(limit).every(Number.isFinite), `RateLimit-Policy: ${policy}; RateLimit: ${now}`).toBe(
    true,
  );
  return limit;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function pollAsTab(token: string, profileId: string, until: number): Promise<TabOutcome> {
  const outcome: TabOutcome = { latenciesMs: [], statuses: {}, failures: [] };
  let etag: string | undefined;
  const path = apiRoutes.profileStatus(profileId);
  // Tabs were opened at different moments: spread the first polls over one cadence.
  await sleep(Math.random() * pollingCadenceMs);
  while (Date.now() < until) {
    const started = performance.now();
    try {
      const answer = await api.request(
        'GET',
        path,
        token,
        etag ? { headers: { 'if-none-match': etag } } : {},
      );
      outcome.latenciesMs.push(performance.now() - started);
      outcome.statuses[answer.status] = (outcome.statuses[answer.status] ?? 0) + 1;
      if (answer.status === 200) etag = answer.headers.get('etag') ?? undefined;
      else if (answer.status !== 304) {
        outcome.failures.push(`${answer.status} ${JSON.stringify(answer.body)?.slice(0, 200)}`);
      }
    } catch (error) {
      const waited = `after ${Math.round(performance.now() - started)} ms, ${Math.round((until - Date.now()) / 1000)} s before the end`;
      outcome.failures.push(`no answer ${waited}: ${error instanceof Error ? error.message : String(error)}`);
    }
    await sleep(Math.max(0, Math.min(pollingCadenceMs - (performance.now() - started), until - Date.now())));
  }
  return outcome;
}

describe('status polling under load', () => {
  test(
    `up to ${pollingTabs} tabs poll status for ${pollingSeconds} s within the real rate limit, without a failed response`,
    async ({ annotate }) => {
      const { emulator } = api;
      await emulator.reset();
      await emulator.setConsent(tenants.fabrikam.id, true);

      // Each persona polls profiles of its own tenant. A persona whose window earlier tests used
      // up is given a fresh one first: the polls below are sized to fill at most 80 % of it.
      const profilesOf = new Map<string, string[]>();
      let policy: ReturnType<typeof rateLimitOf> | undefined;
      for (const persona of POLLERS) {
        const list = () => api.request('GET', apiRoutes.profiles, token);
        const token = await emulator.ssoToken(persona);
        let answer = await list();
        const limit = rateLimitOf(answer);
        if (limit.remaining < limit.quota * 0.9) {
          await sleep(limit.resetSeconds * 1000 + 500);
          answer = await list();
        }
        expect(answer.status, `${persona} lists profiles`).toBe(200);
        policy ??= limit;
        const ids = profileListSchema.parse(answer.body).profiles.map((p) => p.id);
        expect(ids.length, `${persona} sees profiles`).toBeGreaterThan(0);
        profilesOf.set(persona, ids);
      }
      // One persona's tabs stay within 80 % of its budget (one list call per persona is spent).
      const pollsPerWindow = (policy!.windowSeconds * 1000) / pollingCadenceMs;
      const tabsPerPersona = Math.max(1, Math.floor((policy!.quota * 0.8) / pollsPerWindow));
      const tabCount = Math.min(pollingTabs, tabsPerPersona * POLLERS.length);
      const tabs = await Promise.all(
        Array.from({ length: tabCount }, async (_, i) => {
          const persona = POLLERS[i % POLLERS.length]!;
          const ids = profilesOf.get(persona)!;
          return { token: await emulator.ssoToken(persona), profileId: ids[i % ids.length]! };
        }),
      );

      const seq = await emulator.lastSeq();
      const until = Date.now() + pollingSeconds * 1000;
      const outcomes = await Promise.all(tabs.map((tab) => pollAsTab(tab.token, tab.profileId, until)));

      const latencies = outcomes.flatMap((o) => o.latenciesMs).sort((a, b) => a - b);
      const statuses: Record<number, number> = {};
      for (const o of outcomes) {
        for (const [status, n] of Object.entries(o.statuses))
          statuses[Number(status)] = (statuses[Number(status)] ?? 0) + n;
      }
      const failures = outcomes.flatMap((o) => o.failures);
      // Context for the latency: how often the backend had to go to Entra while polling.
      const exchanges = (await emulator.requests(seq)).filter(
        (e) => e.service === 'entra' && (e.grantType ?? '').endsWith('jwt-bearer'),
      ).length;
      await report(
        annotate,
        `${latencies.length} polls by ${tabCount} tabs (${tabsPerPersona} per persona fit a limit of ` +
          `${policy!.quota} per ${policy!.windowSeconds} s) every ${pollingCadenceMs / 1000} s for ${pollingSeconds} s: ` +
          `p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms, ` +
          `statuses ${JSON.stringify(statuses)}, ${exchanges} on-behalf-of exchanges`,
      );

      expect(failures.slice(0, 5), `${failures.length} failed responses`).toEqual([]);
      expect(api.rateLimitWaits, 'tabs within the limit never wait for it').toEqual([]);
      // Every tab got answers, and revalidation worked: a tab's first poll is a 200, and most of
      // the polls after it find the status unchanged (304).
      expect(outcomes.every((o) => o.latenciesMs.length > 0)).toBe(true);
      const repeatPolls = latencies.length - tabCount;
      expect(repeatPolls).toBeGreaterThan(0);
      expect(statuses[304] ?? 0).toBeGreaterThanOrEqual(repeatPolls / 2);
    },
    // Room for one wait per persona for a fresh rate-limit window.
    (pollingSeconds + 60 + 3 * 61) * 1000,
  );
});
