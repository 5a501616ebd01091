/**
 * The profile collection and its items: list, get, create, the three update forms, delete
 * (graph-sds-api.md §2.1–§2.5, §2.13).
 */
import { randomUUID } from 'node:crypto';
import { profileStates, providerKindOf, type ProfileWrite } from '../../../contracts/graph';
import { conflict, invalidRequest, notFound } from '../errors';
import * as lifecycle from '../lifecycle';
import { nextLink, page, parseQuery, type QueryRules } from '../odata';
import { profileProperties, renderProfile, type ProfileProperty } from '../representation';
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
  const content = contentOf(write);
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

/** Every update form ends here: 202 and the whole profile, provisioning again. */
function applyUpdate(hc: HandlerContext, profile: StoredProfile, write: ProfileWrite): GraphResponse {
  rejectWhileDeleting(profile, hc.now);
  checkExpirationDate(write.expirationDate, profile.createdAt);
  const content = keepSecrets(profile.content, contentOf(write));
  const wasCsv = providerKindOf(profile.content.dataProvider) === 'csv';
  const isCsv = providerKindOf(content.dataProvider) === 'csv';
  // A CSV profile keeps syncing after an update only if it had been started before.
  const syncEnabled = isCsv ? wasCsv && profile.timeline.syncEnabled : true;
  transition(profile, hc.now, (t, now) => lifecycle.reprovision(t, now, syncEnabled));
  if (wasCsv !== isCsv) profile.upload = { requestedAt: null, verification: 'clean' };
  profile.content = content;
  return {
    status: 202,
    body: { '@odata.context': entityContext(hc), ...renderProfile(profile, hc.now, 'read') },
  };
}

function checkBodyId(write: Partial<ProfileWrite>, profile: StoredProfile): void {
  if (write.id !== undefined && write.id.toLowerCase() !== profile.id.toLowerCase()) {
    throw invalidRequest(
      `'id' in the body (${write.id}) differs from the profile id in the URL (${profile.id}).`,
      'id',
    );
  }
}

/** `PUT /education/synchronizationProfiles`, the documented form: the id travels in the body. */
export function updateProfileById(hc: HandlerContext): GraphResponse {
  const write = parseProfileWrite(requireJsonBody(hc.request.headers['content-type'], hc.request.body));
  if (write.id === undefined || write.id.trim() === '') {
    throw invalidRequest(
      "'id' is required: PUT /education/synchronizationProfiles identifies the profile by the id in the body.",
      'id',
    );
  }
  const profile = hc.graph.store.get(hc.caller.tenantId, write.id, hc.now);
  if (!profile) {
    throw invalidRequest(`'id' ${write.id} does not match any synchronization profile in this tenant.`, 'id');
  }
  return applyUpdate(hc, profile, write);
}

/** `PUT /education/synchronizationProfiles/{id}`: replaces the profile's content. */
export function replaceProfile(hc: HandlerContext): GraphResponse {
  const profile = findProfile(hc);
  const write = parseProfileWrite(requireJsonBody(hc.request.headers['content-type'], hc.request.body));
  checkBodyId(write, profile);
  return applyUpdate(hc, profile, write);
}

/** `PATCH /education/synchronizationProfiles/{id}`: top-level members given replace the stored ones. */
export function patchProfile(hc: HandlerContext): GraphResponse {
  const profile = findProfile(hc);
  const patch = parseProfilePatch(requireJsonBody(hc.request.headers['content-type'], hc.request.body));
  checkBodyId(patch, profile);
  const { id: _id, '@odata.type': _type, ...changes } = patch;
  // The merged profile must still be a complete, valid profile.
  const merged = parseProfileWrite({ ...profile.content, ...changes } as Record<string, unknown>);
  return applyUpdate(hc, profile, merged);
}

export function deleteProfile(hc: HandlerContext): GraphResponse {
  const profile = findProfile(hc);
  transition(profile, hc.now, lifecycle.markDeleting);
  // 202 and no body: deletion is asynchronous (state `deleting`, then gone).
  return { status: 202 };
}
