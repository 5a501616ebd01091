import { mergeClasses, Text } from '@fluentui/react-components';
import type { ProfileUpdate } from '../../../contracts/api';
import { odataTypes, providerKindOf } from '../../../contracts/graph';
import { providerNames } from '../../components/statusPresentation';
import { useSectionStyles } from './useSectionStyles';
import { editorNs } from '../../i18n/namespaces/editor';
import { useT } from '../../i18n/react';

/** Connection details, read-only: they are set up in School Data Sync, and secrets never reach the tab. */
export function ProviderSection({ draft }: { draft: ProfileUpdate }) {
  const styles = useSectionStyles();
  const t = useT(editorNs);
  const secretNote = t('secretNote');
  const list = (values: readonly string[] | null | undefined) =>
    values && values.length > 0 ? values.join(t('listSeparator')) : t('all');
  const provider = draft.dataProvider;
  const kind = providerKindOf(provider);
  const rows: [string, string, 'mono' | 'text'][] = [[t('dataProvider'), providerNames[kind], 'text']];

  if (provider['@odata.type'] === odataTypes.powerSchoolDataProvider) {
    rows.push(
      [t('connectionUrl'), provider.connectionUrl, 'mono'],
      [t('clientId'), provider.clientId, 'mono'],
      [t('clientSecret'), secretNote, 'text'],
      [t('schoolIds'), list(provider.schoolsIds), 'text'],
      [t('schoolYear'), provider.schoolYear || t('notSet'), 'text'],
      [
        t('teachersInSeveralSchools'),
        provider.allowTeachersInMultipleSchools ? t('allowed') : t('notAllowed'),
        'text',
      ],
    );
  } else if (provider['@odata.type'] === odataTypes.oneRosterApiDataProvider) {
    const settings = provider.connectionSettings;
    const oauth2 = settings['@odata.type'] === odataTypes.oauth2ClientCredentialsConnectionSettings;
    rows.push(
      [t('providerName'), provider.providerName || t('notSet'), 'text'],
      [t('connectionUrl'), provider.connectionUrl, 'mono'],
      [t('schoolIds'), list(provider.schoolsIds), 'text'],
      [t('termIds'), list(provider.termIds), 'text'],
      [t('authentication'), oauth2 ? t('oauth2') : t('oauth1'), 'text'],
      [t('clientId'), settings.clientId, 'mono'],
    );
    if (settings['@odata.type'] === odataTypes.oauth2ClientCredentialsConnectionSettings) {
      rows.push([t('tokenUrl'), settings.tokenUrl, 'mono']);
      if (settings.scope) rows.push([t('scope'), settings.scope, 'mono']);
    }
    rows.push([t('clientSecret'), secretNote, 'text']);
  }

  return (
    <>
      <Text className={styles.explain}>
        {kind === 'csv' ? t('csvNoConnection') : t('connectionReadOnly')}
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
