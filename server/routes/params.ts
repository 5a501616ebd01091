import type { Request } from 'express';
import type { FieldProblem } from '../../contracts/api';
import { guidSchema } from '../../contracts/graph';
import { validationFailed } from '../errors';

/** The `:id` of a profile route: a GUID, or a 400 that names it. */
export function profileIdOf(req: Request): string {
  const raw = req.params.id ?? '';
  const parsed = guidSchema.safeParse(raw);
  if (!parsed.success) {
    throw validationFailed(`The profile id in the URL must be a GUID; got "${raw.slice(0, 64)}".`, [
      { path: 'id', message: parsed.error.issues[0]!.message },
    ]);
  }
  return parsed.data.toLowerCase();
}

/**
 * The query's parameters that are named in `allowed` and given once, and a problem for each
 * other one (unknown, or repeated), for the caller's 400 together with its own.
 */
export function queryParameters(
  req: Request,
  allowed: readonly string[],
): { values: Record<string, string>; problems: FieldProblem[] } {
  const values: Record<string, string> = {};
  const problems: FieldProblem[] = [];
  for (const [name, raw] of Object.entries(req.query as Record<string, unknown>)) {
    if (!allowed.includes(name)) {
      problems.push({
        path: name.slice(0, 40),
        message: `is not a parameter here; use ${allowed.join(', ')}`,
      });
    } else if (typeof raw !== 'string') {
      problems.push({ path: name, message: 'must be given once, as a plain value' });
    } else values[name] = raw;
  }
  return { values, problems };
}
