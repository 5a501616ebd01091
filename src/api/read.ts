/**
 * Reading an answer with its contract schema. Schemas from zod/mini (the first load) and from the
 * full zod API (the profile page) both have `safeParse`; the first broken rule names what is wrong.
 */
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
