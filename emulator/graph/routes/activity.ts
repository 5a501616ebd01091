/**
 * `POST /teams/{teamId}/sendActivityNotification`: an activity-feed notification in the scope of a
 * team, validated as Graph does it (https://learn.microsoft.com/graph/api/team-sendactivitynotification):
 * the activity type is declared in the uploaded app manifest (or is `systemDefault`), its template
 * parameters fill exactly the template's placeholders, the topic is a Graph URL (`entityUrl`) or
 * text with a `webUrl` that must be a Teams deep link, the recipient is a member set of this team,
 * and our app is installed in the team (the emulated team always has it, so that is not checked).
 * 204 on success; the notification lands in the feed that the Teams host's Activity rail shows.
 */
import { z } from 'zod';
import { GRAPH_RESOURCE } from '../../../contracts/graph';
import { declaredActivityTypes, templatePlaceholders } from '../../appManifest';
import { personas } from '../../directory';
import { teamFor } from '../../teams-host/protocol';
import { badRequest, GraphHttpError } from '../errors';
import type { GraphResponse, HandlerContext } from '../request';
import { requireJsonBody } from '../validation';

/** Teams shows the first 150 characters of the preview text; Graph refuses far longer ones. */
const MAX_PREVIEW_TEXT = 4000;
const MAX_WEB_URL = 1024;
const SYSTEM_DEFAULT = 'systemDefault';

const keyValuePair = z.strictObject({ name: z.string().min(1), value: z.string() });

const recipientSchema = z.discriminatedUnion('@odata.type', [
  z.strictObject({
    '@odata.type': z.literal('microsoft.graph.channelMembersNotificationRecipient'),
    teamId: z.string().min(1),
    channelId: z.string().min(1),
  }),
  z.strictObject({
    '@odata.type': z.literal('microsoft.graph.teamMembersNotificationRecipient'),
    teamId: z.string().min(1),
  }),
  z.strictObject({
    '@odata.type': z.literal('microsoft.graph.aadUserNotificationRecipient'),
    userId: z.string().min(1),
  }),
]);

const bodySchema = z.strictObject({
  topic: z.strictObject({
    source: z.enum(['entityUrl', 'text']),
    value: z.string().min(1),
    webUrl: z.string().min(1).max(MAX_WEB_URL).optional(),
  }),
  activityType: z.string().min(1),
  chainId: z.number().int().nonnegative().optional(),
  previewText: z.strictObject({
    content: z.string().max(MAX_PREVIEW_TEXT),
    contentType: z.enum(['text']).optional(),
  }),
  recipient: recipientSchema,
  templateParameters: z.array(keyValuePair).max(20).optional(),
  teamsAppId: z.string().optional(),
  iconId: z.string().optional(),
});

/** `@odata.type` may be written with or without the leading `#`, as everywhere in Graph. */
function normalizedBody(raw: Record<string, unknown>): Record<string, unknown> {
  const recipient = raw.recipient;
  if (recipient && typeof recipient === 'object' && !Array.isArray(recipient)) {
    const type = (recipient as Record<string, unknown>)['@odata.type'];
    if (typeof type === 'string') {
      return { ...raw, recipient: { ...recipient, '@odata.type': type.replace(/^#/, '') } };
    }
  }
  return raw;
}

function parseBody(hc: HandlerContext): z.infer<typeof bodySchema> {
  const raw = normalizedBody(requireJsonBody(hc.request.headers['content-type'], hc.request.body));
  const result = bodySchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const target = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    throw badRequest(
      `The property '${issue.keys[0]}' does not exist on the sendActivityNotification parameters${target ? ` (in '${target}')` : ''}.`,
      issue.keys[0],
    );
  }
  throw badRequest(`Invalid value for '${target || 'body'}': ${issue.message}.`, target || undefined);
}

function isTeamsDeepLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === 'https:' &&
      parsed.hostname === 'teams.microsoft.com' &&
      parsed.pathname.startsWith('/l/')
    );
  } catch {
    return false;
  }
}

