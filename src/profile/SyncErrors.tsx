import {
  Body1,
  Button,
  Spinner,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { ChevronLeft20Regular } from '@fluentui/react-icons/svg/chevron-left';
import { ChevronRight20Regular } from '@fluentui/react-icons/svg/chevron-right';
import type { SyncError } from '../../contracts/api';
import { useAppServices, useControlSize } from '../services/appServices';
import { ProblemBar } from '../components/ProblemBar';
import { formatAbsolute } from '../lib/relativeTime';
import { useSyncErrors } from './useSyncErrors';
import { useSyncErrorsStyles } from './useSyncErrorsStyles';
import { profileNs } from '../i18n/namespaces/profile';
import { useT } from '../i18n/react';
import { commonNs } from '../i18n/namespaces/common';

export type SyncErrorsProps = {
  profileId: string;
  /** The status's error count (null while unknown): when it changes, the list did. */
  errorCount: number | null;
};

function identifierOf(error: SyncError): string {
  return error.reportableIdentifier || error.joiningValue || '—';
}

/** The errors SDS recorded for a profile, a page at a time. */
export function SyncErrors({ profileId, errorCount }: SyncErrorsProps) {
  const styles = useSyncErrorsStyles();
  const size = useControlSize();
  const { host } = useAppServices();
  const t = useT(profileNs);
  const tc = useT(commonNs);
  const errors = useSyncErrors(profileId, errorCount);
  const { page, state } = errors;
  const from = page && page.totalCount > 0 ? errors.skip + 1 : 0;
  const to = page ? errors.skip + page.errors.length : 0;
  const recorded = (iso: string | null) =>
    formatAbsolute(iso, host.locale, undefined, 'short') ?? tc('unknown');

  return (
    <section className={styles.root} aria-labelledby="sync-errors-title">
      <div className={styles.header}>
        <Subtitle2 as="h2" id="sync-errors-title" className={styles.heading}>
          {t('errorsTitle')}
        </Subtitle2>
        {state.phase === 'loading' && (
          <Spinner size="tiny" label={t('errorsLoading')} labelPosition="after" />
        )}
      </div>

      {state.phase === 'error' && (
        <ProblemBar error={state.error} onRetry={errors.retry} title={t('errorsLoadFailed')} />
      )}

      {page && page.totalCount === 0 && <Body1>{t('errorsNone')}</Body1>}

      {page && page.errors.length > 0 && host.density === 'touch' && (
        <ul className={styles.list} aria-label={t('errorsTitle')}>
          {page.errors.map((error) => (
            <li key={error.id} className={styles.listItem}>
              <Text weight="semibold">{error.errorMessage}</Text>
              <div className={styles.listMeta}>
                <span>{error.entryType}</span>
                <span className={styles.code}>{error.errorCode}</span>
                <span>{identifierOf(error)}</span>
                <span>{recorded(error.recordedDateTime)}</span>
              </div>
            </li>
          ))}
        </ul>
      )}

      {page && page.errors.length > 0 && host.density !== 'touch' && (
        <div className={styles.scroller} role="region" aria-label={t('errorsTable')} tabIndex={0}>
          <Table className={styles.table} aria-labelledby="sync-errors-title" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('colEntryType')}</TableHeaderCell>
                <TableHeaderCell>{t('colErrorCode')}</TableHeaderCell>
                <TableHeaderCell>{t('colMessage')}</TableHeaderCell>
                <TableHeaderCell>{t('colIdentifier')}</TableHeaderCell>
                <TableHeaderCell>{t('colRecorded')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {page.errors.map((error) => (
                <TableRow key={error.id}>
                  <TableCell>{error.entryType}</TableCell>
                  <TableCell>
                    <span className={styles.code}>{error.errorCode}</span>
                  </TableCell>
                  <TableCell className={styles.messageCell}>{error.errorMessage}</TableCell>
                  <TableCell>
                    {identifierOf(error)}
                    {error.joiningValue && error.joiningValue !== identifierOf(error) && (
                      <span className={styles.secondary}>{error.joiningValue}</span>
                    )}
                  </TableCell>
                  <TableCell>{recorded(error.recordedDateTime)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}

      {page && page.totalCount > 0 && (
        <nav className={styles.pager} aria-label={t('errorPages')}>
          <Text size={200} aria-live="polite">
            {t('errorRange', { from, to, count: page.totalCount })}
          </Text>
          <div className={styles.pagerButtons}>
            <Button
              size={size}
              icon={<ChevronLeft20Regular />}
              onClick={errors.previous}
              disabled={!errors.hasPrevious || state.phase === 'loading'}
            >
              {t('previous')}
            </Button>
            <Button
              size={size}
              icon={<ChevronRight20Regular />}
              iconPosition="after"
              onClick={errors.next}
              disabled={!errors.hasNext || state.phase === 'loading'}
            >
              {t('next')}
            </Button>
          </div>
        </nav>
      )}
    </section>
  );
}
