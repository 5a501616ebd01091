/**
 * Admin consent (`/{tenant}/v2.0/adminconsent`): an administrator grants our app its Microsoft
 * Graph permissions for the whole tenant, then Entra sends the browser back to the app.
 * https://learn.microsoft.com/entra/identity-platform/v2-admin-consent
 *
 * As in Entra, problems with the app or its redirect URI are shown on Entra's own error page
 * (sending the browser to an unregistered address would hand the answer to a stranger); once the
 * redirect URI is trusted, the outcome goes back to it: `admin_consent=True&tenant&scope&state`, or
 * `error=access_denied&error_description&state`.
 *
 * The older form `/{tenant}/adminconsent?client_id&state&redirect_uri` (no `scope`: it grants the
 * permissions the app registration lists, and answers without `scope`) works too.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { GRAPH_RESOURCE } from '../../contracts/graph';
import type { EmulatorContext } from '../context';
import {
  demoApp,
  directoryRoles,
  personas,
  registeredRedirectUris,
  type Persona,
  type Tenant,
} from '../directory';
import { consentPage, errorPage, needsAdminPage } from './consent-page';
import { EntraError, entraErrors, requestIds, type RequestIds } from './errors';
import { configuredDelegatedPermissions, parseGraphScopes } from './scopes';
import { knownTenantSegments, resolveTenantPath, type TenantPath } from './tenants';
import type { TokenLogDetails } from './token';

/** How long a shown consent page can be answered, in emulator seconds. */
const FLOW_LIFETIME_SECONDS = 3600;

type Params = Record<string, unknown>;

/** A request that passed every check that happens before the page is shown. */
type ConsentRequest = {
  tenantPath: TenantPath;
  clientId: string;
  redirectUri: string;
  scope: string;
  state: string | undefined;
  loginHint: string | undefined;
  /** The signed-in user, when the URL (tenant or login_hint) determines one. */
  persona: Persona | undefined;
  /** When no one is determined: the administrators who may sign in. */
  adminChoices: Persona[];
};

/** A failure that must not be sent to the redirect URI: shown on Entra's page instead. */
class PageError extends Error {
  constructor(readonly entraError: EntraError) {
    super(entraError.message);
  }
}

/** A failure reported to the (registered) redirect URI. */
class RedirectError extends Error {
  constructor(
    readonly entraError: EntraError,
    readonly request: Pick<ConsentRequest, 'redirectUri' | 'state'>,
  ) {
    super(entraError.message);
  }
}

