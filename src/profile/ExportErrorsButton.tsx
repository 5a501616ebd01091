import { Button, MessageBar, MessageBarBody, Spinner } from '@fluentui/react-components';
import { ArrowDownload20Regular } from '@fluentui/react-icons/svg/arrow-download';
import { useMutation } from '@tanstack/react-query';
import { createExportLink } from '../api/syncErrors';
import type { ApiError } from '../api/apiError';
import { ProblemBar } from '../components/ProblemBar';
import { triageNs } from '../i18n/namespaces/triage';
import { useT } from '../i18n/react';
import { useAppServices, useControlSize } from '../services/appServices';
import { openInBrowser } from '../teams/openInBrowser';

export type ExportErrorsButtonProps = { profileId: string; disabled?: boolean };

/**
 * "Export errors (CSV)": asks the backend for a one-time link (the browser Teams opens has no SSO
 * token) and opens it through the host, where the file downloads.
 */
export function ExportErrorsButton({ profileId, disabled }: ExportErrorsButtonProps) {
  const t = useT(triageNs);
  const size = useControlSize();
  const { api, origin } = useAppServices();
  const exporting = useMutation<void, ApiError>({
    mutationFn: async () => {
      const link = await createExportLink(api, profileId);
      await openInBrowser(new URL(link.url, origin).toString());
    },
  });
  return (
    <>
      <Button
        size={size}
        icon={exporting.isPending ? <Spinner size="tiny" /> : <ArrowDownload20Regular />}
        disabled={disabled || exporting.isPending}
        onClick={() => exporting.mutate()}
      >
        {exporting.isPending ? t('exporting') : t('export')}
      </Button>
      {exporting.isSuccess && (
        <MessageBar intent="info" role="status">
          <MessageBarBody>{t('exportOpened')}</MessageBarBody>
        </MessageBar>
      )}
      {exporting.error && (
        <ProblemBar error={exporting.error} onRetry={() => exporting.mutate()} title={t('exportFailed')} />
      )}
    </>
  );
}
