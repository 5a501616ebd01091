/**
 * teams-js fetches this list when its module loads (1.5 s timeout, then its bundled copy). The
 * machine is offline, so a browser test answers with the hosts the bundled list starts with; our
 * host emulator is deliberately not in it: the tab must name it in app.initialize, as in
 * production. Left unanswered, the failed DNS look-up reaches the console at a random moment.
 */
export const VALID_DOMAINS_URL = 'https://res.cdn.office.net/teams-js/validDomains/**';
export const validDomains = {
  validOrigins: [
    'teams.microsoft.com',
    'teams.microsoft.us',
    'teams.live.com',
    '*.cloud.microsoft',
    'outlook.office.com',
  ],
};
