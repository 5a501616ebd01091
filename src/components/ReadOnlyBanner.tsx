import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { Me } from '../../contracts/api';

/** Readers (Global Reader and similar) see everything but cannot change anything: say so once. */
export function ReadOnlyBanner({ me }: { me: Me }) {
  if (me.canWrite) return null;
  return (
    <MessageBar intent="info" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>Read-only access</MessageBarTitle>
        {me.restriction ??
          'You can view SDS profiles but not change them. Changing profiles needs an administrator role such as Global Administrator.'}
      </MessageBarBody>
    </MessageBar>
  );
}
