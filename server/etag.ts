/**
 * Strong ETags over content we control the serialisation of, and RFC 9110 comparisons.
 * Graph's profiles carry no ETag of their own, so ours hash what an admin can edit.
 */
import { createHash } from 'node:crypto';
import type { Profile } from '../contracts/api';

/** JSON with object keys sorted, so equal content always hashes equally. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function strongEtag(value: unknown): string {
  return `"${createHash('sha256').update(canonicalJson(value)).digest('base64url').slice(0, 32)}"`;
}

/**
 * The editable content only: `state` moves on its own (provisioning → provisioned) and must not
 * make an admin's pending edit look stale.
 */
export function profileEtag(profile: Profile): string {
  const { state: _state, ...editable } = profile;
  return strongEtag(editable);
}

function parseEtagList(header: string): string[] {
  return header
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

/** If-Match: strong comparison, so a weak tag never matches (RFC 9110 §13.1.1). */
export function ifMatchSatisfied(header: string, current: string): boolean {
  return parseEtagList(header).some((tag) => !tag.startsWith('W/') && tag === current);
}

/** If-None-Match: weak comparison (RFC 9110 §13.1.2). */
export function ifNoneMatchHits(header: string | undefined, current: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag);
  return parseEtagList(header).some((tag) => opaque(tag) === opaque(current));
}
