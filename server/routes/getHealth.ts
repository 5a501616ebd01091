import type { RequestHandler } from 'express';
import { healthSchema } from '../../contracts/api';
import type { HealthMonitor } from '../health';

/**
 * GET /api/health (no auth). Always 200 while this process serves: a dependency outage shows as
 * `degraded`, because restarting us would not bring Entra or Graph back.
 */
export function getHealthRoute(health: HealthMonitor): RequestHandler {
  return async (_req, res) => {
    res.json(healthSchema.parse(await health.check()));
  };
}
