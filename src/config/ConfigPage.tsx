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

/** The channel tab's settings: show all profiles, or pin one. Teams' own Save button saves. */
export default function ConfigPage() {
  const styles = useConfigPageStyles();
  const size = useControlSize();
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
        Set up the SDS Profiles tab
      </Title3>
      <Body1 className={styles.intro}>
        Choose what this tab shows{channelName ? ` in ${channelName}` : ''}. Everyone in the channel sees the
        same choice; what each person can do still depends on their own role.
      </Body1>

      {!saveSupport.supported && (
        <MessageBar intent="warning">
          <MessageBarBody>
            This page saves through Teams' tab settings, which aren't available here ({saveSupport.reason}).
            Open it by adding the app as a tab to a channel.
          </MessageBarBody>
        </MessageBar>
      )}

      <Field label="What this tab shows" required>
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
                All profiles
                <Caption1 className={styles.radioHint}>
                  A status card for every SDS profile, problems first.
                </Caption1>
              </>
            }
          />
          <Radio
            value="one"
            label={
              <>
                One profile
                <Caption1 className={styles.radioHint}>Its status, settings and sync errors.</Caption1>
              </>
            }
          />
        </RadioGroup>
      </Field>

      {choice?.scope === 'one' && (
        <>
          {profiles.phase === 'loading' && (
            <Spinner size="small" label="Loading profiles…" labelPosition="after" />
          )}
          {profiles.phase === 'error' &&
            (profiles.error.code === 'consent_required' ? (
              <ConsentCard consentUrl={profiles.error.problem?.consentUrl} onGranted={loadProfiles} />
            ) : (
              <ProblemBar error={profiles.error} onRetry={loadProfiles} title="Couldn't load the profiles" />
            ))}
          {profiles.phase === 'ready' && profiles.profiles.length === 0 && (
            <MessageBar intent="info">
              <MessageBarBody>
                There are no SDS profiles in this tenant yet. Choose "All profiles" for now.
              </MessageBarBody>
            </MessageBar>
          )}
          {profiles.phase === 'ready' && profiles.profiles.length > 0 && (
            <Field
              label="Profile"
              required
              validationMessage={selectedId ? undefined : 'Choose the profile this tab shows.'}
              validationState={selectedId ? 'none' : 'warning'}
            >
              <Dropdown
                size={size}
                className={styles.dropdown}
                placeholder="Choose a profile"
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

      <Caption1 className={styles.footnote}>You can change this later from the tab's Settings.</Caption1>
    </main>
  );
}
