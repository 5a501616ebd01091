import { Spinner, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useId, type ReactNode } from 'react';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  header: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  heading: { margin: 0 },
  // Whatever the header carries beside its title (a view toggle) sits at its far end.
  end: { marginInlineStart: 'auto' },
});

export type PanelSectionProps = {
  title: string;
  /** While true, a small spinner with this label follows the title (a read is on its way). */
  busy: boolean;
  busyLabel: string;
  /** Beside the title, at the header's end. */
  headerEnd?: ReactNode;
  children: ReactNode;
};

/**
 * A titled part of a page below its main content (status history, change history, recent
 * changes): a region named by its h2, a spinner while it reads, and the content under it.
 */
export function PanelSection({ title, busy, busyLabel, headerEnd, children }: PanelSectionProps) {
  const styles = useStyles();
  const titleId = useId();
  return (
    <section className={styles.root} aria-labelledby={titleId}>
      <div className={styles.header}>
        <Subtitle2 as="h2" id={titleId} className={styles.heading}>
          {title}
        </Subtitle2>
        {busy && <Spinner size="tiny" label={busyLabel} labelPosition="after" />}
        {headerEnd && <div className={styles.end}>{headerEnd}</div>}
      </div>
      {children}
    </section>
  );
}
