/**
 * The profile collection and its items: list, get, create, the three update forms, delete
 * (graph-sds-api.md §2.1–§2.5, §2.13).
 */
import { randomUUID } from 'node:crypto';
import {
  profileStates,
  providerKindOf,
  syncEntities,
  type Customizations,
  type ProfileWrite,
} from '../../../contracts/graph';
import { conflict, invalidRequest, notFound } from '../errors';
import * as lifecycle from '../lifecycle';
import { nextLink, page, parseQuery, type QueryRules } from '../odata';
import {
  filledCustomizations,
  profileProperties,
  renderProfile,
  type ProfileProperty,
} from '../representation';
import type { GraphResponse, HandlerContext } from '../request';
import { transition, type ProfileContent, type StoredProfile } from '../store';
import { checkExpirationDate, parseProfilePatch, parseProfileWrite, requireJsonBody } from '../validation';

const collectionRules: QueryRules = {
  options: ['$top', '$skip', '$count', '$filter', '$orderby', '$select'],
  filterable: { displayName: undefined, state: profileStates },
  orderable: ['displayName'],
  selectable: profileProperties,
};
const itemRules: QueryRules = { options: ['$select'], selectable: profileProperties };

/** The collection's URL under the request's base, for @odata.context and links. */
const collectionUrl = (hc: HandlerContext) => `${hc.baseUrl}/education/synchronizationProfiles`;

function selection(select: string[] | undefined): ProfileProperty[] | undefined {
  if (!select) return undefined;
  // Graph returns the key of a selected entity even when $select leaves it out.
  const wanted = new Set([...select, 'id']);
  return profileProperties.filter((p) => wanted.has(p));
}

function entityContext(hc: HandlerContext, select?: string[]): string {
  const projection = select ? `(${select.join(',')})` : '';
  return `${hc.baseUrl}/$metadata#education/synchronizationProfiles${projection}/$entity`;
}

export function findProfile(hc: HandlerContext): StoredProfile {
  const id = hc.params.id!;
  const profile = hc.graph.store.get(hc.caller.tenantId, id, hc.now);
  if (!profile) throw notFound(`The synchronization profile '${id}' was not found in this tenant.`);
  return profile;
}

export function listProfiles(hc: HandlerContext): GraphResponse {
  const query = parseQuery(hc.query, collectionRules);
  let profiles = hc.graph.store.list(hc.caller.tenantId, hc.now);
  for (const clause of query.filter) {
    profiles = profiles.filter((p) =>
      clause.field === 'state'
        ? lifecycle.snapshot(p.timeline, hc.now).state === clause.value
        : // Graph compares strings in $filter without regard to case.
          p.content.displayName.toLowerCase() === clause.value.toLowerCase(),
    );
  }
  if (query.orderBy) {
    const direction = query.orderBy.descending ? -1 : 1;
    profiles = [...profiles].sort(
      (a, b) =>
        direction * a.content.displayName.localeCompare(b.content.displayName, 'en', { sensitivity: 'base' }),
    );
  }
  const result = page(profiles, query);
  const select = selection(query.select);
  const projection = query.select ? `(${query.select.join(',')})` : '';
  return {
    status: 200,
    body: {
      '@odata.context': `${hc.baseUrl}/$metadata#education/synchronizationProfiles${projection}`,
      ...(query.count ? { '@odata.count': result.total } : {}),
      ...(result.nextSkip !== undefined
        ? { '@odata.nextLink': nextLink(collectionUrl(hc), hc.request.search, result.nextSkip) }
        : {}),
      value: result.items.map((p) => renderProfile(p, hc.now, 'read', select)),
    },
  };
}

export function getProfile(hc: HandlerContext): GraphResponse {
  const query = parseQuery(hc.query, itemRules);
  const profile = findProfile(hc);
  return {
    status: 200,
    body: {
      '@odata.context': entityContext(hc, query.select),
      ...renderProfile(profile, hc.now, 'read', selection(query.select)),
    },
  };
}

function contentOf(write: ProfileWrite): ProfileContent {
  const { id: _id, '@odata.type': _type, ...content } = write;
  return content;
}

