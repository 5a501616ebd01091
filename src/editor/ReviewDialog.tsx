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
  return (
    <Dialog open={open} onOpenChange={(_, data) => !data.open && !saving && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Review changes</DialogTitle>
          <DialogContent>
            {rebaseNote && (rebaseNote.overlaps.length > 0 || rebaseNote.dropped.length > 0) && (
              <MessageBar intent="warning" layout="multiline">
                <MessageBarBody>
                  Your changes were reapplied on the newer version.
                  {rebaseNote.overlaps.length > 0 &&
                    ` Where you both changed the same setting, your value is used: ${rebaseNote.overlaps
                      .map((c) => `${c.section} · ${c.label}`)
                      .join('; ')}.`}
                  {rebaseNote.dropped.length > 0 &&
                    ` Not reapplied, because the identity method changed: ${rebaseNote.dropped.map((c) => c.text).join('; ')}.`}
                </MessageBarBody>
              </MessageBar>
            )}
            <div className={styles.dialogSection}>
              <Text>
                {changes.length === 1 ? 'This change' : `These ${changes.length} changes`} will be saved to
                the profile. SDS then re-provisions the profile, which can take a few minutes.
              </Text>
              <ul className={styles.changeList} aria-label="Changes to save">
                {changes.map((change) => (
                  <li key={change.key}>{change.text}</li>
                ))}
              </ul>
            </div>
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose} disabled={saving}>
              Keep editing
            </Button>
            <Button
              appearance="primary"
              onClick={onSave}
              disabled={saving || changes.length === 0}
              icon={saving ? <Spinner size="tiny" /> : undefined}
            >
              {saving ? 'Saving…' : 'Save changes'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
