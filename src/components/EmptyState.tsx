import { makeStyles, Spinner, Subtitle1, tokens, typographyStyles } from '@fluentui/react-components';
import { layoutWidths } from './layout';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    textAlign: 'center',
    gap: tokens.spacingVerticalM,
    paddingBlock: tokens.spacingVerticalXXXL,
    paddingInline: tokens.spacingHorizontalL,
    maxWidth: layoutWidths.emptyState,
    marginInline: 'auto',
  },
  icon: { color: tokens.colorNeutralForeground3 },
  body: { ...typographyStyles.body1, color: tokens.colorNeutralForeground2 },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, justifyContent: 'center' },
});

export type EmptyStateProps = {
  icon?: ReactNode;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  headingLevel?: 'h2' | 'h3';
};

/** A centred message for empty lists, no access and similar "nothing to show" states. */
export function EmptyState({ icon, title, children, actions, headingLevel = 'h2' }: EmptyStateProps) {
  const styles = useStyles();
  return (
    <section className={styles.root} aria-label={title}>
      {icon && <div className={styles.icon}>{icon}</div>}
      <Subtitle1 as={headingLevel}>{title}</Subtitle1>
      {children && <div className={styles.body}>{children}</div>}
      {actions && <div className={styles.actions}>{actions}</div>}
    </section>
  );
}

/** Loading, with words (a spinner alone says nothing to a screen reader). */
export function LoadingState({ label }: { label: string }) {
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <Spinner label={label} labelPosition="below" />
    </div>
  );
}
