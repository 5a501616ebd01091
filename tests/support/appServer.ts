/**
 * An app server process of a test's own (its own database, Redis or settings) beside the suite's
 * stack: on a free port, trusting the local CA, using the stack's Entra, Graph and Teams host.
 */
import { ensureLocalCertificates } from '../../emulator/tls';
import { startServerProcess, stackPortsOf, type ServerProcess, type StackUrls } from '../../scripts/stack';
import { freePort } from './localServer';

export type AppServerOptions = Omit<
  Parameters<typeof startServerProcess>[0],
  'stackPorts' | 'certs' | 'port'
>;

export async function startAppServer(
  urls: StackUrls,
  options: AppServerOptions = {},
): Promise<ServerProcess> {
  return startServerProcess({
    ...options,
    stackPorts: stackPortsOf(urls),
    certs: ensureLocalCertificates(),
    port: await freePort(),
  });
}
