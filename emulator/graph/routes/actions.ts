/**
 * Actions on a profile: pause, resume, reset, start, and the uploadUrl function
 * (graph-sds-api.md §2.6–§2.10).
 */
import { createHmac } from 'node:crypto';
import { providerKindOf } from '../../../contracts/graph';
import { conflict, invalidRequest } from '../errors';
import * as lifecycle from '../lifecycle';
import type { GraphResponse, HandlerContext } from '../request';
import { transition, type StoredProfile } from '../store';
import {
  hasErrors,
  missingFilesMessages,
  verificationMessages,
  type VerificationMessage,
} from '../verification';
import { findProfile } from './profiles';

const providerNames = { csv: 'CSV', powerSchool: 'PowerSchool', oneRoster: 'OneRoster' } as const;

/** Actions need a provisioned profile; the start page documents a 400 otherwise. */
function requireProvisioned(profile: StoredProfile, now: number, action: string): void {
  const { state } = lifecycle.snapshot(profile.timeline, now);
  if (state === 'deleting') {
    throw conflict(
      `The synchronization profile '${profile.id}' is being deleted: ${action} is no longer possible.`,
    );
  }
  if (state !== 'provisioned') {
    throw invalidRequest(
      `The synchronization profile '${profile.id}' is in state '${state}': ${action} needs it to be 'provisioned'. Poll the profile and try again once it is.`,
    );
  }
}

function requireCsv(profile: StoredProfile, operation: string): void {
  const kind = providerKindOf(profile.content.dataProvider);
  if (kind !== 'csv') {
    throw invalidRequest(
      `${operation} is only available for profiles with a CSV data provider; this profile uses ${providerNames[kind]}.`,
    );
  }
}

/** The files from the last upload are being processed until this instant. */
function processingUntil(profile: StoredProfile): number | null {
  return profile.upload.requestedAt === null
    ? null
    : profile.upload.requestedAt + lifecycle.UPLOAD_PROCESSING_SECONDS * 1000;
}

function rejectWhileProcessing(profile: StoredProfile, now: number, what: string): void {
  const until = processingUntil(profile);
  if (until !== null && now < until) {
    throw conflict(
      `${what} is blocked: the previous upload for this profile is still being processed. Try again in ${Math.ceil((until - now) / 1000)} seconds.`,
    );
  }
}

/** 200 with no body, as the pause, resume and reset pages document. */
const done: GraphResponse = { status: 200 };

export function pauseProfile(hc: HandlerContext): GraphResponse {
  const profile = findProfile(hc);
  requireProvisioned(profile, hc.now, 'pause');
  transition(profile, hc.now, lifecycle.pause);
  return done;
}

export function resumeProfile(hc: HandlerContext): GraphResponse {
  const profile = findProfile(hc);
  requireProvisioned(profile, hc.now, 'resume');
  transition(profile, hc.now, lifecycle.resume);
  return done;
}

/** Restarts synchronization and deletes every recorded error (nothing is removed from the directory). */
export function resetProfile(hc: HandlerContext): GraphResponse {
  const profile = findProfile(hc);
  requireProvisioned(profile, hc.now, 'reset');
  transition(profile, hc.now, lifecycle.reset);
  profile.errors = [];
  return done;
}

function messagesBody(hc: HandlerContext, messages: VerificationMessage[]) {
  return {
    // The documented context names the type oddly (graph-sds-api.md §2.9); kept as documented.
    '@odata.context': `${hc.baseUrl}/$metadata#education/Collection(microsoft.graph.verificationMessage)`,
    value: messages,
  };
}

/**
 * Verifies the uploaded files: any error and sync does not start (status validationError);
 * warnings only and it starts. Either way the answer is 200 and the collection of messages, as
 * the start page's example shows (`HTTP/1.1 200 OK` with `"type": "Error"` messages): a 400
 * would reach SDK clients as an exception without the messages (issue 11 §3).
 */
export function startProfile(hc: HandlerContext): GraphResponse {
  const profile = findProfile(hc);
  requireCsv(profile, 'start');
  requireProvisioned(profile, hc.now, 'start');
  rejectWhileProcessing(profile, hc.now, 'start');
  const messages =
    profile.upload.requestedAt === null
      ? missingFilesMessages()
      : verificationMessages(profile.upload.verification);
  if (!hasErrors(messages)) transition(profile, hc.now, lifecycle.start);
  else if (profile.upload.requestedAt !== null) transition(profile, hc.now, lifecycle.failVerification);
  return { status: 200, body: messagesBody(hc, messages) };
}

function sasTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * A write-only, container-scoped SAS URL valid for an hour, shaped like the documented example
 * (container = profile id, `sr=c`, `sp=w`). Files "uploaded" there count once processing is over.
 */
export function uploadUrl(hc: HandlerContext): GraphResponse {
  const profile = findProfile(hc);
  requireCsv(profile, 'uploadUrl');
  requireProvisioned(profile, hc.now, 'uploadUrl');
  rejectWhileProcessing(profile, hc.now, 'A new upload');
  profile.upload = { ...profile.upload, requestedAt: hc.now };
  const expiry = new Date(hc.now + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const signature = createHmac('sha256', hc.graph.uploadSigningKey)
    .update(`${profile.id}\n${expiry}`)
    .digest('base64');
  const query = new URLSearchParams({
    sv: '2015-07-08',
    sr: 'c',
    si: `SharedAccessPolicy_${sasTimestamp(hc.now)}`,
    sig: signature,
    se: expiry,
    sp: 'w',
  });
  // The documented example's status line says "201 OK"; its text says 200, which we send.
  return {
    status: 200,
    body: {
      '@odata.context': `${hc.baseUrl}/$metadata#String`,
      value: `https://sdsstorage.blob.core.windows.net/${profile.id}?${query.toString()}`,
    },
  };
}
