import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { Me } from '../../contracts/api';
import { commonNs } from '../i18n/namespaces/common';
import { useT } from '../i18n/react';

/** Readers (Global Reader and similar) see everything but cannot change anything: say so once. */
export function ReadOnlyBanner({ me }: { me: Me }) {
  const t = useT(commonNs);
  if (me.canWrite) return null;
  return (
    <MessageBar intent="info" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t('readOnlyTitle')}</MessageBarTitle>
        {me.restriction ?? t('readOnlyBody')}
      </MessageBarBody>
    </MessageBar>
  );
}
