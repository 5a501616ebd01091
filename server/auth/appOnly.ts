/**
 * App-only Graph tokens for the monitor (client credentials, docs/decisions/027): our app
 * registration in each customer tenant, with the application permissions that tenant's admin
 * consented to. MSAL keeps one token per tenant in memory and renews it before it expires.
 *
 * A tenant can refuse in two ways that mean "monitoring is not enabled here": no service principal
 * at all (never consented: AADSTS7000229, 700016), or a token without the roles the monitor needs
 * (consented before the app asked for application permissions). Both become `AppConsentMissing`,
 * which the monitor shows with the consent step instead of retrying.
 */
import { decodeJwt } from 'jose';
import { AuthError, ConfidentialClientApplication, LogLevel } from '@azure/msal-node';
import { EDU_ADMIN_READ_ALL, GRAPH_RESOURCE } from '../../contracts/graph';
import type { Logger } from '../logger';
import { msalCredential, type ClientCredential } from './clientCredential';
import { adminConsentUrl, createDiscoveryCache } from './onBehalfOf';

export class AppConsentMissing extends Error {
  constructor(
    message: string,
    /** Where a tenant admin grants the consent. */
    readonly consentUrl: string,
  ) {
    super(message);
    this.name = 'AppConsentMissing';
  }
}

export type AppOnlyTokens = {
  /** A token for `tenantId` holding the roles the monitor needs; AppConsentMissing otherwise. */
  graphToken(tenantId: string, options?: { fresh?: boolean }): Promise<{ token: string; roles: string[] }>;
};

/** Entra's codes for "this app has no service principal (no consent) in that tenant". */
const NOT_CONSENTED = ['AADSTS7000229', 'AADSTS700016', 'AADSTS650052', 'AADSTS500011'];

export function createAppOnlyTokens(
  settings: {
    clientId: string;
    credential: ClientCredential;
    authorityHost: string;
    tabEndpoint: string;
  },
  logger: Logger,
): AppOnlyTokens {
  const discovery = createDiscoveryCache(settings.authorityHost);
  const clients = new Map<string, Promise<ConfidentialClientApplication>>();

  const clientFor = (tenantId: string) => {
    let client = clients.get(tenantId);
    if (!client) {
      client = discovery.get(tenantId).then(
        (authorityMetadata) =>
          new ConfidentialClientApplication({
            auth: {
              clientId: settings.clientId,
              ...msalCredential(settings.credential),
              authority: `${settings.authorityHost}/${tenantId}`,
              ...(authorityMetadata ? { authorityMetadata } : {}),
              knownAuthorities: [new URL(settings.authorityHost).host],
            },
            system: {
              loggerOptions: {
                piiLoggingEnabled: false,
                logLevel: LogLevel.Warning,
                loggerCallback: (_level, message) => logger.debug({ msal: message }, 'msal'),
              },
            },
          }),
      );
      // A tenant whose discovery failed is asked again next time rather than cached as broken.
      client.catch(() => clients.delete(tenantId));
      clients.set(tenantId, client);
    }
    return client;
  };

  const consentStep = (tenantId: string) => adminConsentUrl(settings, tenantId);

  return {
    async graphToken(tenantId, options = {}) {
      let token: string;
      try {
        const client = await clientFor(tenantId);
        const result = await client.acquireTokenByClientCredential({
          scopes: [`${GRAPH_RESOURCE}/.default`],
          // After Graph refused the cached token (keys rolled, consent changed): a new one.
          skipCache: options.fresh === true,
        });
        if (!result?.accessToken) throw new Error('Entra answered without an access token');
        token = result.accessToken;
      } catch (error) {
        const text = error instanceof AuthError ? `${error.errorCode} ${error.errorMessage}` : String(error);
        if (NOT_CONSENTED.some((code) => text.includes(code)) || /unauthorized_client/.test(text)) {
          clients.delete(tenantId);
          throw new AppConsentMissing(
            'SDS Profiles has no admin consent in this tenant, so it cannot watch its profiles.',
            consentStep(tenantId),
          );
        }
        throw error;
      }
      const claims = decodeJwt(token);
      const roles = Array.isArray(claims.roles)
        ? claims.roles.filter((r): r is string => typeof r === 'string')
        : [];
      if (!roles.some((r) => r.toLowerCase() === EDU_ADMIN_READ_ALL.toLowerCase())) {
        throw new AppConsentMissing(
          `The admin consent in this tenant does not include the application permission ${EDU_ADMIN_READ_ALL}: consent again to turn monitoring on.`,
          consentStep(tenantId),
        );
      }
      return { token, roles };
    },
  };
}
