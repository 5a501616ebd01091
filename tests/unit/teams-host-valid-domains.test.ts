import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestValidDomains } from '../../emulator/teams-host/app';
import { isOnValidDomain } from '../../emulator/teams-host/protocol';

const manifest = readFileSync(path.resolve(import.meta.dirname, '../../appPackage/manifest.json'), 'utf8');

describe('the Teams host’s validDomains', () => {
  it('come from the app manifest, filled for the stack', () => {
    expect(manifestValidDomains(manifest, 'https://localhost:45000')).toEqual(['localhost:45000']);
  });

  it('match the host (and port when the entry has one), letter case ignored', () => {
    const on = (url: string, domains: string[]) => isOnValidDomain(new URL(url), domains);
    expect(on('https://localhost:45000/auth-start.html', ['localhost:45000'])).toBe(true);
    expect(on('https://LOCALHOST:45000/x', ['localhost:45000'])).toBe(true);
    expect(on('https://localhost:45100/x', ['localhost:45000'])).toBe(false);
    expect(on('https://login.microsoftonline.com/x', ['localhost:45000'])).toBe(false);
    expect(on('https://app.contoso.com/x', ['app.contoso.com'])).toBe(true);
    expect(on('https://app.contoso.com.evil.example/x', ['app.contoso.com'])).toBe(false);
  });

  it('let a wildcard stand for exactly one label', () => {
    const on = (url: string) => isOnValidDomain(new URL(url), ['*.contoso.com']);
    expect(on('https://a.contoso.com/')).toBe(true);
    expect(on('https://contoso.com/')).toBe(false);
    expect(on('https://a.b.contoso.com/')).toBe(false);
    expect(on('https://evilcontoso.com/')).toBe(false);
  });
});
