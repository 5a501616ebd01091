/**
 * Graph misbehaves (POST /_emulator/faults): 30 % of Graph requests answer 429 with Retry-After,
 * 503 or 504, and every request is slowed by up to 2 s. Seeded, so the same faults fall in the
 * same places every run. The short run inside `npm test` (tests/resilience/settings.ts) slows
 * requests by up to 0.2 s and stops failing after 6 faults, to stay within seconds.
 *
 * - Every dashboard load succeeds (a card whose status could not be read says why, retryably),
 *   or fails with a retryable problem: graph_throttled with Retry-After, or graph_unavailable
 *   as a 5xx the tab offers Retry for.
 * - No edit is applied twice or lost. Each edit appends a unique marker to the display name and
 *   is sent like the tab sends it (its ETag as If-Match; Retry re-sends the same draft). Then:
 *   an edit our API accepted (202) is in the final profile exactly once, and the Graph log shows
 *   exactly one successful PUT for it; an edit that only got errors is absent with no successful
 *   PUT, unless a later attempt was told (412 with `current`) that it had been saved after all.
 */
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  apiRoutes,
  profileDetailSchema,
  profileListSchema,
  type Problem,
  type ProfileDetail,
  type ProfileUpdate,
  checkProfileUpdate,
} from '../../contracts/api';
import { GRAPH_RESOURCE } from '../../contracts/graph';
import { connectApi, problemOf, report, type Api, type ApiAnswer } from '../resilience/api';
import type { FaultSpec } from '../support/emulator-client';
import { RESILIENCE_FULL, resilience } from '../resilience/settings';

// The emulator takes latencyMs as [min, max] for a uniform delay (emulator/graph/faults.ts); the
// control client's FaultSpec type only knows the fixed form, hence the widened type.
const FAULTS = {
  rate: 0.3,
  statuses: [429, 503, 504],
  retryAfterSeconds: 1,
  retryAfterOn503: resilience.retryAfterOn503,
  latencyMs: [0, resilience.faultLatencyMs],
  seed: 30,
  ...(resilience.maxFaults === undefined ? {} : { maxFaults: resilience.maxFaults }),
} as unknown as FaultSpec;
/** How often the simulated admin presses Retry before giving up on one step. */
const RETRIES = 3;

let api: Api;

beforeAll(() => {
  api = connectApi();
});

afterEach(async () => {
  await api.emulator.clearFaults();
});

/** Whether an error answer is one the tab offers Retry for, and why not if it is not. */
function retryableProblem(answer: ApiAnswer): string | undefined {
  let problem: Problem;
  try {
    problem = problemOf(answer);
  } catch (error) {
    return (error as Error).message;
  }
  if (problem.code === 'graph_throttled') {
    if (![429, 503].includes(answer.status)) return `graph_throttled with ${answer.status}`;
    const retryAfter = Number(answer.headers.get('retry-after'));
    if (!(retryAfter > 0))
      return `graph_throttled without Retry-After (${answer.headers.get('retry-after')})`;
    return undefined;
  }
  if (problem.code === 'graph_unavailable') {
    return [502, 503, 504].includes(answer.status) ? undefined : `graph_unavailable with ${answer.status}`;
  }
  return `not retryable: ${answer.status} ${problem.code} ${problem.detail}`;
}

