import { Caption1, Link, mergeClasses, Text } from '@fluentui/react-components';
import { useId, type ReactNode } from 'react';
import type { ProfileSummary } from '../../../contracts/api';
import { RelativeTime } from '../RelativeTime';
import { StatusBadge } from '../StatusBadge';
import {
  attentionOf,
  profileStatePresentation,
  providerNames,
  summaryStatusPresentation,
} from '../statusPresentation';
import { useStatusCardStyles } from './useStatusCardStyles';
import { formatNumber } from '../../i18n/i18n';
import { commonNs } from '../../i18n/namespaces/common';
import { useT } from '../../i18n/react';

export type StatusCardProps = {
  summary: ProfileSummary;
  locale: string;
  headingLevel: 'h2' | 'h3';
  /** When given, the profile name is a button that opens the profile. */
  onOpen?: () => void;
  /** A line under the facts (the dashboard's "failing since …"). */
  footer?: ReactNode;
};

/** One profile at a glance: what it syncs from, its state, how the last sync went, and why. */
export function StatusCard({ summary, locale, headingLevel, onOpen, footer }: StatusCardProps) {
  const styles = useStatusCardStyles();
  const t = useT(commonNs);
  const nameId = useId();
  const Heading = headingLevel;
  const status = summary.status;
  const message = status?.statusMessage?.trim() || summary.statusProblem?.detail;
  const attention = attentionOf(summary);

  return (
    <article className={mergeClasses(styles.card, styles[attention])} aria-labelledby={nameId}>
      <div className={styles.header}>
        <Heading className={styles.name} id={nameId}>
          {onOpen ? (
            <Link as="button" className={styles.nameButton} onClick={onOpen}>
              {summary.displayName}
            </Link>
          ) : (
            summary.displayName
          )}
        </Heading>
        <Caption1 className={styles.provider}>
          {t('dataProvider', { provider: providerNames[summary.provider] })}
        </Caption1>
      </div>
      <div className={styles.badges}>
        <StatusBadge subject={t('badgeSyncStatus')} presentation={summaryStatusPresentation(summary)} />
        <StatusBadge
          subject={t('badgeProfileState')}
          presentation={profileStatePresentation(summary.state)}
        />
      </div>
      <dl className={styles.facts}>
        <div className={styles.fact}>
          <dt className={styles.term}>{t('lastSuccessfulSync')}</dt>
          <dd className={styles.value}>
            {status ? (
              <RelativeTime value={status.lastSynchronizationDateTime} locale={locale} />
            ) : (
              t('unknown')
            )}
          </dd>
        </div>
        <div className={styles.fact}>
          <dt className={styles.term}>{t('lastActivity')}</dt>
          <dd className={styles.value}>
            {status ? (
              <RelativeTime value={status.lastActivityDateTime} locale={locale} fallback={t('noneYet')} />
            ) : (
              t('unknown')
            )}
          </dd>
        </div>
        <div className={styles.fact}>
          <dt className={styles.term}>{t('errors')}</dt>
          <dd
            className={mergeClasses(
              styles.value,
              status && status.errorCount > 0 ? styles.errorsValue : undefined,
            )}
          >
            {status ? formatNumber(locale, status.errorCount) : t('unknown')}
          </dd>
        </div>
      </dl>
      {message && (
        <Text as="p" className={styles.message}>
          {message}
        </Text>
      )}
      {footer}
    </article>
  );
}
