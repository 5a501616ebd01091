/**
 * Security headers for a page Teams frames (reliability-performance.md §4): CSP frame-ancestors
 * instead of X-Frame-Options, and no Cross-Origin-Opener-Policy, which cuts the consent popup off
 * from the tab (msteams-docs #9895).
 */
import helmet from 'helmet';
import type { RequestHandler } from 'express';

/** Where Teams, Microsoft 365 and Outlook frame tabs (Microsoft Learn "tab requirements"). */
export const MICROSOFT_FRAME_ANCESTORS = [
  'teams.microsoft.com',
  '*.teams.microsoft.com',
  '*.cloud.microsoft',
  '*.office.com',
  '*.microsoft365.com',
  'outlook.office.com',
  'outlook.office365.com',
  'outlook-sdf.office.com',
  'outlook-sdf.office365.com',
];

export function securityHeaders(extraFrameAncestors: readonly string[]): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        // Griffel (Fluent UI) inserts style rules at run time.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'", 'data:'],
        // teams-js fetches its list of valid host domains from the Office CDN.
        'connect-src': ["'self'", 'https://res.cdn.office.net'],
        'frame-ancestors': ["'self'", ...MICROSOFT_FRAME_ANCESTORS, ...extraFrameAncestors],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
      },
    },
    // frame-ancestors replaces it; ALLOW-FROM is not supported and DENY/SAMEORIGIN would block Teams.
    frameguard: false,
    crossOriginOpenerPolicy: false,
  });
}
