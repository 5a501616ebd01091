import { lazy, Suspense, useEffect } from 'react';
import { PersonProhibited32Regular } from '@fluentui/react-icons/svg/person-prohibited';
import { ConsentCard } from '../consent/ConsentCard';
import { Dashboard } from '../dashboard/Dashboard';
import { EmptyState, LoadingState } from '../components/EmptyState';
import { ProblemBar } from '../components/ProblemBar';
import { reportFailure, reportLoaded } from '../teams/connectTeams';
import { useTabPage } from './useTabPage';
import { appNs } from '../i18n/namespaces/app';
import { rich, useT } from '../i18n/react';

// The profile page carries the editor and the errors table: the dashboard's first load doesn't.
const ProfilePage = lazy(() => import('../profile/ProfilePage'));

/** The content tab: who is signed in decides what they may see. */
export function TabPage() {
  const { me, view, loadMe, openProfile, backToDashboard } = useTabPage();
  const t = useT(appNs);

  const noAccess = me.phase === 'ready' && !me.me.canRead;
  const authFailed = me.phase === 'error' && me.error.kind === 'auth' ? me.error.message : null;
  useEffect(() => {
    // Without a token from Teams nothing can work: let Teams show its own failure and reload.
    if (authFailed) reportFailure('AuthFailed', authFailed);
    else if (me.phase === 'error' || noAccess) reportLoaded();
  }, [me.phase, noAccess, authFailed]);

  if (me.phase === 'loading') return <LoadingState label={t('signingIn')} />;
  if (me.phase === 'error') {
    if (me.error.code === 'consent_required') {
      return <ConsentCard consentUrl={me.error.problem?.consentUrl} onGranted={loadMe} />;
    }
    return <ProblemBar error={me.error} onRetry={loadMe} title={t('signInFailed')} />;
  }
  if (!me.me.canRead) {
    return (
      <EmptyState icon={<PersonProhibited32Regular />} title={t('noAccessTitle')}>
        {me.me.restriction ?? t('noAccessRoles')}{' '}
        {rich(t, 'noAccessSignedInAs', { user: me.me.userPrincipalName })}
      </EmptyState>
    );
  }
  if (view.kind === 'profile') {
    return (
      <Suspense fallback={<LoadingState label={t('openingProfile')} />}>
        <ProfilePage
          key={view.profileId}
          profileId={view.profileId}
          me={me.me}
          onBack={view.pinned ? undefined : backToDashboard}
        />
      </Suspense>
    );
  }
  return <Dashboard me={me.me} onOpenProfile={openProfile} />;
}
