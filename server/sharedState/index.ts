/** Picks the shared state the configuration asks for: Redis when REDIS_URL is set, else this process. */
import type { Config } from '../config';
import type { Logger } from '../logger';
import { createMemorySharedState } from './memory';
import { createRedisSharedState } from './redis';
import type { SharedState } from './types';

export function createSharedState(
  config: Pick<Config, 'redisUrl' | 'saveLock'>,
  logger: Logger,
): SharedState {
  return config.redisUrl
    ? createRedisSharedState({ url: config.redisUrl, leaseMs: config.saveLock.leaseMs }, logger)
    : createMemorySharedState();
}

export * from './types';
