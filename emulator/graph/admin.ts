/**
 * The Graph part of the control API (`/_emulator`, docs/architecture.md): faults, seeding, and a
 * look at a stored profile.
 * Reset is a hook on the context (see state.ts), not a route here.
 */
import express from 'express';
import { z } from 'zod';
import type { EmulatorContext } from '../context';
import { CONSUMERS_TENANT_ID, tenants } from '../directory';
import { normalizeODataTypes, readOnlyProfileMembers } from '../../contracts/graph';
import { build, MAX_SEED_PROFILES, readableContent, seedProfiles, type DemoShape } from './demo-data';
import { errorSet, MAX_SEEDED_SYNC_ERRORS, mixEntrySchema, realisticMix } from './error-sets';
import { faultSpecSchema } from './faults';
import { NEXT_RUN_SECONDS, nextRun } from './lifecycle';
import { graphState } from './state';
import { errorDomain, transition } from './store';
import { MAX_SYNC_ERRORS } from './sync-errors';

const workTenantIds: string[] = Object.values(tenants)
  .map((t): string => t.id)
  .filter((id) => id !== CONSUMERS_TENANT_ID);

const seedSchema = z.strictObject({
  profileCount: z.number().int().min(0).max(MAX_SEED_PROFILES),
  tenantId: z
    .string()
    .refine((id) => workTenantIds.includes(id.toLowerCase()), {
      error: `must be one of the demo tenants: ${workTenantIds.join(', ')}`,
    })
    .optional(),
});

const demoShapes = [
  'success',
  'inProgress',
  'error',
  'paused',
  'provisioning',
  'validationError',
  'quarantined',
  'awaitingStart',
] as const satisfies readonly DemoShape[];

/**
 * `PUT /_emulator/graph/profiles/{id}`: stores a profile as a newer or sloppier Graph would hold
 * it (issue 11 §2): members beyond our model, values that break write rules. It must still be a
 * profile a client can read (the lenient read schema); it then answers like any other.
 */
const storedProfileSchema = z.strictObject({
  tenantId: z
    .string()
    .refine((id) => workTenantIds.includes(id.toLowerCase()), {
      error: `must be one of the demo tenants: ${workTenantIds.join(', ')}`,
    })
    .optional(),
  shape: z.enum(demoShapes).optional(),
  profile: z.record(z.string(), z.unknown()),
});

/**
 * `POST /_emulator/graph/profiles/{id}/errors`: replaces the profile's recorded errors with
 * `count` generated ones in the proportions of `mix` (a realistic district mix by default).
 */
const errorSetSchema = z.strictObject({
  count: z.number().int().min(0).max(MAX_SEEDED_SYNC_ERRORS),
  mix: z.array(mixEntrySchema).min(1).max(50).optional(),
  seed: z.union([z.number().int(), z.string().max(64)]).optional(),
});

/**
 * `POST /_emulator/graph/profiles/{id}/next-run`: how the profile's next sync run ends. The run
 * starts at once and takes NEXT_RUN_SECONDS (10 s); later runs end the same way.
 */
const nextRunSchema = z.strictObject({
  outcome: z.enum(['success', 'error', 'quarantined', 'validationError']),
  errorCount: z.number().int().min(0).max(MAX_SYNC_ERRORS).default(0),
});

const activityQuery = z.strictObject({
  persona: z.string().min(1).optional(),
});

