import { Body1, Link, makeStyles, Subtitle1, Text, Title2, tokens } from '@fluentui/react-components';
import { layoutWidths } from './layout';
import { PlugDisconnected48Regular } from '@fluentui/react-icons/svg/plug-disconnected';
import { outsideNs } from '../i18n/namespaces/outside';
import { rich, useT } from '../i18n/react';

const useStyles = makeStyles({
  page: {
    minHeight: '100vh',
    boxSizing: 'border-box',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    padding: tokens.spacingHorizontalL,
  },
  card: {
    display: 'flex',
    flexDirection: 'column',
    maxWidth: layoutWidths.explainer,
    width: '100%',
    boxSizing: 'border-box',
    padding: tokens.spacingHorizontalXXL,
    gap: tokens.spacingVerticalL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow8,
    outline: `${tokens.strokeWidthThin} solid ${tokens.colorTransparentStroke}`,
  },
  icon: { color: tokens.colorBrandForeground1 },
  steps: {
    margin: 0,
    paddingInlineStart: tokens.spacingHorizontalXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  detail: { color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
});

export type OutsideTeamsProps = {
  reason: 'noHost' | 'timeout';
  detail: string;
  /**
   * Extra hosts this deployment lets frame the tab, from /api/config (`TEAMS_HOST_ORIGINS`): a
   * local Teams host on a developer machine. Empty in production, where only Teams frames it.
   */
  hostOrigins: readonly string[];
};

/** Shown when the tab is opened outside Teams, or framed by a page that never answers. */
export default function OutsideTeams({ reason, detail, hostOrigins }: OutsideTeamsProps) {
  const styles = useStyles();
  const t = useT(outsideNs);
  return (
    <main className={styles.page}>
      <section className={styles.card} aria-labelledby="outside-title">
        <PlugDisconnected48Regular className={styles.icon} aria-hidden />
        <Title2 as="h1" id="outside-title">
          {t('title')}
        </Title2>
        <Body1>{reason === 'noHost' ? t('noHost') : t('timeout')}</Body1>
        <Subtitle1 as="h2">{t('howTitle')}</Subtitle1>
        <ol className={styles.steps}>
          <li>
            <Text>
              {rich(t, 'howSteps', {
                apps: <strong>{t('apps')}</strong>,
                app: <strong>SDS Profiles</strong>,
              })}
            </Text>
          </li>
          {hostOrigins.length > 0 && (
            <li>
              <Text>
                {rich(t, 'localHost', {
                  hosts: hostOrigins.map((origin, index) => (
                    <span key={origin}>
                      {index > 0 && ', '}
                      <Link href={`${origin}/`} target="_top">
                        {origin}
                      </Link>
                    </span>
                  )),
                })}
              </Text>
            </li>
          )}
        </ol>
        <Text size={200} className={styles.detail}>
          {t('technicalDetail', { detail })}
        </Text>
      </section>
    </main>
  );
}
