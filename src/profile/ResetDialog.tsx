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
import { profileNs } from '../i18n/namespaces/profile';
import { useT } from '../i18n/react';

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
  const t = useT(profileNs);
  if (blockedReason) {
    return (
      <Tooltip content={blockedReason} relationship="description">
        <Button size={size} icon={<ArrowReset20Regular />} disabledFocusable>
          {t('resetButton')}
        </Button>
      </Tooltip>
    );
  }
  return (
    <Dialog open={open} onOpenChange={(_, data) => setOpen(data.open)}>
      <DialogTrigger disableButtonEnhancement>
        <Button size={size} icon={<ArrowReset20Regular />} disabledFocusable={busy}>
          {t('resetButton')}
        </Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('resetTitle', { name: profileName })}</DialogTitle>
          <DialogContent>{t('resetBody')}</DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="secondary">{t('cancel')}</Button>
            </DialogTrigger>
            <Button
              appearance="primary"
              onClick={() => {
                setOpen(false);
                onReset();
              }}
            >
              {t('reset')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