export function createProfile(hc: HandlerContext): GraphResponse {
  const write = parseProfileWrite(requireJsonBody(hc.request.headers['content-type'], hc.request.body));
  if (write.id !== undefined) {
    throw invalidRequest(
      "'id' is assigned by the service when a profile is created: remove it from the body.",
      'id',
    );
  }
  checkExpirationDate(write.expirationDate, hc.now);
  const written = contentOf(write);
  const content: ProfileContent = {
    ...written,
    dataProvider: {
      ...written.dataProvider,
      customizations: filledCustomizations(written.dataProvider.customizations),
    },
  };
  const profile: StoredProfile = {
    id: randomUUID(),
    tenantId: hc.caller.tenantId,
    createdAt: hc.now,
    content,
    // PowerSchool and OneRoster profiles sync by themselves; CSV profiles wait for uploaded files and start.
    timeline: lifecycle.newTimeline(hc.now, providerKindOf(content.dataProvider) !== 'csv'),
    errors: [],
    upload: { requestedAt: null, verification: 'clean' },
  };
  hc.graph.store.add(profile);
  // The create page's text says 202 Accepted; its example response shows 201 Created
  // (graph-sds-api.md §2.3). We follow the text: creation is asynchronous (state provisioning).
  return {
    status: 202,
    headers: { Location: `${collectionUrl(hc)}/${profile.id}` },
    body: { '@odata.context': entityContext(hc), ...renderProfile(profile, hc.now, 'created') },
  };
}

/**
 * Provider secrets are write-only, so a client that read a profile cannot send them back:
 * an update that leaves a secret out keeps the stored one (same provider and settings type).
 */
function keepSecrets(stored: ProfileContent, next: ProfileContent): ProfileContent {
  const before = stored.dataProvider;
  const after = next.dataProvider;
  if (before['@odata.type'] !== after['@odata.type']) return next;
  if (
    before['@odata.type'] === '#microsoft.graph.educationPowerSchoolDataProvider' &&
    after['@odata.type'] === '#microsoft.graph.educationPowerSchoolDataProvider' &&
    after.clientSecret == null
  ) {
    return { ...next, dataProvider: { ...after, clientSecret: before.clientSecret } };
  }
  if (
    before['@odata.type'] === '#microsoft.graph.educationOneRosterApiDataProvider' &&
    after['@odata.type'] === '#microsoft.graph.educationOneRosterApiDataProvider' &&
    before.connectionSettings['@odata.type'] === after.connectionSettings['@odata.type'] &&
    after.connectionSettings.clientSecret == null
  ) {
    return {
      ...next,
      dataProvider: {
        ...after,
        connectionSettings: {
          ...after.connectionSettings,
          clientSecret: before.connectionSettings.clientSecret,
        },
      },
    };
  }
  return next;
}

function rejectWhileDeleting(profile: StoredProfile, now: number): void {
  if (lifecycle.snapshot(profile.timeline, now).state === 'deleting') {
    throw conflict(
      `The synchronization profile '${profile.id}' is being deleted and can no longer be changed.`,
    );
  }
}

/**
 * PUT keeps the customizations of entities the body leaves out: the update page's example request
 * names only `student`, and its answer still carries all six (seeds/004). An entity sent as null
 * loses its customization; `customizations: null` clears them all.
 */
function mergeCustomizations(stored: ProfileContent, next: ProfileContent): ProfileContent {
  if (stored.dataProvider['@odata.type'] !== next.dataProvider['@odata.type']) return next;
  const given = next.dataProvider.customizations;
  if (given === null) return next;
  const kept = stored.dataProvider.customizations;
  const merged: Customizations = { ...kept, ...given };
  for (const entity of syncEntities) {
    if (merged[entity] === null) delete merged[entity];
  }
  return { ...next, dataProvider: { ...next.dataProvider, customizations: merged } } as ProfileContent;
}

/** Every update form ends here: the profile provisions again with its new content. */
function applyUpdate(profile: StoredProfile, write: ProfileWrite, now: number): void {
  rejectWhileDeleting(profile, now);
  checkExpirationDate(write.expirationDate, profile.createdAt);
  const content = keepSecrets(profile.content, contentOf(write));
  const wasCsv = providerKindOf(profile.content.dataProvider) === 'csv';
  const isCsv = providerKindOf(content.dataProvider) === 'csv';
  // A CSV profile keeps syncing after an update only if it had been started before.
  const syncEnabled = isCsv ? wasCsv && profile.timeline.syncEnabled : true;
  transition(profile, now, (t, at) => lifecycle.reprovision(t, at, syncEnabled));
  if (wasCsv !== isCsv) profile.upload = { requestedAt: null, verification: 'clean' };
  profile.content = content;
}

/**
 * Both PUT forms: 202 and the profile as the update page's example prints it, which has no
 * `@odata.context` and the data provider's type with `#` (seeds/004).
 */
