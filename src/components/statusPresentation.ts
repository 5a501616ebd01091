/**
 * How a sync status and a profile state look: words, a colour and an icon, never colour alone.
 */
import type { ProfileSummary } from '../../contracts/api';
import type { ProfileState, SyncStatus } from '../../contracts/graph';
import type en from '../i18n/locales/en/common.json';

/** A badge's words: a key of the common catalogue (src/i18n/locales/<language>/common.json). */
type LabelKey = keyof typeof en & (`sync_${string}` | `state_${string}` | 'statusUnavailable');

export type BadgeColor = 'success' | 'danger' | 'warning' | 'informative' | 'brand' | 'subtle' | 'severe';
export type BadgeIcon =
  'success' | 'error' | 'warning' | 'paused' | 'running' | 'quarantined' | 'unknown' | 'provisioned';
export type BadgePresentation = { label: LabelKey; color: BadgeColor; icon: BadgeIcon };

export function syncStatusPresentation(status: SyncStatus): BadgePresentation {
  switch (status) {
    case 'success':
      return { label: 'sync_success', color: 'success', icon: 'success' };
    case 'inProgress':
      return { label: 'sync_inProgress', color: 'brand', icon: 'running' };
    case 'extracting':
      return { label: 'sync_extracting', color: 'brand', icon: 'running' };
    case 'validating':
      return { label: 'sync_validating', color: 'brand', icon: 'running' };
    case 'paused':
      return { label: 'sync_paused', color: 'warning', icon: 'paused' };
    case 'error':
      return { label: 'sync_error', color: 'danger', icon: 'error' };
    case 'validationError':
      return { label: 'sync_validationError', color: 'danger', icon: 'error' };
    case 'quarantined':
      return { label: 'sync_quarantined', color: 'danger', icon: 'quarantined' };
    default:
      return { label: 'sync_unknown', color: 'subtle', icon: 'unknown' };
  }
}

export function statusUnavailablePresentation(): BadgePresentation {
  return { label: 'statusUnavailable', color: 'warning', icon: 'warning' };
}

export function profileStatePresentation(state: ProfileState): BadgePresentation {
  switch (state) {
    case 'provisioned':
      return { label: 'state_provisioned', color: 'success', icon: 'provisioned' };
    case 'provisioning':
      return { label: 'state_provisioning', color: 'brand', icon: 'running' };
    case 'provisioningFailed':
      return { label: 'state_provisioningFailed', color: 'danger', icon: 'error' };
    case 'deleting':
      return { label: 'state_deleting', color: 'warning', icon: 'running' };
    case 'deletionFailed':
      return { label: 'state_deletionFailed', color: 'danger', icon: 'error' };
    default:
      return { label: 'state_unknown', color: 'subtle', icon: 'unknown' };
  }
}

export function summaryStatusPresentation(summary: Pick<ProfileSummary, 'status'>): BadgePresentation {
  return summary.status ? syncStatusPresentation(summary.status.status) : statusUnavailablePresentation();
}

/** How urgently a profile needs the admin: problems first, then anything moving, then the healthy. */
export const attentionLevels = ['problem', 'active', 'healthy'] as const;
export type Attention = (typeof attentionLevels)[number];

export function attentionOf(summary: ProfileSummary): Attention {
  if (summary.state === 'provisioningFailed' || summary.state === 'deletionFailed') return 'problem';
  if (summary.status === null || summary.statusProblem) return 'problem';
  switch (summary.status.status) {
    case 'error':
    case 'validationError':
    case 'quarantined':
      return 'problem';
    case 'success':
      return summary.state === 'provisioned' ? 'healthy' : 'active';
    default:
      // paused, inProgress, extracting, validating, and values this tab does not know yet.
      return 'active';
  }
}

/** Product names: the same in every language. */
export const providerNames: Record<ProfileSummary['provider'], string> = {
  csv: 'CSV',
  powerSchool: 'PowerSchool',
  oneRoster: 'OneRoster',
};
