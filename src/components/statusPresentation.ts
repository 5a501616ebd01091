/**
 * How a sync status and a profile state look: words, a colour and an icon, never colour alone.
 */
import type { ProfileSummary } from '../../contracts/api';
import type { ProfileState, SyncStatus } from '../../contracts/graph';

export type BadgeColor = 'success' | 'danger' | 'warning' | 'informative' | 'brand' | 'subtle' | 'severe';
export type BadgeIcon =
  'success' | 'error' | 'warning' | 'paused' | 'running' | 'quarantined' | 'unknown' | 'provisioned';
export type BadgePresentation = { label: string; color: BadgeColor; icon: BadgeIcon };

export function syncStatusPresentation(status: SyncStatus): BadgePresentation {
  switch (status) {
    case 'success':
      return { label: 'Synced', color: 'success', icon: 'success' };
    case 'inProgress':
      return { label: 'In progress', color: 'brand', icon: 'running' };
    case 'extracting':
      return { label: 'Extracting', color: 'brand', icon: 'running' };
    case 'validating':
      return { label: 'Validating', color: 'brand', icon: 'running' };
    case 'paused':
      return { label: 'Paused', color: 'warning', icon: 'paused' };
    case 'error':
      return { label: 'Error', color: 'danger', icon: 'error' };
    case 'validationError':
      return { label: 'Validation error', color: 'danger', icon: 'error' };
    case 'quarantined':
      return { label: 'Quarantined', color: 'danger', icon: 'quarantined' };
    default:
      return { label: 'Unknown status', color: 'subtle', icon: 'unknown' };
  }
}

export function statusUnavailablePresentation(): BadgePresentation {
  return { label: 'Status unavailable', color: 'warning', icon: 'warning' };
}

export function profileStatePresentation(state: ProfileState): BadgePresentation {
  switch (state) {
    case 'provisioned':
      return { label: 'Provisioned', color: 'success', icon: 'provisioned' };
    case 'provisioning':
      return { label: 'Provisioning', color: 'brand', icon: 'running' };
    case 'provisioningFailed':
      return { label: 'Provisioning failed', color: 'danger', icon: 'error' };
    case 'deleting':
      return { label: 'Deleting', color: 'warning', icon: 'running' };
    case 'deletionFailed':
      return { label: 'Deletion failed', color: 'danger', icon: 'error' };
    default:
      return { label: 'Unknown state', color: 'subtle', icon: 'unknown' };
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

export const providerNames: Record<ProfileSummary['provider'], string> = {
  csv: 'CSV',
  powerSchool: 'PowerSchool',
  oneRoster: 'OneRoster',
};
