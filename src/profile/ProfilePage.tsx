import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Title3,
} from '@fluentui/react-components';
import { ArrowLeft20Regular } from '@fluentui/react-icons/svg/arrow-left';
import { ArrowClockwise20Regular } from '@fluentui/react-icons/svg/arrow-clockwise';
import { Dismiss20Regular } from '@fluentui/react-icons/svg/dismiss';
import { DocumentDismiss48Regular } from '@fluentui/react-icons/svg/document-dismiss';
import { lazy, Suspense, useEffect, useState } from 'react';
import type { ActionResult, Me, ProfileUpdate } from '../../contracts/api';
import { ConsentCard } from '../consent/ConsentCard';
import { EmptyState, LoadingState } from '../components/EmptyState';
import { ProblemBar } from '../components/ProblemBar';
import { ReadOnlyBanner } from '../components/ReadOnlyBanner';
import { StatusCard } from '../components/StatusCard/StatusCard';
import { reportLoaded } from '../teams/connectTeams';
import { useAppServices, useControlSize } from '../services/appServices';
import { CopyProfileLink } from './CopyProfileLink';
import { ProfileActions } from './ProfileActions';
import { ProfileHistory } from './ProfileHistory';
import { SyncErrorTriage } from './SyncErrorTriage';
import { useProfilePage } from './useProfilePage';
import { useProfilePageStyles } from './useProfilePageStyles';
import { profileNs } from '../i18n/namespaces/profile';
import { useT } from '../i18n/react';
import { commonNs } from '../i18n/namespaces/common';

// The editor is the largest part of the tab and only admins on this page need it.
const ProfileEditor = lazy(() => import('../editor/ProfileEditor'));
// The chart library loads with the status history only, never with the dashboard.
const StatusHistory = lazy(() => import('./StatusHistory'));

export type ProfilePageProps = {
  profileId: string;
  me: Me;
  /** Back to the dashboard; absent for a channel tab pinned to this profile. */
  onBack?: () => void;
};

