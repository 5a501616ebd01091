/**
 * One activity-feed notification to the members of the channel where a tab is pinned
 * (`POST /teams/{teamId}/sendActivityNotification`, channelMembersNotificationRecipient), with an
 * activity type from the manifest's `activities` and a topic that deep-links to the profile in that
 * tab. https://learn.microsoft.com/graph/api/team-sendactivitynotification
 */
import type { GraphApi } from '../graph/client';
import { callGraph } from '../graph/errors';

export type AlertNotice = {
  kind: 'failed' | 'errors' | 'stale' | 'recovered';
  profileName: string;
  detail: string;
  /** Replaces an earlier notification with the same chain id: a retried send never shows twice. */
  chainId: number;
};

/** Teams shows the first 150 characters of the preview. */
const PREVIEW_LIMIT = 150;

function previewOf(notice: AlertNotice): string {
  const text =
    notice.kind === 'recovered'
      ? `${notice.profileName} is back to healthy: ${notice.detail}.`
      : `${notice.profileName}: ${notice.detail}. Open SDS Profiles to see what went wrong.`;
  return text.length > PREVIEW_LIMIT ? `${text.slice(0, PREVIEW_LIMIT - 1)}…` : text;
}

export async function sendAlert(
  graph: GraphApi,
  target: { teamId: string; channelId: string; webUrl: string },
  notice: AlertNotice,
): Promise<void> {
  const recovered = notice.kind === 'recovered';
  const body = {
    topic: { source: 'text', value: notice.profileName, webUrl: target.webUrl },
    activityType: recovered ? 'syncRecovered' : 'syncBroken',
    chainId: notice.chainId,
    previewText: { content: previewOf(notice) },
    recipient: {
      '@odata.type': 'microsoft.graph.channelMembersNotificationRecipient',
      teamId: target.teamId,
      channelId: target.channelId,
    },
    templateParameters: recovered
      ? [{ name: 'profileName', value: notice.profileName }]
      : [
          { name: 'profileName', value: notice.profileName },
          { name: 'problem', value: notice.detail },
        ],
  };
  await callGraph('write', () =>
    graph.request(`/teams/${encodeURIComponent(target.teamId)}/sendActivityNotification`).post(body),
  );
}
