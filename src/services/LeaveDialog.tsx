import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from '@fluentui/react-components';

export type LeaveDialogProps = { onStay: () => void; onLeave: () => void };

/** Loaded only when someone leaves with unsaved edits (keeps Dialog out of the first load). */
export default function LeaveDialog({ onStay, onLeave }: LeaveDialogProps) {
  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onStay()} modalType="alert">
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Leave with unsaved changes?</DialogTitle>
          <DialogContent>
            Your changes to this profile are not saved yet. They stay on this device as a draft, and you can
            restore them when you open the profile again.
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onStay}>
              Stay
            </Button>
            <Button appearance="primary" onClick={onLeave}>
              Leave
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
