import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  Spinner,
  Text,
  tokens,
  Toolbar,
} from '@fluentui/react-components';
import { CheckmarkCircle20Filled } from '@fluentui/react-icons/svg/checkmark-circle';
import { DismissCircle20Filled } from '@fluentui/react-icons/svg/dismiss-circle';
import type { ReactNode } from 'react';
import type { BulkAction, BulkActionResult, ProfileSummary } from '../../contracts/api';
import { bulkActions } from '../../contracts/api';
import { ProblemBar } from '../components/ProblemBar';
import { bulkNs } from '../i18n/namespaces/bulk';
import { rich, useT } from '../i18n/react';
import { useControlSize } from '../services/appServices';
import { useBulkSelect, type BulkDialog } from './useBulkSelect';
import { useDashboardStyles } from './useDashboardStyles';

const useStyles = makeStyles({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
    position: 'sticky',
    top: 0,
    zIndex: 1,
  },
  count: { flexGrow: 1, minWidth: 0 },
  item: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, minWidth: 0 },
  list: {
    margin: 0,
    paddingInlineStart: tokens.spacingHorizontalXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  note: { color: tokens.colorNeutralForeground3, display: 'block' },
  results: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  result: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    columnGap: tokens.spacingHorizontalS,
    alignItems: 'start',
  },
  done: { color: tokens.colorPaletteGreenForeground1 },
  refused: { color: tokens.colorPaletteRedForeground1 },
  detail: { gridColumnStart: 2, color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
});

export type BulkSelectProps = {
  /** The profiles the dashboard shows now (its filters apply). */
  shown: ProfileSummary[];
  /** The dashboard's own card for a profile (shown under its checkbox). */
  renderCard: (summary: ProfileSummary) => ReactNode;
  onDone: () => void;
};

/**
 * The dashboard in selection mode: a checkbox on every profile (Tab and Space, each labelled
 * with the profile's name), how many are selected (announced), and Pause, Resume and Start for
 * the selection, each confirmed in a dialog that lists the profiles and then shows what happened
 * to each. Only for admins who may change profiles: Dashboard does not offer it to readers.
 */
export default function BulkSelect({ shown, renderCard, onDone }: BulkSelectProps) {
  const styles = useStyles();
  const grid = useDashboardStyles();
  const t = useT(bulkNs);
  const size = useControlSize();
  const bulk = useBulkSelect(shown);
  const none = bulk.chosen.length === 0;

  return (
    <>
      <Toolbar className={styles.toolbar} aria-label={t('toolbarLabel')}>
        <Checkbox label={t('selectAll')} checked={bulk.allState} onChange={bulk.toggleAll} />
        <Text className={styles.count} role="status" aria-live="polite">
          {none ? t('noneSelected') : t('selected', { count: bulk.chosen.length })}
        </Text>
        {bulkActions.map((action) => (
          <Button key={action} size={size} disabled={none} onClick={() => bulk.ask(action)}>
            {t(action)}
          </Button>
        ))}
        <Button size={size} appearance="primary" onClick={onDone}>
          {t('done')}
        </Button>
      </Toolbar>

      <ul className={grid.grid} aria-label={t('listLabel')}>
        {shown.map((summary) => (
          <li key={summary.id} className={styles.item}>
            <Checkbox
              label={t('selectProfile', { name: summary.displayName })}
              checked={bulk.selected.has(summary.id)}
              onChange={(_event, data) => bulk.toggle(summary.id, data.checked === true)}
            />
            {renderCard(summary)}
          </li>
        ))}
      </ul>

      <BulkDialogView dialog={bulk.dialog} onConfirm={bulk.confirm} onClose={bulk.close} />
    </>
  );
}

function BulkDialogView({
  dialog,
  onConfirm,
  onClose,
}: {
  dialog: BulkDialog;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const styles = useStyles();
  const t = useT(bulkNs);
  if (dialog.phase === 'closed') return null;
  const { action, profiles } = dialog;
  const count = profiles.length;
  return (
    <Dialog
      open
      modalType={dialog.phase === 'running' ? 'alert' : 'modal'}
      onOpenChange={(_e, data) => !data.open && onClose()}
    >
      <DialogSurface>
        <DialogBody>
          <DialogTitle>
            {dialog.phase === 'result' ? t(`resultTitle.${action}`) : t(`confirmTitle.${action}`, { count })}
          </DialogTitle>
          <DialogContent>
            {(dialog.phase === 'confirm' || dialog.phase === 'running') && (
              <>
                <Text block>{t(`confirmBody.${action}`)}</Text>
                <ul className={styles.list}>
                  {profiles.map((p) => (
                    <li key={p.id}>
                      {p.displayName}
                      {action === 'start' && p.provider !== 'csv' && (
                        <Text size={200} className={styles.note}>
                          {t('notCsv')}
                        </Text>
                      )}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {dialog.phase === 'result' && (
              <Results action={action} result={dialog.result} profiles={profiles} />
            )}
            {dialog.phase === 'error' && <ProblemBar error={dialog.error} title={t('failed')} />}
          </DialogContent>
          <DialogActions>
            {dialog.phase === 'confirm' && (
              <>
                <Button appearance="primary" onClick={onConfirm}>
                  {t(`confirm.${action}`, { count })}
                </Button>
                <Button onClick={onClose}>{t('cancel')}</Button>
              </>
            )}
            {dialog.phase === 'running' && (
              <Spinner size="small" label={t('running')} labelPosition="after" />
            )}
            {(dialog.phase === 'result' || dialog.phase === 'error') && (
              <Button appearance="primary" onClick={onClose}>
                {t('close')}
              </Button>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function Results({
  action,
  result,
  profiles,
}: {
  action: BulkAction;
  result: BulkActionResult;
  profiles: ProfileSummary[];
}) {
  const styles = useStyles();
  const t = useT(bulkNs);
  const names = new Map(profiles.map((p) => [p.id.toLowerCase(), p.displayName]));
  const done = result.results.filter((r) => r.outcome === 'done').length;
  return (
    <>
      <Text block role="status">
        {t('resultSummary', { done, refused: result.results.length - done })}
      </Text>
      <ul className={styles.results} aria-label={t(`resultTitle.${action}`)}>
        {result.results.map((r) => (
          <li key={r.profileId} className={styles.result}>
            {r.outcome === 'done' ? (
              <CheckmarkCircle20Filled className={styles.done} aria-hidden />
            ) : (
              <DismissCircle20Filled className={styles.refused} aria-hidden />
            )}
            <Text>
              {rich(t, 'resultLine', {
                name: (
                  <strong>
                    {r.profileName ?? names.get(r.profileId) ?? t('unknownProfile', { id: r.profileId })}
                  </strong>
                ),
                outcome: r.outcome === 'done' ? t(`outcomeDone.${action}`) : t('outcomeRefused'),
              })}
            </Text>
            {r.detail && (
              <Text size={200} className={styles.detail}>
                {r.detail}
              </Text>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
