import { Spinner, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { ProfileUpdate } from '../../contracts/api';
import { getHistory } from '../api/history';
import { HistoryPages } from '../components/HistoryPages';
import { useAppServices } from '../services/appServices';
import { queryKeys } from '../services/serverState';
import { profileNs } from '../i18n/namespaces/profile';
import { useT } from '../i18n/react';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  header: { display: 'flex', alignItems: 'baseline', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  heading: { margin: 0 },
});

export type ProfileHistoryProps = {
  profileId: string;
  /** The profile's current version: a new one (after any save) refetches the history. */
  etag: string;
  /** Restoring needs write access; null hides the button. */
  onRestore: ((update: ProfileUpdate) => void) | null;
};

/** A profile's change history, newest first, with its failed and refused attempts. */
export function ProfileHistory({ profileId, etag, onRestore }: ProfileHistoryProps) {
  const styles = useStyles();
  const { api } = useAppServices();
  const t = useT(profileNs);
  const history = useInfiniteQuery({
    queryKey: queryKeys.profileHistory(profileId, etag),
    queryFn: ({ pageParam, signal }) => getHistory(api, { profileId, cursor: pageParam }, 'profile', signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

  return (
    <section className={styles.root} aria-labelledby="history-title">
      <div className={styles.header}>
        <Subtitle2 as="h2" id="history-title" className={styles.heading}>
          {t('historyTitle')}
        </Subtitle2>
        {history.isFetching && <Spinner size="tiny" label={t('historyLoading')} labelPosition="after" />}
      </div>
      <HistoryPages
        history={history}
        errorTitle={t('historyLoadFailed')}
        emptyText={t('historyEmpty')}
        onRestore={onRestore}
        withProfile={false}
      />
    </section>
  );
}
