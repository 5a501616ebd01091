import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Tooltip,
} from '@fluentui/react-components';
import { ArrowReset20Regular } from '@fluentui/react-icons/svg/arrow-reset';
import { useState } from 'react';

export type ResetDialogProps = {
  profileName: string;
  /** Why reset is unavailable (shown on the disabled button), or null. */
  blockedReason: string | null;
  busy: boolean;
  size: 'medium' | 'large';
  onReset: () => void;
};

/** Reset deletes the recorded errors: the admin confirms, knowing exactly what happens. */
export function ResetDialog({ profileName, blockedReason, busy, size, onReset }: ResetDialogProps) {
  const [open, setOpen] = useState(false);
  if (blockedReason) {
    return (
      <Tooltip content={blockedReason} relationship="description">
        <Button size={size} icon={<ArrowReset20Regular />} disabledFocusable>
          Reset sync…
        </Button>
      </Tooltip>
    );
  }
  return (
    <Dialog open={open} onOpenChange={(_, data) => setOpen(data.open)}>
      <DialogTrigger disableButtonEnhancement>
        <Button size={size} icon={<ArrowReset20Regular />} disabledFocusable={busy}>
          Reset sync…
        </Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Reset “{profileName}”?</DialogTitle>
          <DialogContent>
            Reset restarts synchronization and deletes the errors recorded so far; nothing is deleted from
            your directory. Users, classes and licenses already created stay as they are.
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="secondary">Cancel</Button>
            </DialogTrigger>
            <Button
              appearance="primary"
              onClick={() => {
                setOpen(false);
                onReset();
              }}
            >
              Reset
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
