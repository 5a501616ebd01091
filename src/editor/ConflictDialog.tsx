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
  const overlapping = conflict?.overlaps ?? [];
  return (
    <Dialog open={conflict !== null} onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>
            {conflict?.fromDraft
              ? 'The profile changed since your draft'
              : 'Someone else changed this profile'}
          </DialogTitle>
          <DialogContent>
            {conflict && (
              <>
                <div className={styles.dialogSection}>
                  <Text>
                    {conflict.fromDraft
                      ? 'Your unsaved draft was made on an older version of this profile.'
                      : 'Another admin saved this profile while you were editing, so your changes were not saved.'}
                  </Text>
                  <Subtitle2 as="h3">What changed since</Subtitle2>
                  {conflict.theirChanges.length === 0 ? (
                    <Text>Nothing you can edit here (only its status or read-only details).</Text>
                  ) : (
                    <ul className={styles.changeList} aria-label="Changes made by someone else">
                      {conflict.theirChanges.map((change) => (
                        <li key={change.key}>{change.text}</li>
                      ))}
                    </ul>
                  )}
                </div>
                <div className={styles.dialogSection}>
                  <Subtitle2 as="h3">Your changes</Subtitle2>
                  <ul className={styles.changeList} aria-label="Your changes">
                    {conflict.myChanges.map((change) => (
                      <li key={change.key}>{change.text}</li>
                    ))}
                  </ul>
                  {overlapping.length > 0 && (
                    <Text>
                      You both changed {overlapping.map((c) => `${c.section} · ${c.label}`).join('; ')}.
                      Reapplying uses your value there; everything else keeps both sets of changes.
                    </Text>
                  )}
                </div>
              </>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onKeepTheirs}>
              Discard my changes
            </Button>
            <Button appearance="primary" onClick={onReapply}>
              Reapply my changes
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
