import { useInfiniteQuery } from '@tanstack/react-query';
import type { ProfileUpdate } from '../../contracts/api';
import { getHistory } from '../api/history';
import { HistoryPages } from '../components/HistoryPages';
import { PanelSection } from '../components/PanelSection';
import { useAppServices } from '../services/appServices';
import { queryKeys } from '../services/serverState';
import { profileNs } from '../i18n/namespaces/profile';
import { useT } from '../i18n/react';

export type ProfileHistoryProps = {
  profileId: string;
  /** The profile's current version: a new one (after any save) refetches the history. */
  etag: string;
  /** Restoring needs write access; null hides the button. */
  onRestore: ((update: ProfileUpdate) => void) | null;
};

/** A profile's change history, newest first, with its failed and refused attempts. */
export function ProfileHistory({ profileId, etag, onRestore }: ProfileHistoryProps) {
  const { api } = useAppServices();
  const t = useT(profileNs);
  const history = useInfiniteQuery({
    queryKey: queryKeys.profileHistory(profileId, etag),
    queryFn: ({ pageParam, signal }) => getHistory(api, { profileId, cursor: pageParam }, 'profile', signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

  return (
    <PanelSection title={t('historyTitle')} busy={history.isFetching} busyLabel={t('historyLoading')}>
      <HistoryPages
        history={history}
        errorTitle={t('historyLoadFailed')}
        emptyText={t('historyEmpty')}
        onRestore={onRestore}
        withProfile={false}
      />
    </PanelSection>
  );
}
