/**
 * Builds the emulator's three HTTPS apps from one shared context. Never listens: emulator/index.ts
 * is the process, and tests may build the apps in-process too.
 */
import type express from 'express';
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
  const grantConsentAtStart = () => {
    consentedTenants.clear();
    for (const tenant of Object.values(tenants)) {
      if (tenant.consentGrantedAtStart) consentedTenants.add(tenant.id);
    }
  };
  grantConsentAtStart();

  const context: EmulatorContext = {
    urls,
    clock,
    log: new RequestLog(),
    keys: await KeyStore.create(clock),
    consentedTenants,
    onReset: (fn) => resets.push(fn),
    reset: () => resets.forEach((fn) => fn()),
  };
  context.onReset(() => clock.reset());
  context.onReset(() => context.log.clear());
  context.onReset(grantConsentAtStart);

  // The admin API (/_emulator/...) answers on the Entra and the Graph port alike.
  const admin = createAdminRouter(context, [createGraphAdminRouter(context)]);
  const entra = createEntraApp(context);
  const graph = createGraphApp(context);
  entra.use('/_emulator', admin);
  graph.use('/_emulator', admin);

  return { context, entra, graph, teamsHost: createTeamsHostApp(context) };
}