function invalid(res: express.Response, error: z.ZodError): void {
  res.status(400).json({
    error: {
      code: 'invalidRequest',
      message: error.issues.map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`).join('; '),
    },
  });
}

function notStored(res: express.Response, id: string): void {
  res.status(404).json({ error: { code: 'itemNotFound', message: `No stored profile has the id '${id}'.` } });
}

export function createFaultsAndSeedRouter(ctx: EmulatorContext): express.Router {
  const graph = graphState(ctx);
  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));

  /** A stored profile by id, in whichever work tenant holds it. */
  const storedProfile = (id: string, now: number) =>
    workTenantIds.map((tenantId) => graph.store.get(tenantId, id, now)).find((p) => p !== undefined);

  router.get('/faults', (_req, res) => {
    res.json({ faults: graph.faults.spec });
  });

  router.post('/faults', (req, res, next) => {
    const body: unknown = req.body ?? {};
    // Faults for another service are someone else's to handle.
    if (body && typeof body === 'object' && 'service' in body && body.service !== 'graph') return next();
    const parsed = faultSpecSchema.safeParse(body);
    if (!parsed.success) return invalid(res, parsed.error);
    graph.faults.set(parsed.data);
    res.json(parsed.data);
  });

  router.delete('/faults', (_req, res) => {
    graph.faults.clear();
    res.status(204).end();
  });

  router.post('/seed', (req, res) => {
    const parsed = seedSchema.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    const tenantId = parsed.data.tenantId?.toLowerCase() ?? tenants.contoso.id;
    const profiles = seedProfiles(graph.store, tenantId, parsed.data.profileCount, ctx.clock.now().getTime());
    res.json({ tenantId, profileCount: profiles.length });
  });

  /**
   * A profile as stored, secrets included: the only way to see that write-only secrets were kept.
   * The secrets in this emulator are demo values that are valid nowhere else.
   */
  router.get('/graph/profiles/:id', (req, res) => {
    const profile = storedProfile(req.params.id, ctx.clock.now().getTime());
    if (!profile) return notStored(res, req.params.id);
    res.json({
      tenantId: profile.tenantId,
      id: profile.id,
      createdAt: new Date(profile.createdAt).toISOString(),
      content: profile.content,
    });
  });

  router.put('/graph/profiles/:id', (req, res) => {
    const parsed = storedProfileSchema.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    const id = req.params.id.toLowerCase();
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) {
      res.status(400).json({ error: { code: 'invalidRequest', message: `The id '${id}' is not a GUID.` } });
      return;
    }
    const readOnly: readonly string[] = readOnlyProfileMembers;
    const given = Object.fromEntries(
      Object.entries(normalizeODataTypes(parsed.data.profile) as Record<string, unknown>).filter(
        ([key]) => !readOnly.includes(key),
      ),
    );
    let content;
    try {
      content = readableContent(given);
    } catch (error) {
      return invalid(res, error as z.ZodError);
    }
    const tenantId = parsed.data.tenantId?.toLowerCase() ?? tenants.contoso.id;
    const now = ctx.clock.now().getTime();
    const replaced = graph.store.get(tenantId, id, now);
    graph.store.add(
      build(
        { id, tenantId, createdAt: now, content, shape: parsed.data.shape ?? 'success', lenient: true },
        now,
      ),
    );
    res.status(replaced ? 200 : 201).json({ tenantId, id });
  });

  router.post('/graph/profiles/:id/errors', (req, res) => {
    const parsed = errorSetSchema.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    const now = ctx.clock.now().getTime();
    const profile = storedProfile(req.params.id, now);
    if (!profile) return notStored(res, req.params.id);
    const { count, mix, seed } = parsed.data;
    profile.errors = errorSet({
      profileId: profile.id,
      domain: errorDomain(profile),
      count,
      mix: mix ?? realisticMix,
      endedAt: now,
      seed: seed ?? 1,
    });
    profile.errorCap = count;
    const groups = new Map<string, { entryType: string; errorCode: string; count: number }>();
    for (const e of profile.errors) {
      const key = `${e.entryType}\u0000${e.errorCode}`;
      const group = groups.get(key) ?? { entryType: e.entryType, errorCode: e.errorCode, count: 0 };
      group.count++;
      groups.set(key, group);
    }
    res.json({
      tenantId: profile.tenantId,
      id: profile.id,
      count: profile.errors.length,
      groups: [...groups.values()].sort((a, b) => b.count - a.count),
    });
  });

  router.post('/graph/profiles/:id/next-run', (req, res) => {
    const parsed = nextRunSchema.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    const { outcome, errorCount } = parsed.data;
    const now = ctx.clock.now().getTime();
    const found = storedProfile(req.params.id, now);
    if (!found) return notStored(res, req.params.id);
    const t = found.timeline;
    const refusal =
      t.deletingSince !== null
        ? 'it is being deleted'
        : now < t.provisionedAt
          ? 'it is still provisioning; ask again in a few seconds'
          : t.pausedAt !== null
            ? 'it is paused; resume it first'
            : !t.syncEnabled
              ? 'its synchronization has not been started (a CSV profile waiting for start)'
              : null;
    if (refusal) {
      res.status(409).json({
        error: { code: 'conflict', message: `The profile '${found.id}' runs no sync now: ${refusal}.` },
      });
      return;
    }
    // The next run reports its own errors; the earlier ones are gone, as after a fresh run.
    transition(found, now, (settled) => nextRun(settled, now, outcome, errorCount));
    found.errors = [];
    const endsAt = new Date(now + NEXT_RUN_SECONDS * 1000).toISOString();
    res.json({
      tenantId: found.tenantId,
      id: found.id,
      outcome,
      errorCount,
      startsAt: new Date(now).toISOString(),
      endsAt,
    });
  });

  router.get('/teams/activity', (req, res) => {
    const parsed = activityQuery.safeParse(req.query);
    if (!parsed.success) return invalid(res, parsed.error);
    res.json({ notifications: graph.activity.list(parsed.data.persona) });
  });

  router.use((error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (error instanceof SyntaxError) {
      res
        .status(400)
        .json({ error: { code: 'invalidRequest', message: `The body is not valid JSON: ${error.message}` } });
      return;
    }
    next(error);
  });

  return router;
}
