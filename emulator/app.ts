/**
 * Builds the emulator's three HTTPS apps from one shared context. Never listens: emulator/index.ts
 * is the process, and tests may build the apps in-process too.
 */
import express from 'express';
import { Clock, RequestLog, type EmulatorContext, type EmulatorUrls } from './context';
import { KeyStore } from './keys';
import { tenants } from './directory';
import { createEntraApp } from './entra/app';
import { createGraphAdminRouter, createGraphApp } from './graph/app';
import { createTeamsHostApp } from './teams-host/app';
import { createAdminRouter } from './admin/routes';

export type Emulator = {
  context: EmulatorContext;
  entra: express.Express;
  graph: express.Express;
  teamsHost: express.Express;
};

export async function createEmulator(urls: EmulatorUrls): Promise<Emulator> {
  const clock = new Clock();
  const resets: (() => void)[] = [];
  const consentedTenants = new Set<string>();
  const appConsentedTenants = new Set<string>();
  const grantConsentAtStart = () => {
    consentedTenants.clear();
    appConsentedTenants.clear();
    for (const tenant of Object.values(tenants)) {
      if (tenant.consentGrantedAtStart) {
        consentedTenants.add(tenant.id);
        appConsentedTenants.add(tenant.id);
      }
    }
  };
  grantConsentAtStart();

  const context: EmulatorContext = {
    urls,
    clock,
    log: new RequestLog(clock),
    keys: await KeyStore.create(clock),
    consentedTenants,
    appConsentedTenants,
    stepUpPersonas: new Set<string>(),
    entraOutage: { down: false, endpoints: 'token' },
    appCertificates: new Map(),
    onReset: (fn) => {
      resets.push(fn);
    },
    reset: () => resets.forEach((fn) => fn()),
  };
  context.onReset(() => clock.reset());
  context.onReset(() => context.log.clear());
  context.onReset(grantConsentAtStart);
  context.onReset(() => context.stepUpPersonas.clear());
  context.onReset(() => context.keys.resetKeys());
  context.onReset(() => context.appCertificates.clear());
  context.onReset(() => {
    context.entraOutage = { down: false, endpoints: 'token' };
  });

  // The admin API (/_emulator/...) answers on the Entra and the Graph port alike. It is mounted
  // in front of each service so that a service's own not-found handler never hides it, and so
  // that services never log control requests.
  const admin = createAdminRouter(context, [createGraphAdminRouter(context)]);
  const withAdmin = (service: express.Express): express.Express => {
    const app = express();
    app.disable('x-powered-by');
    app.use('/_emulator', admin);
    app.use(service);
    return app;
  };

  return {
    context,
    entra: withAdmin(createEntraApp(context)),
    graph: withAdmin(createGraphApp(context)),
    teamsHost: createTeamsHostApp(context),
  };
}
