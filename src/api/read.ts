/**
 * Reading an answer with its contract schema. Schemas from zod/mini (the first load) and from the
 * full zod API (the profile page) both have `safeParse`; the first broken rule names what is wrong.
 */
import { config } from 'zod/mini';

// zod compiles object parsers with `new Function` where it may, and probes for that on its first
// parse. The tab's CSP forbids eval (server/middleware/securityHeaders.ts), so the probe only fails
// and costs every load a `script-src` violation, which a report-uri would carry to the tenant's
// CSP reports. Every tab page reads its answers through this module, so it turns the probe off
// before the first one; both zod APIs share this setting.
config({ jitless: true });

export type Schema<T> = {
  safeParse: (
    value: unknown,
  ) =>
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: PropertyKey[]; message: string }[] } };
};

export class ContractError extends Error {
  override name = 'ContractError';
}

export function reader<T>(schema: Schema<T>, what: string): (body: unknown) => T {
  return (body) => {
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    const first = parsed.error.issues[0];
    const where = first?.path.length ? `${what}.${first.path.map(String).join('.')}` : what;
    throw new ContractError(first ? `${where}: ${first.message}` : `${what} is not valid`);
  };
}
