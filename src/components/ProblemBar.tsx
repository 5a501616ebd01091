import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { ApiError } from '../api/apiError';
import { describeProblem, supportDetails } from '../api/describeProblem';
import { useControlSize } from '../services/appServices';
import { commonNs } from '../i18n/namespaces/common';
import { useT } from '../i18n/react';

const useStyles = makeStyles({
  body: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    overflowWrap: 'anywhere',
  },
  details: {
    color: tokens.colorNeutralForeground3,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: 'pre-wrap',
    userSelect: 'text',
  },
});

export type ProblemBarProps = {
  error: ApiError;
  onRetry?: () => void;
  /** Replaces the generic title (e.g. "Couldn't load profiles"). */
  title?: string;
};

/**
 * An error in words, with Retry when retrying can help and the identifiers support needs
 * (our request id, Graph's request-id) shown and copyable.
 */
export function ProblemBar({ error, onRetry, title }: ProblemBarProps) {
  const styles = useStyles();
  const size = useControlSize();
  const t = useT(commonNs);
  const description = describeProblem(error);
  const details = supportDetails(error);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');

  const copyDetails = () => {
    const text = [title ?? description.title, description.message, ...details].join('\n');
    // Teams frames may deny clipboard access: the details stay visible to select by hand.
    if (!navigator.clipboard) {
      setCopy('failed');
      return;
    }
    navigator.clipboard.writeText(text).then(
      () => setCopy('copied'),
      () => setCopy('failed'),
    );
  };

  return (
    <MessageBar intent={description.intent} layout="multiline">
      <MessageBarBody className={styles.body}>
        <MessageBarTitle>{title ?? description.title}</MessageBarTitle>
        <Text>
          {title
            ? t('problemTitleWithMessage', { title: description.title, message: description.message })
            : description.message}
        </Text>
        <Text className={styles.details}>{details.join('\n')}</Text>
        {copy === 'copied' && <Text role="status">{t('detailsCopied')}</Text>}
        {copy === 'failed' && <Text role="status">{t('copyFailed')}</Text>}
      </MessageBarBody>
      <MessageBarActions>
        {onRetry && (
          <Button appearance={description.retryable ? 'primary' : 'secondary'} size={size} onClick={onRetry}>
            {t('retry')}
          </Button>
        )}
        <Button size={size} onClick={copyDetails}>
          {t('copyDetails')}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
