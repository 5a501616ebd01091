/**
 * Dashboard fan-out: how many Graph requests one dashboard load (GET /api/profiles) costs with
 * 6, 50 and 200 profiles in the tenant, counted from the emulator's request log.
 *
 * The target: the whole list in one page (the backend asks with $top; the Graph emulator pages at
 * 20 without it) and the statuses in $batch requests of at most 20 (Graph's JSON batching
 * limit): 1 + ⌈N / 20⌉, so 11 for 200 profiles. The detail says what the backend asked for.
 */
import { apiRoutes, profileListSchema } from '../contracts/api';
import { apiJson, graphHttpRequests, logSince, type BenchContext } from './context';
import type { Figure } from './report';
import type { RequestLogEntry } from '../tests/support/emulator-client';

const SECTION = 'Dashboard fan-out: Graph requests per GET /api/profiles';
export const PROFILE_COUNTS = [6, 50, 200] as const;
const GRAPH_DEFAULT_PAGE_SIZE = 20;
const GRAPH_BATCH_LIMIT = 20;
/** The list in one page, the statuses in batches of 20. */
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
    const pagesAtAskedSize = Math.max(1, Math.ceil(count / pageSize));
    const target = oneListPage(count);
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
        `target 1 list page + ⌈${count}/20⌉ = ${Math.ceil(count / GRAPH_BATCH_LIMIT)} $batch; ` +
        `the backend asks ${pageSize}/page (${listRequests[0] && pageSizeAsked(listRequests[0]) ? '$top' : 'Graph default'}, ` +
        `${pagesAtAskedSize} page(s)); measured ${listRequests.length} list, ` +
        `${batches.length} $batch (${subRequests} sub-requests), ${other} other` +
        (missingStatuses ? `; ${missingStatuses} statuses not shown` : ''),
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
