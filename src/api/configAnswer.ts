/**
 * The first request of a load: GET /api/config, which index.html already preloads. The entry asks
 * for it before anything else is evaluated, because one member decides when the Teams handshake
 * can start: `teamsHostOrigins`, the hosts teams-js must accept answers from besides Microsoft's
 * own (app.initialize's argument). `teamsHostOriginsIn` reads just that member from a copy of the
 * answer, without zod (which loads with the rest of the start); the whole answer is then read and
 * checked against its schema by fetchTabConfig, and a broken one is the configuration error screen
 * as before.
 */
import { apiRoutes } from '../../contracts/wire';

export type ConfigAnswer = { response: Response; copy: Response };

/** Sends GET /api/config (picking up index.html's preload) and keeps a copy of the answer. */
export function requestTabConfig(): Promise<ConfigAnswer> {
  // Exactly as fetchTabConfig asks, so the preloaded answer matches (no `cache: 'no-store'`).
  return fetch(apiRoutes.config, { headers: { Accept: 'application/json' } }).then((response) => ({
    response,
    copy: response.clone(),
  }));
}

/** The answer's `teamsHostOrigins` strings, or none when it has no readable list. */
export async function teamsHostOriginsIn(answer: Promise<ConfigAnswer>): Promise<string[]> {
  try {
    const { copy } = await answer;
    if (!copy.ok) return [];
    const body: unknown = await copy.json();
    const origins =
      typeof body === 'object' && body !== null ? (body as Record<string, unknown>).teamsHostOrigins : null;
    return Array.isArray(origins) ? origins.filter((o): o is string => typeof o === 'string') : [];
  } catch {
    return [];
  }
}
