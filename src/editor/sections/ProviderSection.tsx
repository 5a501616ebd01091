import { mergeClasses, Text } from '@fluentui/react-components';
import type { ProfileUpdate } from '../../../contracts/api';
import { odataTypes, providerKindOf } from '../../../contracts/graph';
import { providerNames } from '../../components/statusPresentation';
import { useSectionStyles } from './useSectionStyles';

const SECRET_NOTE = 'Stored securely; not shown';

function list(values: readonly string[] | null | undefined): string {
  return values && values.length > 0 ? values.join(', ') : 'All';
}

/** Connection details, read-only: they are set up in School Data Sync, and secrets never reach the tab. */
export function ProviderSection({ draft }: { draft: ProfileUpdate }) {
  const styles = useSectionStyles();
  const provider = draft.dataProvider;
  const kind = providerKindOf(provider);
  const rows: [string, string, 'mono' | 'text'][] = [['Data provider', providerNames[kind], 'text']];

  if (provider['@odata.type'] === odataTypes.powerSchoolDataProvider) {
    rows.push(
      ['Connection URL', provider.connectionUrl, 'mono'],
      ['Client ID', provider.clientId, 'mono'],
      ['Client secret', SECRET_NOTE, 'text'],
      ['School IDs', list(provider.schoolsIds), 'text'],
      ['School year', provider.schoolYear || 'Not set', 'text'],
      [
        'Teachers in several schools',
        provider.allowTeachersInMultipleSchools ? 'Allowed' : 'Not allowed',
        'text',
      ],
    );
  } else if (provider['@odata.type'] === odataTypes.oneRosterApiDataProvider) {
    const settings = provider.connectionSettings;
    const oauth2 = settings['@odata.type'] === odataTypes.oauth2ClientCredentialsConnectionSettings;
    rows.push(
      ['Provider name', provider.providerName || 'Not set', 'text'],
      ['Connection URL', provider.connectionUrl, 'mono'],
      ['School IDs', list(provider.schoolsIds), 'text'],
      ['Term IDs', list(provider.termIds), 'text'],
      ['Authentication', oauth2 ? 'OAuth 2.0 client credentials' : 'OAuth 1.0', 'text'],
      ['Client ID', settings.clientId, 'mono'],
    );
    if (settings['@odata.type'] === odataTypes.oauth2ClientCredentialsConnectionSettings) {
      rows.push(['Token URL', settings.tokenUrl, 'mono']);
      if (settings.scope) rows.push(['Scope', settings.scope, 'mono']);
    }
    rows.push(['Client secret', SECRET_NOTE, 'text']);
  }

  return (
    <>
      <Text className={styles.explain}>
        {kind === 'csv'
          ? 'This profile syncs CSV files uploaded to School Data Sync; it has no connection settings.'
          : 'Connection settings are managed in School Data Sync and are read-only here.'}
      </Text>
      <dl className={styles.facts}>
        {rows.map(([term, value, style]) => (
          <div key={term} className={styles.contents}>
            <dt className={styles.term}>{term}</dt>
            <dd className={mergeClasses(styles.definition, style === 'mono' && styles.mono)}>{value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
