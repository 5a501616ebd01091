/**
 * A paged change history (a profile's History, the tenant's Recent changes): why it could not be
 * read, that it is empty, its entries, and "Show older changes" while older pages exist.
 */
import { Body1, Button, makeStyles } from '@fluentui/react-components';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import type { HistoryPage, ProfileUpdate } from '../../contracts/api';
import { useControlSize } from '../services/appServices';
import { HistoryList } from './HistoryList';
import { ProblemBar } from './ProblemBar';

import { historyNs } from '../i18n/namespaces/history';
import { useT } from '../i18n/react';
const useStyles = makeStyles({
  more: { alignSelf: 'flex-start' },
});

export type HistoryPagesProps = {
  history: UseInfiniteQueryResult<InfiniteData<HistoryPage>>;
  /** The problem bar's title when the history could not be read. */
  errorTitle: string;
  /** What an empty history says. */
  emptyText: string;
  onRestore: ((update: ProfileUpdate) => void) | null;
  withProfile: boolean;
};

export function HistoryPages({ history, errorTitle, emptyText, onRestore, withProfile }: HistoryPagesProps) {
  const styles = useStyles();
  const size = useControlSize();
  const t = useT(historyNs);
  const entries = history.data?.pages.flatMap((page) => page.entries) ?? [];
  return (
    <>
      {history.isError && (
        <ProblemBar error={history.error} onRetry={() => void history.refetch()} title={errorTitle} />
      )}
      {history.isSuccess && entries.length === 0 && <Body1>{emptyText}</Body1>}
      {entries.length > 0 && (
        <HistoryList entries={entries} onRestore={onRestore} withProfile={withProfile} />
      )}
      {history.hasNextPage && (
        <Button
          size={size}
          className={styles.more}
          disabled={history.isFetchingNextPage}
          onClick={() => void history.fetchNextPage()}
        >
          {t('showOlder')}
        </Button>
      )}
    </>
  );
}
