// PLACEHOLDER: replaced by the admin API implementation.
import express from 'express';
import type { EmulatorContext } from '../context';

export function createAdminRouter(_ctx: EmulatorContext, extra: express.Router[]): express.Router {
  const router = express.Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  for (const r of extra) router.use(r);
  return router;
}
