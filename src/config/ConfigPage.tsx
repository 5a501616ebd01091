import {
  Body1,
  Caption1,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  Option,
  Radio,
  RadioGroup,
  Spinner,
  Title3,
} from '@fluentui/react-components';
import { useControlSize } from '../services/appServices';
import { ConsentCard } from '../consent/ConsentCard';
import { ProblemBar } from '../components/ProblemBar';
import { ChannelAlertsField } from './ChannelAlertsField';
import { useChannelAlerts } from './useChannelAlerts';
import { useConfigPage } from './useConfigPage';
import { useConfigPageStyles } from './useConfigPageStyles';
import { configNs } from '../i18n/namespaces/config';
import { useT } from '../i18n/react';
import { commonNs } from '../i18n/namespaces/common';

/** The channel tab's settings: show all profiles, or pin one. Teams' own Save button saves. */
export default function ConfigPage() {
  const styles = useConfigPageStyles();
  const size = useControlSize();
  const t = useT(configNs);
  const tc = useT(commonNs);
  const channelAlerts = useChannelAlerts();
  const { profiles, choice, setChoice, loadProfiles, saveSupport, channelName } = useConfigPage(
    channelAlerts.save,
  );
  const selectedId = choice?.scope === 'one' ? choice.profileId : null;
  const selectedName =
    profiles.phase === 'ready' && selectedId
      ? profiles.profiles.find((p) => p.id === selectedId)?.displayName
      : undefined;

  return (
    <main className={styles.root} aria-labelledby="config-title">
      <Title3 as="h1" id="config-title" className={styles.heading}>
        {t('title')}
      </Title3>
      <Body1 className={styles.intro}>
        {channelName ? t('introInChannel', { channel: channelName }) : t('intro')}
      </Body1>

      {!saveSupport.supported && (
        <MessageBar intent="warning">
          <MessageBarBody>{t('noSave', { reason: saveSupport.reason })}</MessageBarBody>
        </MessageBar>
      )}

      <Field label={t('whatLabel')} required>
        <RadioGroup
          value={choice?.scope ?? ''}
          onChange={(_, data) =>
            setChoice(data.value === 'all' ? { scope: 'all' } : { scope: 'one', profileId: selectedId })
          }
        >
          <Radio
            value="all"
            label={
              <>
                {t('allProfiles')}
                <Caption1 className={styles.radioHint}>{t('allProfilesHint')}</Caption1>
              </>
            }
          />
          <Radio
            value="one"
            label={
              <>
                {t('oneProfile')}
                <Caption1 className={styles.radioHint}>{t('oneProfileHint')}</Caption1>
              </>
            }
          />
        </RadioGroup>
      </Field>

      {choice?.scope === 'one' && (
        <>
          {profiles.phase === 'loading' && (
            <Spinner size="small" label={t('loadingProfiles')} labelPosition="after" />
          )}
          {profiles.phase === 'error' &&
            (profiles.error.code === 'consent_required' ? (
              <ConsentCard consentUrl={profiles.error.problem?.consentUrl} onGranted={loadProfiles} />
            ) : (
              <ProblemBar error={profiles.error} onRetry={loadProfiles} title={t('loadFailed')} />
            ))}
          {profiles.phase === 'ready' && profiles.profiles.length === 0 && (
            <MessageBar intent="info">
              <MessageBarBody>{t('noProfiles')}</MessageBarBody>
            </MessageBar>
          )}
          {profiles.phase === 'ready' && profiles.profiles.length > 0 && (
            <Field
              label={t('profileLabel')}
              required
              validationMessage={selectedId ? undefined : t('chooseProfile')}
              validationState={selectedId ? 'none' : 'warning'}
            >
              <Dropdown
                clearButton={{ 'aria-label': tc('clearSelection') }}
                size={size}
                className={styles.dropdown}
                placeholder={t('choosePlaceholder')}
                value={selectedName ?? ''}
                selectedOptions={selectedId ? [selectedId] : []}
                onOptionSelect={(_, data) => setChoice({ scope: 'one', profileId: data.optionValue ?? null })}
              >
                {profiles.profiles.map((p) => (
                  <Option key={p.id} value={p.id} text={p.displayName}>
                    {p.displayName}
                  </Option>
                ))}
              </Dropdown>
            </Field>
          )}
        </>
      )}

      <ChannelAlertsField alerts={channelAlerts.alerts} pinnedProfile={choice?.scope === 'one'} />

      <Caption1 className={styles.footnote}>{t('changeLater')}</Caption1>
    </main>
  );
}
