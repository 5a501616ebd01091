import { createHash } from 'node:crypto';

/**
 * A GUID derived from its parts: generated data (seeded profiles, sync errors of a run) gets the
 * same ids every time it is computed, which lazy, clock-driven state depends on.
 */
export function derivedGuid(...parts: (string | number)[]): string {
  const hex = createHash('sha1').update(parts.join('|')).digest('hex');
  // Version 5 (name-based, SHA-1) and the RFC 4122 variant, so the result is a well-formed GUID.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
