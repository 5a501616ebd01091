/**
 * `npm start`: the whole product on this machine against the demo tenant. Starts the emulator
 * (Entra ID, Graph, Teams host) and the app server, prints every URL, stops everything on Ctrl+C.
 * `npm run dev` (--dev) also rebuilds the tab whenever src/ changes.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { DEFAULT_DATA_DIR } from '../server/config';
import { startStack } from './stack';
import { healthSchema, type Health } from '../contracts/api';
import { demoApp, personas, tenants } from '../emulator/directory';
import { demoProfileIds } from '../emulator/graph/demo-data';
import { teamFor } from '../emulator/teams-host/protocol';

// Request logs stay quiet unless asked for (LOG_LEVEL=info), so the URLs below stay readable.
const stack = await startStack({
  stdio: 'inherit',
  // Change history survives restarts in .local/data (or goes to DATABASE_URL when set).
  history: 'persistent',
  serverEnv: {
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // The demo's monitor looks every 30 s, so a trial sees an alert soon after breaking a profile.
    MONITOR_INTERVAL_SECONDS: process.env.MONITOR_INTERVAL_SECONDS ?? '30',
  },
}).catch((error: Error) => {
  console.error(`\nCould not start the local stack: ${error.message}`);
  process.exit(1);
});
const { urls, certs } = stack;

/** The server's own /api/health (this process may predate the local CA, so it is passed). */
function readHealth(): Promise<Health | undefined> {
  return new Promise((resolve) => {
    https
      .get(`${urls.app}/api/health`, { ca: readFileSync(certs.caCertPath) }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve(healthSchema.safeParse(JSON.parse(body)).data));
      })
      .on('error', () => resolve(undefined));
  });
}
/** One JSON request to the stack (this process may predate the local CA, so it is passed). */
function requestJson(
  url: string,
  method: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      {
        method,
        ca: readFileSync(certs.caCertPath),
        headers: { 'content-type': 'application/json', ...headers },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }),
        );
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

/**
 * The demo tenant's staff channel has the tab pinned (the Teams host shows it so) with "Notify this
 * channel when a sync breaks" on for all profiles, as its admin would have set it on the tab's
 * configuration page: stored through the same API, as Megan Bowen.
 */
async function pinDemoAlerts(): Promise<string> {
  const team = teamFor(tenants.contoso.id);
  const sso = await requestJson(`${urls.entra}/_emulator/teams/sso-token`, 'POST', {
    persona: 'admin@contoso',
  });
  const token = (sso.body as { token?: string } | undefined)?.token;
  if (!token) return 'could not be switched on (no SSO token from the emulator)';
  const answer = await requestJson(
    `${urls.app}/api/alert-subscription`,
    'PUT',
    { teamId: team.groupId, channelId: team.channelId, tabEntityId: 'all', profileId: null, enabled: true },
    { authorization: `Bearer ${token}` },
  );
  return answer.status === 200
    ? `on for ${team.teamName} › ${team.channelName} (all profiles)`
    : `could not be switched on (${answer.status})`;
}
const demoAlerts = await pinDemoAlerts().catch(
  (error: Error) => `could not be switched on (${error.message})`,
);
const monitorInterval = process.env.MONITOR_INTERVAL_SECONDS ?? '30';

// The server says where its save locks, rate limit and token cache live (REDIS_URL or memory).
const health = await readHealth();
const sharedState =
  health?.sharedState === 'redis'
    ? `${health.checks.sharedState.detail ?? 'Redis'}, shared by every instance`
    : 'in memory, this instance only (set REDIS_URL to run several)';

// Where the server writes change history, as its configuration decides (server/config.ts).
const history = process.env.DATABASE_URL
  ? `PostgreSQL at ${new URL(process.env.DATABASE_URL).host} (DATABASE_URL)`
  : `PGlite in ${path.join(process.env.DATA_DIR ? path.resolve(process.env.DATA_DIR) : DEFAULT_DATA_DIR, 'history')} (kept across restarts)`;

const watcher = process.argv.includes('--dev')
  ? spawn(
      path.resolve(import.meta.dirname, '..', 'node_modules', '.bin', 'vite'),
      ['build', '--watch', '--logLevel', 'warn'],
      {
        stdio: 'inherit',
      },
    )
  : undefined;

console.log(`
SDS Profiles is running against the local demo tenant (the emulator).

  Open the tab in the local Teams host:  ${urls.teamsHost}/
      as a reader:                        ${urls.teamsHost}/?persona=reader@contoso
      on Android, dark theme:             ${urls.teamsHost}/?persona=admin@contoso&client=android&theme=dark
      Fabrikam (needs admin consent):     ${urls.teamsHost}/?persona=admin@fabrikam
  App server (tab and /api):             ${urls.app}/
  Health:                                ${urls.app}/api/health
  Shared state:                          ${sharedState}
  Change history:                        ${history}
  Monitor:                               every ${monitorInterval} s; channel alerts ${demoAlerts}
  Entra ID emulator:                     ${urls.entra}/${tenants.contoso.id}/v2.0/.well-known/openid-configuration
  Graph emulator:                        ${urls.graph}/beta/education/synchronizationProfiles

  Make a profile fail, then watch the host's Activity rail (within one monitor interval):
    curl --cacert ${certs.caCertPath} ${urls.graph}/_emulator/graph/profiles/${demoProfileIds.contosoHealthyCsv}/next-run \\
      -H 'content-type: application/json' -d '{"outcome":"error","errorCount":3}'
  and make it recover with -d '{"outcome":"success"}'.

  Personas: ${personas.map((p) => p.key).join(', ')}
  Client id (dev only): ${demoApp.clientId}

  Your browser will warn about the certificate unless it trusts the local CA:
  ${certs.caCertPath}  (see README, "Trusting the local certificate")

  Try the API with curl:
    TOKEN=$(curl -s --cacert ${certs.caCertPath} -X POST ${urls.entra}/_emulator/teams/sso-token \\
      -H 'content-type: application/json' -d '{"persona":"admin@contoso"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).token')
    curl --cacert ${certs.caCertPath} -H "Authorization: Bearer $TOKEN" ${urls.app}/api/profiles

Press Ctrl+C to stop.
`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  watcher?.kill('SIGTERM');
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
stack.emulator.on('exit', (code) => {
  if (!stopping) {
    console.error(`The emulator stopped unexpectedly (exit code ${code}).`);
    void stop();
  }
});
stack.server.on('exit', (code) => {
  if (!stopping) {
    console.error(`The app server stopped unexpectedly (exit code ${code}).`);
    void stop();
  }
});
