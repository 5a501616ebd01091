import {
  Button,
  Field,
  Input,
  makeStyles,
  Popover,
  PopoverSurface,
  PopoverTrigger,
  tokens,
} from '@fluentui/react-components';
import { Checkmark20Regular } from '@fluentui/react-icons/svg/checkmark';
import { Link20Regular } from '@fluentui/react-icons/svg/link';
import { useEffect, useState } from 'react';
import { profileNs } from '../i18n/namespaces/profile';
import { useT } from '../i18n/react';
import { layoutWidths, useVisuallyHiddenStyles } from '../components/layout';
import { useAppServices, useControlSize } from '../services/appServices';
import { copyText } from '../teams/clipboard';
import { profileLinkFor } from '../teams/deepLinks';

const useStyles = makeStyles({
  surface: { maxWidth: `min(${layoutWidths.explainer}, 90vw)` },
  link: { fontFamily: tokens.fontFamilyMonospace },
});

/** How long "Link copied" shows before the button reads "Copy link" again. */
const COPIED_MS = 4_000;

export type CopyProfileLinkProps = { profileId: string; profileName: string };

/**
 * "Copy link": a Teams deep link to this profile (contracts/deepLink.ts) on the clipboard. When
 * Teams does not let the tab copy, the link shows in a field to select and copy by hand.
 */
export function CopyProfileLink({ profileId, profileName }: CopyProfileLinkProps) {
  const styles = useStyles();
  const hidden = useVisuallyHiddenStyles();
  const size = useControlSize();
  const t = useT(profileNs);
  const { host } = useAppServices();
  const link = profileLinkFor(host, profileId, profileName);
  const [state, setState] = useState<'idle' | 'copied' | 'byHand'>('idle');

  useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), COPIED_MS);
    return () => clearTimeout(timer);
  }, [state]);

  // Without the app's id in the Teams context there is no link to give.
  if (!link) return null;
  const copy = () => void copyText(link).then((copied) => setState(copied ? 'copied' : 'byHand'));

  return (
    <>
      <Popover
        open={state === 'byHand'}
        onOpenChange={(_, data) => {
          if (!data.open) setState('idle');
        }}
        trapFocus
        withArrow
      >
        <PopoverTrigger disableButtonEnhancement>
          <Button
            size={size}
            icon={state === 'copied' ? <Checkmark20Regular /> : <Link20Regular />}
            onClick={copy}
          >
            {state === 'copied' ? t('linkCopied') : t('copyLink')}
          </Button>
        </PopoverTrigger>
        <PopoverSurface className={styles.surface}>
          <Field label={t('linkFieldLabel', { name: profileName })} hint={t('linkCopyByHand')}>
            <Input
              className={styles.link}
              readOnly
              value={link}
              size={size}
              autoFocus
              onFocus={(event) => event.currentTarget.select()}
            />
          </Field>
        </PopoverSurface>
      </Popover>
      {/* For screen readers: the button's own label already says "Link copied". */}
      <span role="status" className={hidden.hidden}>
        {state === 'copied' ? t('linkCopiedStatus', { name: profileName }) : ''}
      </span>
    </>
  );
}
