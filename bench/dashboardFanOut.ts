/**
 * Dashboard fan-out: how many Graph requests one dashboard load (GET /api/profiles) costs with
 * 6, 50 and 200 profiles in the tenant, counted from the emulator's request log.
 *
 * The target is computed from what the backend asks for: the profile list comes in pages (the
 * Graph emulator pages at 20 unless the request carries $top, so the page size is read from the
 * backend's own list request), and the statuses ride in $batch requests of at most 20
 * (Graph's JSON batching limit). Target = list pages + ⌈N / 20⌉ batches.
 */
import { apiRoutes, profileListSchema } from '../contracts/api';
import { apiJson, graphHttpRequests, logSince, type BenchContext } from './context';
import type { Figure } from './report';
import type { RequestLogEntry } from '../tests/support/emulator-client';

const SECTION = 'Dashboard fan-out: Graph requests per GET /api/profiles';
export const PROFILE_COUNTS = [6, 50, 200] as const;
const GRAPH_DEFAULT_PAGE_SIZE = 20;
const GRAPH_BATCH_LIMIT = 20;
/** With $top the list could come in one page: what the target would be then (for the note). */
const oneListPage = (count: number) => 1 + Math.ceil(count / GRAPH_BATCH_LIMIT);

export async function measureDashboardFanOut(ctx: BenchContext): Promise<Figure[]> {
  const { emulator } = ctx;
  const token = await emulator.ssoToken('admin@contoso');
  const figures: Figure[] = [];
  // The first load exchanges the token; fan-out is about Graph, so that exchange is kept out.
  await apiJson(ctx, apiRoutes.profiles, token);

  for (const count of PROFILE_COUNTS) {
    ctx.progress(`fan-out: ${count} profiles`);
    await emulator.seed(count);
    const seq = await emulator.lastSeq();
    const { body } = await apiJson(ctx, apiRoutes.profiles, token);
    const graph = graphHttpRequests(await logSince(ctx, seq));
    const list = profileListSchema.parse(body);

    const listRequests = graph.filter(isProfileListRequest);
    const pageSize = pageSizeAsked(listRequests[0]) ?? GRAPH_DEFAULT_PAGE_SIZE;
    const expectedPages = Math.max(1, Math.ceil(count / pageSize));
    const target = expectedPages + Math.ceil(count / GRAPH_BATCH_LIMIT);
    const batches = graph.filter((e) => e.batch !== undefined);
    const subRequests = batches.reduce((sum, e) => sum + (e.batch?.length ?? 0), 0);
    const other = graph.length - listRequests.length - batches.length;
    const missingStatuses = list.profiles.filter((p) => p.status === null).length;

    const problems: string[] = [];
    if (list.profiles.length !== count)
      problems.push(`the dashboard listed ${list.profiles.length} profiles`);
    if (graph.some((e) => e.status >= 400)) problems.push('Graph answered an error during the load');
    figures.push({
      section: SECTION,
      name: `${count} profiles`,
      value: graph.length,
      unit: '',
      digits: 0,
      target: { comparison: 'atMost', value: target, unit: '' },
      detail:
        `target ${expectedPages} list page(s) at ${pageSize}/page ` +
        `(${listRequests[0] && pageSizeAsked(listRequests[0]) ? 'the backend asks $top' : 'Graph default'}) ` +
        `+ ⌈${count}/20⌉ = ${Math.ceil(count / GRAPH_BATCH_LIMIT)} $batch; measured ${listRequests.length} list, ` +
        `${batches.length} $batch (${subRequests} sub-requests), ${other} other` +
        (missingStatuses ? `; ${missingStatuses} statuses not shown` : '') +
        (expectedPages > 1
          ? `; with the whole list in one page ($top) it would be ${oneListPage(count)}`
          : ''),
      ...(problems.length ? { error: problems.join('; ') } : {}),
    });
  }
  await emulator.reset();
  return figures;
}

function isProfileListRequest(entry: RequestLogEntry): boolean {
  return entry.method === 'GET' && /\/education\/synchronizationProfiles\/?(\?|$)/.test(entry.path);
}

function pageSizeAsked(entry: RequestLogEntry | undefined): number | undefined {
  if (!entry) return undefined;
  const query = entry.path.split('?')[1];
  if (!query) return undefined;
  const top = new URLSearchParams(query).get('$top');
  return top === null ? undefined : Number(top);
}
