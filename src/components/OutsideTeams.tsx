import { Body1, Link, makeStyles, Subtitle1, Text, Title2, tokens } from '@fluentui/react-components';
import { layoutWidths } from './layout';
import { PlugDisconnected48Regular } from '@fluentui/react-icons/svg/plug-disconnected';

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
  return (
    <main className={styles.page}>
      <section className={styles.card} aria-labelledby="outside-title">
        <PlugDisconnected48Regular className={styles.icon} aria-hidden />
        <Title2 as="h1" id="outside-title">
          Open SDS Profiles in Microsoft Teams
        </Title2>
        <Body1>
          {reason === 'noHost'
            ? 'This page is a Microsoft Teams tab. It signs you in through Teams, so it only works inside Teams.'
            : "This page is inside a frame, but the frame didn't answer like Microsoft Teams does, so the tab can't sign you in."}
        </Body1>
        <Subtitle1 as="h2">How to open it</Subtitle1>
        <ol className={styles.steps}>
          <li>
            <Text>
              In Microsoft Teams, select <strong>Apps</strong>, find <strong>SDS Profiles</strong> and open
              it. To share it with your team, add it as a tab to a channel.
            </Text>
          </li>
          {hostOrigins.length > 0 && (
            <li>
              <Text>
                This deployment also lets a local Teams host open the tab:{' '}
                {hostOrigins.map((origin, index) => (
                  <span key={origin}>
                    {index > 0 && ', '}
                    <Link href={`${origin}/`} target="_top">
                      {origin}
                    </Link>
                  </span>
                ))}
                .
              </Text>
            </li>
          )}
        </ol>
        <Text size={200} className={styles.detail}>
          Technical detail: {detail}
        </Text>
      </section>
    </main>
  );
}
