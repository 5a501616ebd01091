import {
  Body1,
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle1,
  Text,
  tokens,
} from '@fluentui/react-components';
import { layoutWidths } from '../components/layout';
import { ShieldKeyhole24Regular } from '@fluentui/react-icons/svg/shield-keyhole';
import { useEffect, useId } from 'react';
import { useControlSize } from '../services/appServices';
import { reportLoaded } from '../teams/connectTeams';
import { useConsent } from './useConsent';
import { consentNs } from '../i18n/namespaces/consent';
import { useT } from '../i18n/react';

const useStyles = makeStyles({
  card: {
    display: 'flex',
    flexDirection: 'column',
    maxWidth: layoutWidths.explainer,
    marginInline: 'auto',
    padding: tokens.spacingHorizontalXL,
    gap: tokens.spacingVerticalM,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow4,
    outline: `${tokens.strokeWidthThin} solid ${tokens.colorTransparentStroke}`,
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    color: tokens.colorBrandForeground1,
  },
  list: {
    margin: 0,
    paddingInlineStart: tokens.spacingHorizontalXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
  },
});

export type ConsentCardProps = {
  consentUrl: string | undefined;
  /** Called after consent was granted: retry what needed it. */
  onGranted: () => void;
};

/** Explains the admin consent SDS Profiles needs and opens Microsoft's consent page in a popup. */
export function ConsentCard({ consentUrl, onGranted }: ConsentCardProps) {
  const styles = useStyles();
  const size = useControlSize();
  const { state, grant, canGrant } = useConsent(consentUrl, onGranted);
  const titleId = useId();
  const t = useT(consentNs);
  useEffect(() => reportLoaded(), []);

  return (
    <section className={styles.card} aria-labelledby={titleId}>
      <div className={styles.header}>
        <ShieldKeyhole24Regular aria-hidden />
        <Subtitle1 as="h2" id={titleId}>
          {t('title')}
        </Subtitle1>
      </div>
      <Body1>{t('intro')}</Body1>
      <ul className={styles.list}>
        <li>
          <Text>{t('onBehalf')}</Text>
        </li>
        <li>
          <Text>{t('once')}</Text>
        </li>
        <li>
          <Text>{t('notAdmin')}</Text>
        </li>
      </ul>
      {!canGrant && (
        <MessageBar intent="warning">
          <MessageBarBody>{t('linkMissing')}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.actions}>
        <Button
          appearance="primary"
          size={size}
          onClick={grant}
          disabled={!canGrant || state.phase === 'waiting'}
        >
          {t('grant')}
        </Button>
        {state.phase === 'waiting' && <Spinner size="tiny" label={t('waiting')} />}
      </div>
      {state.phase === 'declined' && (
        <MessageBar intent={state.calm ? 'info' : 'warning'} role="status">
          <MessageBarBody>{state.message}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
