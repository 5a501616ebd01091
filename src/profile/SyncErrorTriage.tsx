import {
  Body1,
  Button,
  Caption1,
  Link,
  mergeClasses,
  SearchBox,
  Spinner,
  Subtitle2,
  Text,
} from '@fluentui/react-components';
import { Open16Regular } from '@fluentui/react-icons/svg/open';
import type { SyncError, SyncErrorGroup } from '../../contracts/api';
import { ProblemBar } from '../components/ProblemBar';
import { formatNumber } from '../i18n/i18n';
import { triageNs } from '../i18n/namespaces/triage';
import { useT } from '../i18n/react';
import { formatAbsolute } from '../lib/relativeTime';
import { useAppServices, useControlSize } from '../services/appServices';
import { entryTypeLabel, guidanceFor, SDS_ERRORS_ARTICLE } from './errorGuidance';
import { ExportErrorsButton } from './ExportErrorsButton';
import { useSyncErrorTriage, type GroupKey } from './useSyncErrorTriage';
import { useSyncErrorTriageStyles } from './useSyncErrorTriageStyles';

export type SyncErrorTriageProps = {
  profileId: string;
  /** The status's error count (null while unknown): when it changes, the errors did. */
  errorCount: number | null;
};

const sameGroup = (a: GroupKey | null, b: GroupKey) =>
  a !== null && a.entryType === b.entryType && a.errorCode === b.errorCode;

/**
 * A profile's sync errors for triage: grouped by entry type and error code (most frequent
 * first), what each kind means and what to do, and the errors of the chosen group (or all),
 * searchable by identifier or name, in a virtualized list that loads as it scrolls.
 */
export function SyncErrorTriage({ profileId, errorCount }: SyncErrorTriageProps) {
  const styles = useSyncErrorTriageStyles();
  const t = useT(triageNs);
  const triage = useSyncErrorTriage(profileId, errorCount);
  const { state, group, list } = triage;
  const chosen = state.phase === 'ready' && group ? state.groups.find((g) => sameGroup(group, g)) : undefined;

  return (
    <section className={styles.root} aria-labelledby="sync-errors-title">
      <div className={styles.header}>
        <div className={styles.titleBlock}>
          <Subtitle2 as="h2" id="sync-errors-title" className={styles.heading}>
            {t('title')}
          </Subtitle2>
          {state.phase === 'ready' && state.totalCount > 0 && (
            <Caption1 className={styles.summary}>
              {state.groups.length === 1
                ? t('summaryOneGroup', { count: state.totalCount })
                : t('summary', {
                    count: state.totalCount,
                    groups: formatNumber(t.locale, state.groups.length),
                  })}
            </Caption1>
          )}
        </div>
        {state.phase === 'ready' && state.totalCount > 0 && <ExportErrorsButton profileId={profileId} />}
      </div>

      {state.phase === 'loading' && <Spinner size="small" label={t('loading')} labelPosition="after" />}
      {state.phase === 'error' && (
        <ProblemBar error={state.error} onRetry={triage.retry} title={t('loadFailed')} />
      )}
      {state.phase === 'ready' && state.totalCount === 0 && <Body1>{t('empty')}</Body1>}

      {state.phase === 'ready' && state.totalCount > 0 && (
        <>
          <Groups
            groups={state.groups}
            chosen={group}
            total={state.totalCount}
            onChoose={triage.chooseGroup}
          />
          {chosen && <GuidancePanel group={chosen} />}
          <div className={styles.toolbar}>
            <SearchBox
              className={styles.search}
              aria-label={t('searchLabel')}
              placeholder={t('searchPlaceholder')}
              value={triage.searchText}
              maxLength={200}
              onChange={(_event, data) => triage.setSearchText(data.value)}
            />
            <Text size={200} role="status" aria-live="polite">
              {list.phase === 'ready' ? t('showing', { count: list.count }) : ''}
            </Text>
            {list.updating && <Spinner size="extra-tiny" aria-hidden />}
          </div>
          {list.error && <ProblemBar error={list.error} onRetry={triage.retry} title={t('loadFailed')} />}
          {list.phase === 'ready' && list.count === 0 && triage.search && (
            <Body1>
              {t('noMatch', { search: triage.search })}{' '}
              <Link as="button" onClick={() => triage.setSearchText('')}>
                {t('clearSearch')}
              </Link>
            </Body1>
          )}
          {list.count > 0 && (
            <ErrorList
              triage={triage}
              label={t('listLabel', {
                group: chosen
                  ? `${entryTypeLabel(t, chosen.entryType)} · ${chosen.errorCode}`
                  : t('allErrors'),
              })}
            />
          )}
        </>
      )}
    </section>
  );
}