/** One profile: its status, the actions, its errors and its settings. */
export default function ProfilePage({ profileId, me, onBack }: ProfilePageProps) {
  const styles = useProfilePageStyles();
  const size = useControlSize();
  const { host } = useAppServices();
  const t = useT(profileNs);
  const tc = useT(commonNs);
  const page = useProfilePage(profileId);
  const [restore, setRestore] = useState<{ key: number; update: ProfileUpdate } | null>(null);
  const { detail, summary, action } = page;
  const readOnlyReason = me.canWrite ? null : (me.restriction ?? tc('readOnlyShort'));

  useEffect(() => {
    if (detail.phase !== 'loading') reportLoaded();
  }, [detail.phase]);

  const back = onBack && (
    <Button
      className={styles.back}
      appearance="subtle"
      size={size}
      icon={<ArrowLeft20Regular />}
      onClick={onBack}
    >
      {t('allProfiles')}
    </Button>
  );

  if (detail.phase === 'loading') {
    return (
      <main className={styles.root}>
        {back}
        <LoadingState label={t('loading')} />
      </main>
    );
  }
  if (detail.phase === 'error') {
    return (
      <main className={styles.root}>
        {back}
        {detail.error.code === 'consent_required' ? (
          <ConsentCard consentUrl={detail.error.problem?.consentUrl} onGranted={page.reload} />
        ) : detail.error.code === 'not_found' ? (
          <EmptyState icon={<DocumentDismiss48Regular />} title={t('goneTitle')}>
            {t('goneBody')} {onBack ? t('goneBack') : t('gonePinned')}
          </EmptyState>
        ) : (
          <ProblemBar error={detail.error} onRetry={page.reload} title={t('loadFailed')} />
        )}
      </main>
    );
  }

  const { profile } = detail.detail;
  return (
    <main className={styles.root} aria-labelledby="profile-title">
      <header className={styles.header}>
        {back}
        <div className={styles.titleRow}>
          <Title3 as="h1" id="profile-title" className={styles.title}>
            {profile.displayName}
          </Title3>
          <div className={styles.titleActions}>
            <CopyProfileLink profileId={profileId} profileName={profile.displayName} />
            <Button size={size} icon={<ArrowClockwise20Regular />} onClick={page.refresh}>
              {t('refresh')}
            </Button>
          </div>
        </div>
      </header>

      <ReadOnlyBanner me={me} />

      {detail.refreshError && (
        <ProblemBar error={detail.refreshError} onRetry={page.refresh} title={t('refreshFailed')} />
      )}
      {page.status.phase === 'ready' && page.status.refreshError && (
        <ProblemBar
          error={page.status.refreshError}
          onRetry={page.refresh}
          title={t('statusRefreshFailed')}
        />
      )}

      {summary && (
        <section className={styles.section} aria-label={t('statusSection')}>
          {page.status.phase === 'loading' ? (
            <Spinner size="small" label={t('statusLoading')} labelPosition="after" />
          ) : (
            <StatusCard summary={summary} locale={host.locale} headingLevel="h2" />
          )}
          <ProfileActions
            summary={summary}
            readOnlyReason={readOnlyReason}
            action={action}
            onAction={page.runAction}
          />
          {page.following && (
            <Spinner
              className={styles.following}
              size="tiny"
              labelPosition="after"
              label={profile.state === 'provisioning' ? t('applying') : t('following')}
            />
          )}
          {action.phase === 'done' && <ActionOutcome result={action.result} onDismiss={page.dismissAction} />}
          {action.phase === 'error' && (
            <ProblemBar
              error={action.error}
              onRetry={() => page.runAction(action.action)}
              title={t(`actionFailed_${action.action}`)}
            />
          )}
        </section>
      )}

      <SyncErrorTriage
        profileId={profileId}
        errorCount={page.status.phase === 'ready' ? page.status.status.errorCount : null}
      />

      <Suspense fallback={null}>
        <StatusHistory profileId={profileId} locale={host.locale} />
      </Suspense>

      <Suspense fallback={<LoadingState label={t('editorLoading')} />}>
        <ProfileEditor
          detail={detail.detail}
          tenantId={me.tenantId}
          readOnlyReason={readOnlyReason}
          onSaved={page.onSaved}
          restore={restore}
        />
      </Suspense>

      <ProfileHistory
        profileId={profileId}
        etag={detail.detail.etag}
        onRestore={
          readOnlyReason === null
            ? (update) => setRestore((previous) => ({ key: (previous?.key ?? 0) + 1, update }))
            : null
        }
      />
    </main>
  );
}

function ActionOutcome({ result, onDismiss }: { result: ActionResult; onDismiss: () => void }) {
  const styles = useProfilePageStyles();
  const t = useT(profileNs);
  const failed = result.action === 'start' && !result.started;
  const messages = result.verificationMessages;
  return (
    <MessageBar intent={failed ? 'error' : messages.length > 0 ? 'warning' : 'success'} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{failed ? t('startFailedFiles') : t(`done_${result.action}`)}</MessageBarTitle>
        {messages.length > 0 && (
          <ul className={styles.messages}>
            {messages.map((m, index) => (
              <li key={`${m.fileName}-${index}`}>
                {t(
                  m.type === 'error'
                    ? 'fileMessage_error'
                    : m.type === 'warning'
                      ? 'fileMessage_warning'
                      : 'fileMessage_note',
                  {
                    file: m.fileName,
                    description: m.description,
                  },
                )}
              </li>
            ))}
          </ul>
        )}
      </MessageBarBody>
      <MessageBarActions
        containerAction={
          <Button
            appearance="transparent"
            aria-label={t('dismiss')}
            icon={<Dismiss20Regular />}
            onClick={onDismiss}
          />
        }
      />
    </MessageBar>
  );
}