describe('Graph faults at 30 %', () => {
  test(
    `${resilience.faultDashboardLoads} dashboard loads succeed or show a retryable error`,
    async ({ annotate }) => {
      await api.emulator.reset();
      const token = await api.emulator.ssoToken('admin@contoso');
      await api.emulator.setFaults(FAULTS);

      const tally = { loaded: 0, failedRetryably: 0, cardsWithProblem: 0 };
      for (let i = 0; i < resilience.faultDashboardLoads; i++) {
        const answer = await api.request('GET', apiRoutes.profiles, token);
        if (answer.status === 200) {
          tally.loaded++;
          for (const card of profileListSchema.parse(answer.body).profiles) {
            if (card.status !== null) continue;
            tally.cardsWithProblem++;
            expect(['graph_throttled', 'graph_unavailable'], JSON.stringify(card)).toContain(
              card.statusProblem?.code,
            );
          }
        } else {
          tally.failedRetryably++;
          expect(retryableProblem(answer), `load ${i}: ${JSON.stringify(answer.body)}`).toBeUndefined();
        }
      }
      await report(annotate, JSON.stringify(tally));
      // With retries inside the backend most loads get through; all failing would hide a bug.
      expect(tally.loaded).toBeGreaterThan(0);
    },
    RESILIENCE_FULL ? 600_000 : 30_000,
  );

  test(
    `${resilience.faultEdits} edits: each accepted edit applied exactly once, none lost`,
    async ({ annotate }) => {
      const { emulator } = api;
      await emulator.reset();
      const token = await emulator.ssoToken('admin@contoso');
      const list = await api.request('GET', apiRoutes.profiles, token);
      const profileId = profileListSchema.parse(list.body).profiles[0]!.id;
      const profilePath = apiRoutes.profile(profileId);
      const graphToken = await emulator.graphToken('admin@contoso', [`${GRAPH_RESOURCE}/.default`]);
      await emulator.setFaults(FAULTS);

      /** Reads the profile as the editor opens it, pressing Retry on retryable errors. */
      const open = async (): Promise<ProfileDetail> => {
        for (let attempt = 0; ; attempt++) {
          const answer = await api.request('GET', profilePath, token);
          if (answer.status === 200) return profileDetailSchema.parse(answer.body);
          expect(retryableProblem(answer), JSON.stringify(answer.body)).toBeUndefined();
          if (attempt >= RETRIES * 3) throw new Error(`GET ${profilePath} kept failing: ${answer.status}`);
        }
      };

      type Attempt = { status: number; code?: string; currentName?: string };
      type Edit = { marker: string; attempts: Attempt[]; fromSeq: number; toSeq: number };
      const edits: Edit[] = [];
      for (let i = 0; i < resilience.faultEdits; i++) {
        const marker = `[e${String(i).padStart(2, '0')}]`;
        const fromSeq = await emulator.lastSeq();
        const opened = await open();
        const checked = checkProfileUpdate(opened.profile);
        if (!checked.ok) throw new Error(`profile breaks write rules: ${JSON.stringify(checked.fields)}`);
        const draft: ProfileUpdate = {
          ...checked.update,
          displayName: `${checked.update.displayName} ${marker}`,
        };
        const attempts: Attempt[] = [];
        for (let attempt = 0; attempt <= RETRIES; attempt++) {
          const answer = await api.request('PUT', profilePath, token, {
            headers: { 'if-match': opened.etag },
            body: JSON.stringify(draft),
          });
          if (answer.status === 202) {
            attempts.push({ status: 202 });
            break;
          }
          const problem = problemOf(answer);
          attempts.push({
            status: answer.status,
            code: problem.code,
            currentName: problem.current?.profile.displayName,
          });
          if (answer.status === 412) break;
          expect(retryableProblem(answer), `edit ${marker}: ${JSON.stringify(answer.body)}`).toBeUndefined();
        }
        edits.push({ marker, attempts, fromSeq, toSeq: await emulator.lastSeq() });
      }

      await emulator.clearFaults();
      const log = await emulator.requests(edits[0]!.fromSeq);
      // The final word is Graph's own: read the stored profile straight from the Graph emulator.
      const stored = await fetch(`${emulator.graphUrl}/beta/education/synchronizationProfiles/${profileId}`, {
        headers: { authorization: `Bearer ${graphToken}` },
      });
      expect(stored.status).toBe(200);
      const finalName = ((await stored.json()) as { displayName: string }).displayName;

      const occurrences = (marker: string) => finalName.split(marker).length - 1;
      const summary: string[] = [];
      for (const edit of edits) {
        const successfulPuts = log.filter(
          (e) =>
            e.seq > edit.fromSeq &&
            e.seq <= edit.toSeq &&
            e.service === 'graph' &&
            e.method === 'PUT' &&
            // Graph's documented update is a PUT on the collection (the id in the body).
            /\/education\/synchronizationProfiles(\/[^/?]+)?(\?|$)/.test(e.path) &&
            e.status >= 200 &&
            e.status < 300 &&
            !e.fault,
        ).length;
        const accepted = edit.attempts.some((a) => a.status === 202);
        const toldSaved = edit.attempts.some((a) => a.status === 412 && a.currentName?.includes(edit.marker));
        const context = `${edit.marker}: attempts ${JSON.stringify(edit.attempts)}, ${successfulPuts} successful Graph PUTs, final "${finalName}"`;
        summary.push(`${edit.marker} ${edit.attempts.map((a) => a.status).join('→')}`);
        if (accepted) {
          expect(occurrences(edit.marker), context).toBe(1);
          expect(successfulPuts, context).toBe(1);
        } else if (toldSaved) {
          expect(occurrences(edit.marker), context).toBe(1);
          expect(successfulPuts, context).toBe(1);
        } else {
          expect(occurrences(edit.marker), context).toBe(0);
          expect(successfulPuts, context).toBe(0);
        }
      }
      await report(annotate, summary.join(', '));
      expect(edits.some((e) => e.attempts.some((a) => a.status === 202))).toBe(true);
    },
    RESILIENCE_FULL ? 900_000 : 40_000,
  );
});