function Groups({
  groups,
  chosen,
  total,
  onChoose,
}: {
  groups: SyncErrorGroup[];
  chosen: GroupKey | null;
  total: number;
  onChoose: (group: GroupKey | null) => void;
}) {
  const styles = useSyncErrorTriageStyles();
  const t = useT(triageNs);
  const size = useControlSize();
  return (
    <ul className={styles.groups} aria-label={t('groupsLabel')}>
      <li>
        <Button
          className={mergeClasses(styles.group, chosen === null && styles.groupPressed)}
          size={size}
          aria-pressed={chosen === null}
          onClick={() => onChoose(null)}
        >
          <span className={styles.groupBody}>
            <span className={styles.groupTitle}>{t('allErrors')}</span>
            <span className={styles.groupMeta}>{t('groupCount', { count: total })}</span>
          </span>
        </Button>
      </li>
      {groups.map((g) => {
        const pressed = sameGroup(chosen, g);
        return (
          <li key={`${g.entryType}\u0000${g.errorCode}`}>
            <Button
              className={mergeClasses(styles.group, pressed && styles.groupPressed)}
              size={size}
              aria-pressed={pressed}
              onClick={() => onChoose({ entryType: g.entryType, errorCode: g.errorCode })}
            >
              <span className={styles.groupBody}>
                <span className={styles.groupTitle}>{guidanceFor(t, g.errorCode).title}</span>
                <span className={styles.groupMeta}>
                  <span>{entryTypeLabel(t, g.entryType)}</span>
                  <span className={styles.code}>{g.errorCode}</span>
                  <span>{t('groupCount', { count: g.count })}</span>
                </span>
              </span>
            </Button>
          </li>
        );
      })}
    </ul>
  );
}

function GuidancePanel({ group }: { group: SyncErrorGroup }) {
  const styles = useSyncErrorTriageStyles();
  const t = useT(triageNs);
  const guidance = guidanceFor(t, group.errorCode);
  return (
    <section className={styles.guidance} aria-labelledby="error-guidance-title">
      <Subtitle2 as="h3" id="error-guidance-title" className={styles.guidanceHeading}>
        {guidance.title}
      </Subtitle2>
      <Caption1 className={styles.code}>
        {entryTypeLabel(t, group.entryType)} · {t('codeLabel', { code: group.errorCode })}
      </Caption1>
      <div className={styles.guidanceSection}>
        <h4 className={styles.guidanceLabel}>{t('meaningHeading')}</h4>
        <Body1>{guidance.meaning}</Body1>
      </div>
      <div className={styles.guidanceSection}>
        <h4 className={styles.guidanceLabel}>{t('fixHeading')}</h4>
        <Body1>{guidance.fix}</Body1>
      </div>
      <Link href={SDS_ERRORS_ARTICLE} target="_blank" rel="noopener noreferrer">
        {t('learnMore')} <Open16Regular aria-hidden />
      </Link>
    </section>
  );
}

function ErrorList({ triage, label }: { triage: ReturnType<typeof useSyncErrorTriage>; label: string }) {
  const styles = useSyncErrorTriageStyles();
  const { list } = triage;
  return (
    <div ref={list.scrollRef} className={styles.scroller} tabIndex={0} role="region" aria-label={label}>
      <div
        role="list"
        aria-label={label}
        className={styles.spacer}
        style={{ height: `${list.virtualizer.getTotalSize()}px` }}
      >
        {list.items.map((item) => (
          <div
            key={item.key}
            role="listitem"
            aria-setsize={list.count}
            aria-posinset={item.index + 1}
            data-index={item.index}
            ref={list.virtualizer.measureElement}
            className={styles.row}
            style={{ transform: `translateY(${item.start}px)` }}
          >
            <ErrorRow error={list.rowAt(item.index)} />
          </div>
        ))}
      </div>
    </div>
  );
}

function ErrorRow({ error }: { error: SyncError | undefined }) {
  const styles = useSyncErrorTriageStyles();
  const t = useT(triageNs);
  const { host } = useAppServices();
  if (!error) return <Text className={styles.placeholder}>{t('loadingMore')}</Text>;
  const identifier = error.reportableIdentifier || error.joiningValue;
  const recorded = formatAbsolute(error.recordedDateTime, host.locale, undefined, 'short');
  return (
    <>
      <Text weight="semibold">{identifier ?? t('noIdentifier')}</Text>
      <Text className={styles.message}>{error.errorMessage}</Text>
      <span className={styles.meta}>
        <span>{entryTypeLabel(t, error.entryType)}</span>
        <span className={styles.code}>{error.errorCode}</span>
        {error.joiningValue && error.joiningValue !== identifier && <span>{error.joiningValue}</span>}
        <span>{recorded ? t('recorded', { when: recorded }) : t('recordedUnknown')}</span>
      </span>
    </>
  );
}
