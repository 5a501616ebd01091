/**
 * DOM tests have no network: the tab's calls go to an injected fetch. What happy-dom would send
 * out by itself is answered here instead: teams-js's list of valid host origins (asked for from
 * Microsoft's CDN as soon as its module loads, like in the browser tests), and nothing else —
 * any other request fails at once and names itself, instead of a DNS look-up reaching the console.
 */
import { validDomains, VALID_DOMAINS_URL } from '../support/teams-cdn';

type HappyDomWindow = {
  happyDOM?: {
    settings: {
      fetch: {
        interceptor: {
          beforeAsyncRequest?: (context: { request: Request }) => Promise<Response | void>;
        } | null;
      };
    };
  };
};

const cdnPrefix = VALID_DOMAINS_URL.replace(/\*+$/, '');
const happyDom = (globalThis as unknown as HappyDomWindow).happyDOM;
if (happyDom) {
  happyDom.settings.fetch.interceptor = {
    beforeAsyncRequest: async ({ request }) => {
      if (request.url.startsWith(cdnPrefix)) {
        return new Response(JSON.stringify(validDomains), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
      }
      throw new Error(`DOM tests have no network; inject a fetch for ${request.method} ${request.url}`);
    },
  };
}
