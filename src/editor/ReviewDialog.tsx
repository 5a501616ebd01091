import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
} from '@fluentui/react-components';
import type { ProfileChange, RebaseResult } from '../../contracts/profileChanges';
import { useEditorDialogStyles } from './useEditorDialogStyles';
import { changeText, settingsText } from '../components/changeText';
import { editorNs } from '../i18n/namespaces/editor';
import { useT } from '../i18n/react';

export type ReviewDialogProps = {
  open: boolean;
  changes: readonly ProfileChange[];
  saving: boolean;
  /** After reapplying edits on a newer version: where both admins changed the same thing. */
  rebaseNote: Pick<RebaseResult, 'overlaps' | 'dropped'> | null;
  onSave: () => void;
  onClose: () => void;
};

/** Every change in words, before anything is sent. */
export function ReviewDialog({ open, changes, saving, rebaseNote, onSave, onClose }: ReviewDialogProps) {
  const styles = useEditorDialogStyles();
  const t = useT(editorNs);
  return (
    <Dialog open={open} onOpenChange={(_, data) => !data.open && !saving && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('reviewChanges')}</DialogTitle>
          <DialogContent>
            {rebaseNote && (rebaseNote.overlaps.length > 0 || rebaseNote.dropped.length > 0) && (
              <MessageBar intent="warning" layout="multiline">
                <MessageBarBody>
                  {[
                    t('reapplied'),
                    rebaseNote.overlaps.length > 0 &&
                      t('reappliedOverlaps', { settings: settingsText(t, rebaseNote.overlaps) }),
                    rebaseNote.dropped.length > 0 &&
                      t('reappliedDropped', {
                        changes: rebaseNote.dropped.map((c) => changeText(t, c)).join(t('itemSeparator')),
                      }),
                  ]
                    .filter(Boolean)
                    .join(' ')}
                </MessageBarBody>
              </MessageBar>
            )}
            <div className={styles.dialogSection}>
              <Text>{t('willBeSaved', { count: changes.length })}</Text>
              <ul className={styles.changeList} aria-label={t('changesToSave')}>
                {changes.map((change) => (
                  <li key={change.key}>{changeText(t, change)}</li>
                ))}
              </ul>
            </div>
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose} disabled={saving}>
              {t('keepEditing')}
            </Button>
            <Button
              appearance="primary"
              onClick={onSave}
              disabled={saving || changes.length === 0}
              icon={saving ? <Spinner size="tiny" /> : undefined}
            >
              {saving ? t('saving') : t('saveChanges')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