export function createAdminConsent(ctx: EmulatorContext) {
  // Signs the parameters of each shown page, so that an answer can only come from that page.
  const flowKey = randomBytes(32);
  const flowToken = (request: ConsentRequest, issuedAt: number) => {
    const mac = createHmac('sha256', flowKey)
      .update(
        JSON.stringify([
          issuedAt,
          request.tenantPath.segment.toLowerCase(),
          request.clientId,
          request.redirectUri,
          request.scope,
          request.state ?? '',
          request.loginHint ?? '',
        ]),
      )
      .digest('base64url');
    return `${issuedAt}.${mac}`;
  };
  const flowTokenIsValid = (request: ConsentRequest, token: string) => {
    const issuedAt = Number(token.split('.')[0]);
    if (!Number.isInteger(issuedAt) || ctx.clock.nowSeconds() - issuedAt > FLOW_LIFETIME_SECONDS)
      return false;
    const expected = Buffer.from(flowToken(request, issuedAt));
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  };

  const respond = (req: Request, res: Response, ids: RequestIds, run: () => void) => {
    res.set({
      'cache-control': 'no-store',
      'x-ms-request-id': ids.traceId,
      'content-security-policy': [
        "default-src 'none'",
        "style-src 'unsafe-inline'",
        // Chromium checks the redirect after a form post against form-action too.
        `form-action 'self' ${new URL(ctx.urls.tab).origin}`,
        "frame-ancestors 'none'",
        "base-uri 'none'",
      ].join('; '),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    try {
      run();
    } catch (error) {
      if (error instanceof PageError) {
        res
          .status(400)
          .type('html')
          .send(errorPage({ message: error.message, ...ids }));
      } else if (error instanceof RedirectError) {
        res.redirect(303, errorRedirect(error.request, error.entraError, ids));
      } else {
        throw error;
      }
    }
  };

  return {
    /** GET: check the request, then show the consent page (or "need admin approval"). */
    show(req: Request, res: Response, log: TokenLogDetails): void {
      const ids = requestIds(req, ctx.clock.now());
      respond(req, res, ids, () => {
        const request = readConsentRequest(tenantSegment(req), req.query, log, isOlderForm(req));
        const hidden = {
          client_id: request.clientId,
          redirect_uri: request.redirectUri,
          scope: request.scope,
          ...(request.state !== undefined ? { state: request.state } : {}),
          ...(request.loginHint !== undefined ? { login_hint: request.loginHint } : {}),
          flow_token: flowToken(request, ctx.clock.nowSeconds()),
        };
        const action = new URL(req.originalUrl, ctx.urls.entra).pathname;
        if (request.persona && !isAdmin(request.persona)) {
          res
            .type('html')
            .send(needsAdminPage({ action, persona: request.persona, appName: demoApp.displayName, hidden }));
          return;
        }
        res.type('html').send(
          consentPage({
            action,
            tenant: request.persona ? tenantOf(request.persona) : undefined,
            signedIn: request.persona,
            adminChoices: request.adminChoices,
            appName: demoApp.displayName,
            clientId: request.clientId,
            permissions: [...configuredDelegatedPermissions],
            redirectUri: request.redirectUri,
            hidden,
          }),
        );
      });
    },

    /** POST from the page: Accept records the tenant-wide grant; Cancel declines. Both redirect. */
    decide(req: Request, res: Response, log: TokenLogDetails): void {
      const ids = requestIds(req, ctx.clock.now());
      respond(req, res, ids, () => {
        const body: Params = req.body && typeof req.body === 'object' ? req.body : {};
        const request = readConsentRequest(tenantSegment(req), body, log, isOlderForm(req));
        const token = single(body, 'flow_token');
        if (token === undefined || !flowTokenIsValid(request, token))
          throw new PageError(entraErrors.consentExpired());

        let persona = request.persona;
        if (!persona) {
          const chosen = single(body, 'persona');
          persona = request.adminChoices.find((p) => p.key === chosen);
          if (!persona) {
            throw new PageError(
              new EntraError(
                'invalid_request',
                900144,
                `Choose who signs in: 'persona' must be one of ${request.adminChoices.map((p) => p.key).join(', ')}.`,
              ),
            );
          }
        }
        log.persona = persona.key;
        log.tenantId = persona.tenantId;

        const decision = single(body, 'decision');
        if (decision !== 'accept' && decision !== 'cancel') {
          throw new PageError(
            new EntraError(
              'invalid_request',
              900144,
              `The form must say 'decision': 'accept' or 'cancel' (got '${String(decision)}').`,
            ),
          );
        }
        if (!isAdmin(persona))
          throw new RedirectError(entraErrors.adminApprovalRequired(persona.userPrincipalName), request);
        if (decision === 'cancel') throw new RedirectError(entraErrors.consentDeclined(), request);

        ctx.consentedTenants.add(persona.tenantId);
        ctx.appConsentedTenants.add(persona.tenantId);
        const target = new URL(request.redirectUri);
        target.searchParams.set('admin_consent', 'True');
        target.searchParams.set('tenant', persona.tenantId);
        if (!isOlderForm(req)) target.searchParams.set('scope', request.scope);
        if (request.state !== undefined) target.searchParams.set('state', request.state);
        res.redirect(303, target.toString());
      });
    },
  };

  function readConsentRequest(
    segment: string,
    params: Params,
    log: TokenLogDetails,
    olderForm: boolean,
  ): ConsentRequest {
    const tenantPath = resolveTenantPath(segment);
    if (!tenantPath) throw new PageError(entraErrors.tenantNotFound(segment, knownTenantSegments()));
    if (tenantPath.tenant) log.tenantId = tenantPath.tenant.id;
    if (tenantPath.alias === 'consumers') {
      throw new PageError(entraErrors.personalAccount('(any account of the consumers tenant)'));
    }
    const tenantName = tenantPath.tenant?.displayName ?? segment;

    const clientId = pageParam(params, 'client_id');
    log.clientId = clientId;
    if (clientId.toLowerCase() !== demoApp.clientId)
      throw new PageError(entraErrors.unknownClient(clientId, tenantName));

    const redirectUri = pageParam(params, 'redirect_uri');
    const registered = registeredRedirectUris(ctx.urls.tab);
    if (!registered.includes(redirectUri)) {
      throw new PageError(entraErrors.unregisteredRedirectUri(redirectUri, clientId, registered));
    }

    // From here on the redirect URI is trusted: problems go back to the app.
    const state = single(params, 'state');
    const back = { redirectUri, state };
    // The older form has no scope: the registration's permissions, i.e. `.default`.
    const scope = single(params, 'scope') ?? (olderForm ? `${GRAPH_RESOURCE}/.default` : undefined);
    if (scope === undefined) throw new RedirectError(entraErrors.missingParameter('scope'), back);
    log.scopes = scope.split(/\s+/).filter((s) => s !== '');
    try {
      parseGraphScopes(scope, { clientId, tenantName });
    } catch (error) {
      if (error instanceof EntraError) throw new RedirectError(error, back);
      throw error;
    }

    const loginHint = single(params, 'login_hint');
    const hinted = loginHint === undefined ? undefined : findByHint(loginHint);
    const tenant = tenantPath.tenant;
    let persona: Persona | undefined;
    if (hinted && !hinted.personalAccount && (!tenant || hinted.tenantId === tenant.id)) persona = hinted;
    else if (tenant) persona = personas.find((p) => p.tenantId === tenant.id && isAdmin(p));
    if (persona) log.persona = persona.key;
    const adminChoices = persona ? [] : personas.filter((p) => !p.personalAccount && isAdmin(p));
    return { tenantPath, clientId, redirectUri, scope, state, loginHint, persona, adminChoices };
  }
}

/** A required parameter whose absence is reported on Entra's page. */
function pageParam(params: Params, name: string): string {
  const value = single(params, name);
  if (value === undefined) throw new PageError(entraErrors.missingParameter(name));
  return value;
}

function single(params: Params, name: string): string | undefined {
  const value = params[name];
  if (Array.isArray(value)) throw new PageError(entraErrors.repeatedParameter(name));
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function errorRedirect(
  request: Pick<ConsentRequest, 'redirectUri' | 'state'>,
  error: EntraError,
  ids: RequestIds,
): string {
  const target = new URL(request.redirectUri);
  target.searchParams.set('error', error.error);
  target.searchParams.set(
    'error_description',
    `${error.message}\r\nTrace ID: ${ids.traceId}\r\nCorrelation ID: ${ids.correlationId}\r\nTimestamp: ${ids.timestamp}`,
  );
  if (error.suberror) target.searchParams.set('error_subcode', error.suberror);
  if (request.state !== undefined) target.searchParams.set('state', request.state);
  return target.toString();
}

function isAdmin(persona: Persona): boolean {
  return persona.directoryRoles.includes(directoryRoles.globalAdministrator);
}

function findByHint(hint: string): Persona | undefined {
  const lower = hint.toLowerCase();
  return personas.find((p) => p.key.toLowerCase() === lower || p.userPrincipalName.toLowerCase() === lower);
}

function tenantOf(persona: Persona): Tenant | undefined {
  return resolveTenantPath(persona.tenantId)?.tenant;
}

/** `/{tenant}/adminconsent` rather than `/{tenant}/v2.0/adminconsent`. */
function isOlderForm(req: Request): boolean {
  return !/\/v2\.0\/adminconsent\/?$/i.test(req.path);
}

function tenantSegment(req: Request): string {
  return typeof req.params.tenant === 'string' ? req.params.tenant : '';
}
