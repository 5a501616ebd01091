/**
 * The emulator's control API (`/_emulator/*`, on the Entra and the Graph port): what tests, the
 * benchmark and a curious developer use to mint Teams SSO tokens, move the clock, rotate or
 * withdraw signing keys,
 * read the request log, grant or revoke consent, take Entra down, and reset everything.
 * docs/architecture.md lists the requests. Every body is validated; an error says which field.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { EmulatorContext } from '../context';
import { findPersona, personas, type Persona } from '../directory';
import { registerCertificate, type RegisteredCertificate } from '../entra/clientAssertion';
import { mintSsoToken } from '../entra/tokens';
import { STEP_UP_CLAIMS } from '../entra/claims-challenge';
import { knownTenantSegments, resolveTenantPath } from '../entra/tenants';
import { UnknownKeyError } from '../keys';

const MAX_CLOCK_STEP_SECONDS = 10 * 365 * 24 * 3600;
const MAX_GRACE_SECONDS = 90 * 24 * 3600;
const MAX_TOKEN_LIFETIME_SECONDS = 7 * 24 * 3600;

const ssoTokenBody = z.strictObject({
  persona: z.string().min(1),
  version: z.union([z.literal(1), z.literal(2)]).optional(),
  clientId: z.string().min(1).optional(),
  audience: z.string().min(1).optional(),
  scopes: z.array(z.string().min(1)).min(1).optional(),
  lifetimeSeconds: z.int().min(1).max(MAX_TOKEN_LIFETIME_SECONDS).optional(),
  shiftSeconds: z.int().min(-MAX_CLOCK_STEP_SECONDS).max(MAX_CLOCK_STEP_SECONDS).optional(),
  extraClaims: z.record(z.string(), z.unknown()).optional(),
});

const rotateBody = z.strictObject({
  graceSeconds: z.int().min(0).max(MAX_GRACE_SECONDS).optional(),
  /** `rollover` (default): to the already published next key; `emergency`: a new key at once. */
  kind: z.enum(['rollover', 'emergency']).optional(),
});

const withdrawBody = z.strictObject({
  kid: z.string().min(1).optional(),
});

const clockBody = z.strictObject({
  // The clock only moves forward: token lifetimes and key grace periods assume it.
  advanceSeconds: z.number().min(0).max(MAX_CLOCK_STEP_SECONDS),
});

const requestsQuery = z.object({
  since: z
    .string()
    .regex(/^\d+$/, 'must be a whole number (a seq from an earlier answer)')
    .transform(Number)
    .optional(),
});

const consentBody = z.strictObject({
  tenantId: z.string().min(1),
  granted: z.boolean(),
  /**
   * Whether the grant includes the application permissions (default: as `granted`). `false` with
   * `granted: true` is a tenant that consented before the app asked for them.
   */
  application: z.boolean().optional(),
});

const appCertificateBody = z.strictObject({
  /** One PEM certificate (public part only). */
  certificate: z.string().min(1).max(20_000),
});

const claimsChallengeBody = z.strictObject({
  persona: z.string().min(1),
  required: z.boolean(),
});

const outageBody = z.strictObject({
  down: z.boolean(),
  endpoints: z.enum(['token', 'all']).optional(),
});

/** A control API failure: `{ error: { code, message } }`. */
class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown, where = 'body'): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const messages = result.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return `${issue.keys.join(', ')}: not a field of this request (misspelt?)`;
    }
    const field = issue.path.length > 0 ? issue.path.join('.') : where;
    return `${field}: ${issue.message}`;
  });
  throw new ControlError(400, 'invalid_request', messages.join('; '));
}

function personaNamed(key: string): Persona {
  const persona = findPersona(key);
  if (!persona) {
    throw new ControlError(
      400,
      'unknown_persona',
      `persona: "${key}" is not a persona. Known personas: ${personas.map((p) => p.key).join(', ')}`,
    );
  }
  return persona;
}

