import type { Request } from 'express';
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
