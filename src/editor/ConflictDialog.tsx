import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Subtitle2,
  Text,
} from '@fluentui/react-components';
import type { Conflict } from './editorMachine';
import { useEditorDialogStyles } from './useEditorDialogStyles';
import { changeText, settingsText } from '../components/changeText';
import { editorNs } from '../i18n/namespaces/editor';
import { useT } from '../i18n/react';

export type ConflictDialogProps = {
  conflict: Conflict | null;
  onReapply: () => void;
  onKeepTheirs: () => void;
  onClose: () => void;
};

/**
 * Someone saved the profile after this admin started editing (a 412, or an old local draft):
 * show what they changed and what this admin changed, and offer to reapply on top.
 */
export function ConflictDialog({ conflict, onReapply, onKeepTheirs, onClose }: ConflictDialogProps) {
  const styles = useEditorDialogStyles();
  const t = useT(editorNs);
  const overlapping = conflict?.overlaps ?? [];
  return (
    <Dialog open={conflict !== null} onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{conflict?.fromDraft ? t('conflictTitleDraft') : t('conflictTitle')}</DialogTitle>
          <DialogContent>
            {conflict && (
              <>
                <div className={styles.dialogSection}>
                  <Text>{conflict.fromDraft ? t('conflictBodyDraft') : t('conflictBody')}</Text>
                  <Subtitle2 as="h3">{t('whatChangedSince')}</Subtitle2>
                  {conflict.theirChanges.length === 0 ? (
                    <Text>{t('nothingEditable')}</Text>
                  ) : (
                    <ul className={styles.changeList} aria-label={t('theirChanges')}>
                      {conflict.theirChanges.map((change) => (
                        <li key={change.key}>{changeText(t, change)}</li>
                      ))}
                    </ul>
                  )}
                </div>
                <div className={styles.dialogSection}>
                  <Subtitle2 as="h3">{t('yourChanges')}</Subtitle2>
                  <ul className={styles.changeList} aria-label={t('yourChanges')}>
                    {conflict.myChanges.map((change) => (
                      <li key={change.key}>{changeText(t, change)}</li>
                    ))}
                  </ul>
                  {overlapping.length > 0 && (
                    <Text>{t('bothChanged', { settings: settingsText(t, overlapping) })}</Text>
                  )}
                </div>
              </>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onKeepTheirs}>
              {t('discardMine')}
            </Button>
            <Button appearance="primary" onClick={onReapply}>
              {t('reapplyMine')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
