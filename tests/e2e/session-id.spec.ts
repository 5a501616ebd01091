/**
 * The tab sends the Teams session id (teams-js `app.Context.app.sessionId`) on its API calls, so
 * support can find one admin's requests: every call after the Teams handshake carries the same id,
 * the one the host gave this load of the tab.
 */
import { TEAMS_SESSION_HEADER } from '../../contracts/wire';
import { Dashboard } from './pages/dashboard';
import { test, expect } from './support/fixtures';

test('every API call after the handshake carries the Teams session id of this load', async ({
  teamsHost,
}) => {
  const calls: { path: string; sessionId: string | undefined }[] = [];
  teamsHost.page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) {
      calls.push({ path: url.pathname, sessionId: request.headers()[TEAMS_SESSION_HEADER.toLowerCase()] });
    }
  });
  await teamsHost.open({ persona: 'admin@contoso', tab: 'personal' });
  await expect(new Dashboard(teamsHost.tab).cards).toHaveCount(10);

  const afterHandshake = calls.filter((c) => c.path !== '/api/config');
  expect(afterHandshake.map((c) => c.path)).toEqual(expect.arrayContaining(['/api/me', '/api/profiles']));
  const ids = new Set(afterHandshake.map((c) => c.sessionId));
  expect(ids.size, JSON.stringify(calls)).toBe(1);
  expect([...ids][0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
});
