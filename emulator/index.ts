/**
 * The emulator process: Entra ID, Microsoft Graph and the Teams host, each on its own HTTPS port
 * with the locally generated certificate. Ports: EMULATOR_ENTRA_PORT (53100),
 * EMULATOR_GRAPH_PORT (53101), EMULATOR_TEAMS_PORT (53102); TAB_ENDPOINT is where the tab is served.
 */
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { createEmulator } from './app';
import { DEFAULT_TLS_DIR, ensureLocalCertificates } from './tls';

const port = z.coerce.number().int().min(1).max(65535);
const envSchema = z.object({
  EMULATOR_ENTRA_PORT: port.default(53100),
  EMULATOR_GRAPH_PORT: port.default(53101),
  EMULATOR_TEAMS_PORT: port.default(53102),
  TAB_ENDPOINT: z.url({ protocol: /^https$/ }).default('https://localhost:53000'),
  EMULATOR_TLS_DIR: z.string().default(DEFAULT_TLS_DIR),
});

const parsed = envSchema.safeParse(process.env);
if (!parsed.success) {
  for (const issue of parsed.error.issues)
    console.error(`Emulator configuration: ${issue.path.join('.')} ${issue.message}`);
  process.exit(1);
}
const env = parsed.data;

const certs = ensureLocalCertificates(env.EMULATOR_TLS_DIR);
const tls = { cert: readFileSync(certs.certPath), key: readFileSync(certs.keyPath) };
const urls = {
  entra: `https://localhost:${env.EMULATOR_ENTRA_PORT}`,
  graph: `https://localhost:${env.EMULATOR_GRAPH_PORT}`,
  teamsHost: `https://localhost:${env.EMULATOR_TEAMS_PORT}`,
  tab: env.TAB_ENDPOINT.replace(/\/+$/, ''),
};

const emulator = await createEmulator(urls);
const servers = [
  { name: 'Entra ID', app: emulator.entra, port: env.EMULATOR_ENTRA_PORT },
  { name: 'Microsoft Graph', app: emulator.graph, port: env.EMULATOR_GRAPH_PORT },
  { name: 'Teams host', app: emulator.teamsHost, port: env.EMULATOR_TEAMS_PORT },
].map(({ name, app, port }) => {
  const server = https.createServer(tls, app);
  server.keepAliveTimeout = 65_000;
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === 'EADDRINUSE'
        ? `Emulator: port ${port} (${name}) is in use. Stop what uses it or choose another port with the EMULATOR_*_PORT variables.`
        : `Emulator: ${name} failed: ${error.message}`,
    );
    process.exit(1);
  });
  server.listen(port, () => console.log(`Emulator: ${name} listening on https://localhost:${port}`));
  return server;
});

const shutdown = () => {
  for (const server of servers) {
    server.close();
    server.closeAllConnections();
  }
  setTimeout(() => process.exit(0), 200).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
