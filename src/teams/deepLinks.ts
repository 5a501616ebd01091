/**
 * The deep link to a profile from where the tab runs: a channel tab links to itself (colleagues
 * in the team open it there), the personal app to the personal app. Format: contracts/deepLink.ts.
 */
import { profileDeepLink, type DeepLinkPlace } from '../../contracts/deepLink';
import type { HostInfo } from './hostInfo';

/** The personal tab's entityId (appPackage/manifest.json `staticTabs`). */
const PERSONAL_TAB_ENTITY_ID = 'dashboard';

/** Null when Teams did not say which app this is (no `app.appId` in the context). */
export function profileLinkFor(
  host: Pick<HostInfo, 'appId' | 'pageId' | 'channelId'>,
  profileId: string,
  label: string,
): string | null {
  if (!host.appId) return null;
  const place: DeepLinkPlace =
    host.channelId && host.pageId
      ? { kind: 'channel', appId: host.appId, entityId: host.pageId, channelId: host.channelId }
      : { kind: 'personal', appId: host.appId, entityId: PERSONAL_TAB_ENTITY_ID };
  return profileDeepLink(place, profileId, { label });
}