export function createAdminRouter(ctx: EmulatorContext, extra: express.Router[]): express.Router {
  const router = express.Router();
  // Bodies are JSON whatever the content type says, so `curl -d '{...}'` works without -H.
  router.use(express.json({ type: () => true, limit: '64kb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.post('/teams/sso-token', async (req, res) => {
    const { persona: key, ...options } = parse(ssoTokenBody, req.body);
    const persona = personaNamed(key);
    res.json({ token: await mintSsoToken(ctx, persona, options) });
  });

  router.post('/keys/rotate', async (req, res) => {
    const { graceSeconds, kind } = parse(rotateBody, req.body);
    res.json(await ctx.keys.rotate(graceSeconds, kind));
  });

  router.post('/keys/withdraw', async (req, res) => {
    const { kid } = parse(withdrawBody, req.body);
    try {
      res.json(await ctx.keys.withdraw(kid));
    } catch (error) {
      if (error instanceof UnknownKeyError) throw new ControlError(400, 'unknown_key', error.message);
      throw error;
    }
  });

  router.get('/clock', (_req, res) => {
    res.json({ now: ctx.clock.now().toISOString() });
  });

  router.post('/clock', (req, res) => {
    const { advanceSeconds } = parse(clockBody, req.body);
    res.json({ now: ctx.clock.advance(advanceSeconds).toISOString() });
  });

  router.get('/requests', (req, res) => {
    const { since } = parse(requestsQuery, req.query, 'query');
    res.json({ requests: ctx.log.list(since ?? 0), lastSeq: ctx.log.lastSeq() });
  });

  router.delete('/requests', (_req, res) => {
    ctx.log.clear();
    res.status(204).end();
  });

  router.post('/reset', (_req, res) => {
    ctx.reset();
    res.status(204).end();
  });

  router.post('/consent', (req, res) => {
    const { tenantId, granted, application = granted } = parse(consentBody, req.body);
    if (application && !granted) {
      throw new ControlError(
        400,
        'invalid_request',
        'application: the application permissions come with the consent; grant it too (granted: true).',
      );
    }
    const tenant = resolveTenantPath(tenantId);
    if (!tenant?.tenant || tenant.alias) {
      const known = knownTenantSegments().filter(
        (s) => !['common', 'organizations', 'consumers'].includes(s),
      );
      throw new ControlError(
        400,
        'unknown_tenant',
        `tenantId: "${tenantId}" is not a work or school tenant of the emulator. Known: ${known.join(', ')}`,
      );
    }
    const id = tenant.tenant.id;
    if (granted) ctx.consentedTenants.add(id);
    else ctx.consentedTenants.delete(id);
    if (application) ctx.appConsentedTenants.add(id);
    else ctx.appConsentedTenants.delete(id);
    res.json({
      tenantId: id,
      granted,
      application,
      consentedTenants: [...ctx.consentedTenants],
      appConsentedTenants: [...ctx.appConsentedTenants],
    });
  });

  /** Uploads a certificate for our app, as Certificates & secrets does in Entra (reset removes them). */
  router.post('/entra/app-certificates', (req, res) => {
    const { certificate } = parse(appCertificateBody, req.body);
    let registered: RegisteredCertificate;
    try {
      registered = registerCertificate(certificate);
    } catch (error) {
      throw new ControlError(400, 'invalid_request', (error as Error).message);
    }
    ctx.appCertificates.set(registered.thumbprintSha256, registered);
    res.status(201).json({
      thumbprintSha256: registered.thumbprintSha256,
      notAfter: registered.notAfter.toISOString(),
      registered: ctx.appCertificates.size,
    });
  });

  /** Conditional Access step-up for one persona: on-behalf-of answers AADSTS50076 with claims. */
  router.post('/entra/claims-challenge', (req, res) => {
    const { persona: key, required } = parse(claimsChallengeBody, req.body);
    const persona = personaNamed(key);
    if (required) ctx.stepUpPersonas.add(persona.objectId);
    else ctx.stepUpPersonas.delete(persona.objectId);
    res.json({ persona: persona.key, required, claims: STEP_UP_CLAIMS });
  });

  router.get('/entra/outage', (_req, res) => {
    res.json(ctx.entraOutage);
  });

  router.post('/entra/outage', (req, res) => {
    const { down, endpoints } = parse(outageBody, req.body);
    ctx.entraOutage = { down, endpoints: endpoints ?? 'token' };
    res.json(ctx.entraOutage);
  });

  for (const r of extra) router.use(r);

  router.use((req, _res) => {
    throw new ControlError(
      404,
      'not_found',
      `No control API at ${req.method} ${req.baseUrl}${req.path}. See docs/architecture.md, "The emulator's control API".`,
    );
  });

  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof ControlError) {
      res.status(error.status).json({ error: { code: error.code, message: error.message } });
      return;
    }
    const bodyError = error as { type?: string; status?: number; message?: string };
    if (bodyError.type === 'entity.parse.failed') {
      res
        .status(400)
        .json({ error: { code: 'invalid_json', message: `body: not valid JSON (${bodyError.message})` } });
      return;
    }
    if (typeof bodyError.status === 'number' && bodyError.status >= 400 && bodyError.status < 500) {
      res
        .status(bodyError.status)
        .json({ error: { code: 'invalid_request', message: `body: ${bodyError.message}` } });
      return;
    }
    console.error('Emulator control API failed:', error);
    res
      .status(500)
      .json({ error: { code: 'internal', message: 'The emulator failed; see its console output.' } });
  });

  return router;
}
