import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from '@fluentui/react-components';
import { servicesNs } from '../i18n/namespaces/services';
import { useT } from '../i18n/react';

export type LeaveDialogProps = { onStay: () => void; onLeave: () => void };

/** Loaded only when someone leaves with unsaved edits (keeps Dialog out of the first load). */
export default function LeaveDialog({ onStay, onLeave }: LeaveDialogProps) {
  const t = useT(servicesNs);
  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onStay()} modalType="alert">
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('leaveTitle')}</DialogTitle>
          <DialogContent>{t('leaveBody')}</DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onStay}>
              {t('stay')}
            </Button>
            <Button appearance="primary" onClick={onLeave}>
              {t('leave')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
