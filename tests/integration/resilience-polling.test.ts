/**
 * Many tabs polling profile status at once. Each simulated tab has its own SSO token (three
 * personas in two tenants, so also several OBO cache entries and Graph tokens) and polls its
 * profile's status back to back with If-None-Match, as the tab does, for the whole duration.
 * Every answer must be 200 or 304: no failed response. The p99 latency is reported, not asserted.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { apiRoutes, profileListSchema } from '../../contracts/api';
import { tenants } from '../../emulator/directory';
import { connectApi, percentile, report, type Api } from '../resilience/api';
import { resilience } from '../resilience/settings';

const { pollingTabs, pollingSeconds } = resilience;
const POLLERS = ['admin@contoso', 'reader@contoso', 'admin@fabrikam'] as const;

let api: Api;

beforeAll(() => {
  api = connectApi();
});

type TabOutcome = { latenciesMs: number[]; statuses: Record<number, number>; failures: string[] };

async function pollAsTab(token: string, profileId: string, until: number): Promise<TabOutcome> {
  const outcome: TabOutcome = { latenciesMs: [], statuses: {}, failures: [] };
  let etag: string | undefined;
  const path = apiRoutes.profileStatus(profileId);
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
  }
  return outcome;
}

describe('status polling under load', () => {
  test(
    `${pollingTabs} tabs poll status for ${pollingSeconds} s without a failed response`,
    async ({ annotate }) => {
      const { emulator } = api;
      await emulator.reset();
      await emulator.setConsent(tenants.fabrikam.id, true);

      // Each persona polls profiles of its own tenant.
      const profilesOf = new Map<string, string[]>();
      for (const persona of POLLERS) {
        const answer = await api.request('GET', apiRoutes.profiles, await emulator.ssoToken(persona));
        expect(answer.status, `${persona} lists profiles`).toBe(200);
        const ids = profileListSchema.parse(answer.body).profiles.map((p) => p.id);
        expect(ids.length, `${persona} sees profiles`).toBeGreaterThan(0);
        profilesOf.set(persona, ids);
      }
      const tabs = await Promise.all(
        Array.from({ length: pollingTabs }, async (_, i) => {
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
        `${latencies.length} polls by ${pollingTabs} tabs in ${pollingSeconds} s: ` +
          `p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms, ` +
          `statuses ${JSON.stringify(statuses)}, ${exchanges} on-behalf-of exchanges`,
      );

      expect(failures.slice(0, 5), `${failures.length} failed responses`).toEqual([]);
      // Every tab got answers, and revalidation worked: a tab's first poll is a 200, and most of
      // the polls after it find the status unchanged (304).
      expect(outcomes.every((o) => o.latenciesMs.length > 0)).toBe(true);
      const repeatPolls = latencies.length - pollingTabs;
      expect(repeatPolls).toBeGreaterThan(0);
      expect(statuses[304] ?? 0).toBeGreaterThanOrEqual(repeatPolls / 2);
    },
    (pollingSeconds + 60) * 1000,
  );
});