export function sendActivityNotification(hc: HandlerContext): GraphResponse {
  const { caller, params, graph } = hc;
  const team = teamFor(caller.tenantId);
  if (team.tenantId !== caller.tenantId || team.groupId.toLowerCase() !== params.teamId!.toLowerCase()) {
    throw new GraphHttpError(404, 'NotFound', `No team found with Group Id ${params.teamId}.`);
  }
  const body = parseBody(hc);

  const declared = declaredActivityTypes();
  const activity = declared.find((a) => a.type === body.activityType);
  if (!activity && body.activityType !== SYSTEM_DEFAULT) {
    throw badRequest(
      `Activity type '${body.activityType}' is not declared in the app manifest. Declared: ${[...declared.map((a) => a.type), SYSTEM_DEFAULT].join(', ')}.`,
      'activityType',
    );
  }
  const parameters = body.templateParameters ?? [];
  const given = parameters.map((p) => p.name);
  const duplicate = given.find((name, i) => given.indexOf(name) !== i);
  if (duplicate)
    throw badRequest(`Template parameter '${duplicate}' is given more than once.`, 'templateParameters');
  let text: string;
  if (activity) {
    // {actor} is filled by Teams (the app itself for app-only calls), never by the caller.
    const expected = templatePlaceholders(activity.templateText).filter((p) => p !== 'actor');
    const missing = expected.filter((p) => !given.includes(p));
    const unknown = given.filter((p) => !expected.includes(p));
    if (missing.length > 0 || unknown.length > 0) {
      throw badRequest(
        `Template parameters do not match activity type '${activity.type}' ("${activity.templateText}"):${missing.length > 0 ? ` missing ${missing.join(', ')}` : ''}${unknown.length > 0 ? ` not in the template: ${unknown.join(', ')}` : ''}.`,
        'templateParameters',
      );
    }
    const values = new Map(parameters.map((p) => [p.name, p.value]));
    text = activity.templateText.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) =>
      name === 'actor' ? 'SDS Profiles' : (values.get(name) ?? whole),
    );
  } else {
    const systemText = parameters.find((p) => p.name === 'systemDefaultText');
    if (!systemText || parameters.length !== 1) {
      throw badRequest(
        "The systemDefault activity type takes exactly one template parameter, 'systemDefaultText'.",
        'templateParameters',
      );
    }
    text = systemText.value;
  }

  const { topic } = body;
  if (topic.source === 'entityUrl') {
    if (!topic.value.toLowerCase().startsWith(`${GRAPH_RESOURCE}/`)) {
      throw badRequest(
        `Topic value '${topic.value}' must be a Microsoft Graph URL when the source is entityUrl.`,
        'topic.value',
      );
    }
  } else if (topic.webUrl === undefined) {
    throw badRequest('Topic webUrl is required when the topic source is text.', 'topic.webUrl');
  }
  if (topic.webUrl !== undefined && !isTeamsDeepLink(topic.webUrl)) {
    throw badRequest(
      `Topic webUrl '${topic.webUrl}' must be a Teams deep link (https://teams.microsoft.com/l/...).`,
      'topic.webUrl',
    );
  }

  const members = personas.filter((p) => p.tenantId === team.tenantId).map((p) => p.key);
  const { recipient } = body;
  let recipients: string[];
  let channelId = '';
  switch (recipient['@odata.type']) {
    case 'microsoft.graph.channelMembersNotificationRecipient':
      if (recipient.teamId.toLowerCase() !== team.groupId.toLowerCase()) {
        throw badRequest(
          `Recipient teamId '${recipient.teamId}' must be the team of the request path.`,
          'recipient.teamId',
        );
      }
      if (recipient.channelId !== team.channelId) {
        throw new GraphHttpError(
          404,
          'NotFound',
          `Channel '${recipient.channelId}' was not found in team ${team.groupId}.`,
          {
            target: 'recipient.channelId',
          },
        );
      }
      channelId = recipient.channelId;
      recipients = members;
      break;
    case 'microsoft.graph.teamMembersNotificationRecipient':
      if (recipient.teamId.toLowerCase() !== team.groupId.toLowerCase()) {
        throw badRequest(
          `Recipient teamId '${recipient.teamId}' must be the team of the request path.`,
          'recipient.teamId',
        );
      }
      recipients = members;
      break;
    default: {
      const user = personas.find(
        (p) => p.objectId === recipient.userId.toLowerCase() && p.tenantId === team.tenantId,
      );
      if (!user) {
        throw new GraphHttpError(
          404,
          'NotFound',
          `User '${recipient.userId}' is not a member of team ${team.groupId}.`,
          {
            target: 'recipient.userId',
          },
        );
      }
      recipients = [user.key];
    }
  }

  graph.activity.add({
    sentAt: new Date(hc.now).toISOString(),
    tenantId: caller.tenantId,
    teamId: team.groupId,
    channelId,
    activityType: body.activityType,
    text,
    previewText: body.previewText.content,
    topic,
    templateParameters: parameters,
    ...(body.chainId !== undefined ? { chainId: body.chainId } : {}),
    ...(caller.clientId ? { senderClientId: caller.clientId } : {}),
    recipients,
  });
  return { status: 204 };
}
