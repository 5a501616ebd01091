import type { RequestHandler } from 'express';
import { tabConfigSchema } from '../../contracts/api';
import type { Config } from '../config';

/** GET /api/config (no auth): the public settings the tab needs before it can sign in. */
export function getConfigRoute(config: Config, version: string): RequestHandler {
  const body = tabConfigSchema.parse({
    teamsHostOrigins: config.teamsHostOrigins,
    clientId: config.clientId,
    version,
    authorityHost: config.authorityHost,
  });
  return (_req, res) => {
    res.json(body);
  };
}
