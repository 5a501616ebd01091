import { describe, expect, it } from 'vitest';
import { validDomains } from '../support/teams-cdn';

describe('the DOM tests’ network (tests/setup/dom-network.ts)', () => {
  it("answers teams-js's list of host origins locally, as the browser tests do", async () => {
    const response = await fetch('https://res.cdn.office.net/teams-js/validDomains/json/validDomains.json');
    expect(await response.json()).toEqual(validDomains);
  });

  it('refuses anything else at once, naming the request', async () => {
    await expect(fetch('https://graph.microsoft.com/beta/education/synchronizationProfiles')).rejects.toThrow(
      /no network.*GET https:\/\/graph\.microsoft\.com\/beta\/education\/synchronizationProfiles/,
    );
  });
});
