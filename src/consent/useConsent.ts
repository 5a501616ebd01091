import { authentication } from '@microsoft/teams-js';
import { useCallback, useState } from 'react';
import { useAppServices } from '../services/appServices';
import { AUTH_POPUP_HEIGHT, AUTH_POPUP_WIDTH, authStartUrl, describeConsentFailure } from './consentFlow';
import { consentNs } from '../i18n/namespaces/consent';
import { useT } from '../i18n/react';

export type ConsentState =
  { phase: 'idle' } | { phase: 'waiting' } | { phase: 'declined'; calm: boolean; message: string };

export function useConsent(consentUrl: string | undefined, onGranted: () => void) {
  const { api, origin } = useAppServices();
  const t = useT(consentNs);
  const [state, setState] = useState<ConsentState>({ phase: 'idle' });

  // Called straight from the click: any await before `authenticate` and browsers block the popup.
  const grant = useCallback(() => {
    if (!consentUrl) return;
    setState({ phase: 'waiting' });
    authentication
      .authenticate({
        url: authStartUrl(origin, consentUrl),
        width: AUTH_POPUP_WIDTH,
        height: AUTH_POPUP_HEIGHT,
      })
      .then(() => {
        api.noteConsentGranted();
        setState({ phase: 'idle' });
        onGranted();
      })
      .catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        setState({ phase: 'declined', ...describeConsentFailure(reason, t) });
      });
  }, [api, consentUrl, onGranted, origin, t]);

  return { state, grant, canGrant: !!consentUrl };
}
