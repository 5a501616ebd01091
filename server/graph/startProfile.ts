import { GraphError, ResponseType } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import { verificationMessageSchema, type VerificationMessage } from '../../contracts/graph';
import type { GraphApi } from './client';
import { callGraph, graphProblem, unreadableGraphAnswer } from './errors';
import { profilePath } from './paths';

const messagesSchema = z.object({ value: z.array(verificationMessageSchema) });

/**
 * POST /education/synchronizationProfiles/{id}/start (CSV profiles only). Graph verifies the
 * uploaded files first: errors stop the sync, warnings alone do not. The page's example answers
 * 200 with the messages, errors included; its text says 400 "if unsuccessful" (graph-sds-api.md
 * §2.9), so a 400 that carries the messages is read the same way.
 */
export async function startProfile(
  graph: GraphApi,
  id: string,
): Promise<{ verified: boolean; messages: VerificationMessage[] }> {
  const response = await callGraph('write', () =>
    graph
      .request(`${profilePath(id)}/start`)
      .responseType(ResponseType.RAW)
      .post(undefined),
  );
  const raw = response as Response;
  const text = await raw.text();
  const json: unknown = text ? JSON.parse(text) : { value: [] };

  if (raw.ok || raw.status === 400) {
    const messages = messagesSchema.safeParse(json);
    if (messages.success) {
      const hasErrors = messages.data.value.some((m) => (m.type ?? '').toLowerCase() === 'error');
      return { verified: raw.ok && !hasErrors, messages: messages.data.value };
    }
    if (raw.ok) throw unreadableGraphAnswer('start results', messages.error.issues[0]!.message);
  }
  // Any other answer is a Graph error like every other call's; rebuild it so it is mapped the same way.
  const error = new GraphError(raw.status);
  const body =
    json && typeof json === 'object' && 'error' in json ? (json as { error: unknown }).error : json;
  error.body = JSON.stringify(body);
  error.headers = raw.headers;
  error.requestId = raw.headers.get('request-id');
  throw graphProblem(error, 'write');
}