function replaceWith(hc: HandlerContext, profile: StoredProfile, write: ProfileWrite): GraphResponse {
  const merged = mergeCustomizations(profile.content, contentOf(write));
  applyUpdate(profile, { ...write, ...merged }, hc.now);
  return { status: 202, body: renderProfile(profile, hc.now, 'updated') };
}

function checkBodyId(write: Partial<ProfileWrite>, profile: StoredProfile): void {
  if (write.id !== undefined && write.id.toLowerCase() !== profile.id.toLowerCase()) {
    throw invalidRequest(
      `'id' in the body (${write.id}) differs from the profile id in the URL (${profile.id}).`,
      'id',
    );
  }
}

const HOW_TO_NAME = "put the profile's 'id' in the body, or use PUT /education/synchronizationProfiles/{id}";

/**
 * Which profile `PUT /education/synchronizationProfiles` updates (docs/decisions/022): the one
 * whose id the body carries; without an id, the one profile whose displayName is exactly the
 * body's (the update page's example sends no id). None or several: 400 saying how to name it.
 */
function profileNamedBy(hc: HandlerContext, body: Record<string, unknown>): StoredProfile {
  const { id, displayName } = body;
  if (id !== undefined && id !== null) {
    if (typeof id !== 'string' || id.trim() === '') {
      throw invalidRequest("'id' must be the id of a synchronization profile, as a string.", 'id');
    }
    const profile = hc.graph.store.get(hc.caller.tenantId, id, hc.now);
    if (!profile) {
      throw invalidRequest(`'id' ${id} does not match any synchronization profile in this tenant.`, 'id');
    }
    return profile;
  }
  if (typeof displayName !== 'string') {
    throw invalidRequest(`The body names no profile: ${HOW_TO_NAME}.`, 'id');
  }
  const named = hc.graph.store
    .list(hc.caller.tenantId, hc.now)
    .filter((p) => p.content.displayName === displayName);
  if (named.length === 1) return named[0]!;
  throw invalidRequest(
    named.length === 0
      ? `No synchronization profile in this tenant is named '${displayName}' (names must match exactly): ${HOW_TO_NAME}.`
      : `${named.length} synchronization profiles in this tenant are named '${displayName}': ${HOW_TO_NAME}.`,
    'id',
  );
}

/** `PUT /education/synchronizationProfiles`, the documented form (§2.4, seeds/004). */
export function updateProfileInCollection(hc: HandlerContext): GraphResponse {
  const body = requireJsonBody(hc.request.headers['content-type'], hc.request.body);
  const profile = profileNamedBy(hc, body);
  const write = parseProfileWrite(body, profile.content);
  return replaceWith(hc, profile, write);
}

/** `PUT /education/synchronizationProfiles/{id}`: replaces the profile's content. */
export function replaceProfile(hc: HandlerContext): GraphResponse {
  const profile = findProfile(hc);
  const write = parseProfileWrite(
    requireJsonBody(hc.request.headers['content-type'], hc.request.body),
    profile.content,
  );
  checkBodyId(write, profile);
  return replaceWith(hc, profile, write);
}

/**
 * `PATCH /education/synchronizationProfiles/{id}`: top-level members given replace the stored
 * ones. OData answers an update with 200 and the entity, or 204 when the client asks for
 * `Prefer: return=minimal` (OData 4.01 §11.4.3, §8.2.8.7).
 */
export function patchProfile(hc: HandlerContext): GraphResponse {
  const profile = findProfile(hc);
  const patch = parseProfilePatch(
    requireJsonBody(hc.request.headers['content-type'], hc.request.body),
    profile.content,
  );
  checkBodyId(patch, profile);
  const { id: _id, '@odata.type': _type, ...changes } = patch;
  // The merged profile must still be a complete, valid profile.
  const merged = parseProfileWrite(
    { ...profile.content, ...changes } as Record<string, unknown>,
    profile.content,
  );
  applyUpdate(profile, merged, hc.now);
  if (/(^|[,;\s])return=minimal\b/i.test(hc.request.headers.prefer ?? '')) {
    return { status: 204, headers: { 'Preference-Applied': 'return=minimal' } };
  }
  return {
    status: 200,
    body: { '@odata.context': entityContext(hc), ...renderProfile(profile, hc.now, 'read') },
  };
}

export function deleteProfile(hc: HandlerContext): GraphResponse {
  const profile = findProfile(hc);
  transition(profile, hc.now, lifecycle.markDeleting);
  // 202 and no body: deletion is asynchronous (state `deleting`, then gone).
  return { status: 202 };
}
