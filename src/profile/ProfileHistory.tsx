import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Body1,
  Button,
  Spinner,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowUndo20Regular } from '@fluentui/react-icons/svg/arrow-undo';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { HistoryEntry, ProfileUpdate } from '../../contracts/api';
import { toUpdate } from '../../contracts/profileModel';
import { getHistory } from '../api/history';
import { ProblemBar } from '../components/ProblemBar';
import { formatAbsolute, formatRelative } from '../lib/relativeTime';
import { useAppServices, useControlSize } from '../services/appServices';
import { queryKeys } from '../services/serverState';
import { entrySentence, outcomeNote } from './historyWording';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  header: { display: 'flex', alignItems: 'baseline', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  heading: { margin: 0 },
  accordion: {
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow2,
  },
  headerText: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  sentence: { overflowWrap: 'anywhere' },
  meta: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
  },
  changes: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL, overflowWrap: 'anywhere' },
  panel: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    paddingBlockEnd: tokens.spacingVerticalM,
  },
  code: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: 'anywhere',
  },
  restore: { alignSelf: 'flex-start' },
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
  const size = useControlSize();
  const { api } = useAppServices();
  const history = useInfiniteQuery({
    queryKey: queryKeys.profileHistory(profileId, etag),
    queryFn: ({ pageParam, signal }) => getHistory(api, { profileId, cursor: pageParam }, 'profile', signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const entries = history.data?.pages.flatMap((page) => page.entries) ?? [];

  return (
    <section className={styles.root} aria-labelledby="history-title">
      <div className={styles.header}>
        <Subtitle2 as="h2" id="history-title" className={styles.heading}>
          History
        </Subtitle2>
        {history.isFetching && <Spinner size="tiny" label="Loading history…" labelPosition="after" />}
      </div>
      {history.isError && (
        <ProblemBar
          error={history.error}
          onRetry={() => void history.refetch()}
          title="Couldn't load the history"
        />
      )}
      {history.isSuccess && entries.length === 0 && (
        <Body1>No changes made through SDS Profiles are recorded for this profile yet.</Body1>
      )}
      {entries.length > 0 && <HistoryList entries={entries} onRestore={onRestore} withProfile={false} />}
      {history.hasNextPage && (
        <Button
          size={size}
          className={styles.restore}
          disabled={history.isFetchingNextPage}
          onClick={() => void history.fetchNextPage()}
        >
          Show older changes
        </Button>
      )}
    </section>
  );
}

export function HistoryList({
  entries,
  onRestore,
  withProfile,
}: {
  entries: HistoryEntry[];
  onRestore: ((update: ProfileUpdate) => void) | null;
  withProfile: boolean;
}) {
  const styles = useStyles();
  const size = useControlSize();
  const { host } = useAppServices();
  const now = Date.now();
  // The newest accepted save holds the version the profile has now: nothing to restore there.
  const newestSaved = entries.findIndex((e) => e.operation === 'save' && e.outcome === 'succeeded');
  return (
    <Accordion className={styles.accordion} multiple collapsible aria-label="Changes, newest first">
      {entries.map((entry, index) => {
        const note = outcomeNote(entry);
        const when = formatRelative(entry.startedAt, now, host.locale) ?? '';
        const restorable =
          onRestore &&
          index !== newestSaved &&
          entry.operation === 'save' &&
          entry.outcome === 'succeeded' &&
          entry.after;
        return (
          <AccordionItem key={entry.id} value={entry.id}>
            <AccordionHeader size={size === 'large' ? 'large' : 'medium'}>
              <span className={styles.headerText}>
                <Text className={styles.sentence}>
                  {entrySentence(entry, withProfile)} — {when}
                </Text>
                {note && (
                  <span className={styles.meta}>
                    <Badge appearance="tint" color={entry.outcome === 'pending' ? 'informative' : 'danger'}>
                      {note}
                    </Badge>
                  </span>
                )}
              </span>
            </AccordionHeader>
            <AccordionPanel className={styles.panel}>
              {entry.changes.length > 0 && (
                <ul className={styles.changes} aria-label="What changed">
                  {entry.changes.map((change) => (
                    <li key={change.key}>{change.text}</li>
                  ))}
                </ul>
              )}
              <span className={styles.meta}>
                <span>{formatAbsolute(entry.startedAt, host.locale)}</span>
                <span>{entry.actor.userPrincipalName}</span>
                {entry.detail && entry.outcome !== 'succeeded' && <span>{entry.detail}</span>}
                <span>
                  Request id <span className={styles.code}>{entry.requestId}</span>
                </span>
                {entry.graphRequestId && (
                  <span>
                    Graph request id <span className={styles.code}>{entry.graphRequestId}</span>
                  </span>
                )}
              </span>
              {restorable && (
                <Button
                  className={styles.restore}
                  size={size}
                  icon={<ArrowUndo20Regular />}
                  onClick={() => onRestore(toUpdate(entry.after!))}
                >
                  Restore this version
                </Button>
              )}
            </AccordionPanel>
          </AccordionItem>
        );
      })}
    </Accordion>
  );
}
