/**
 * How every suite and the bench start Debian's Chromium: trusting our server certificate's key
 * only (every other certificate check stays on), and without the background traffic (updates,
 * sync, safe browsing look-ups) that this offline machine would answer with DNS errors on the
 * console, at random moments.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumArgs(spkiSha256: string): string[] {
  return [
    `--ignore-certificate-errors-spki-list=${spkiSha256}`,
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
    '--disable-quic',
  ];
}
