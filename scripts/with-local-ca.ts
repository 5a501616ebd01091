/**
 * Runs a command with NODE_EXTRA_CA_CERTS pointing at the local CA (generated on first use), so
 * that test runners and everything they spawn trust the emulator's certificates. Node reads that
 * variable only at start-up, hence a wrapper process rather than setting it from inside a test.
 *
 *   node --import tsx scripts/with-local-ca.ts vitest run
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureLocalCertificates } from '../emulator/tls';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('Usage: with-local-ca.ts <command> [args...]');
  process.exit(2);
}

const certs = ensureLocalCertificates();
const bin = path.resolve(import.meta.dirname, '..', 'node_modules', '.bin');
const child = spawn(command, args, {
  stdio: 'inherit',
  env: {
    ...process.env,
    NODE_EXTRA_CA_CERTS: certs.caCertPath,
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
  },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
