import { useQuery } from '@tanstack/react-query';
import { pages } from '@microsoft/teams-js';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ProfileSummary } from '../../contracts/api';
import type { ApiError } from '../api/apiError';
import { useAppServices } from '../services/appServices';
import { profilesQuery } from '../services/serverState';
import { reportLoaded } from '../teams/connectTeams';
import { choiceFromEntityId, instanceSettingsFor, isCompleteChoice, type TabChoice } from './tabInstance';
import { configNs } from '../i18n/namespaces/config';
import { useT } from '../i18n/react';

export type ProfilesState =
  { phase: 'loading' } | { phase: 'ready'; profiles: ProfileSummary[] } | { phase: 'error'; error: ApiError };

export type SaveSupport = { supported: true } | { supported: false; reason: string };

/**
 * `beforeSave` runs when Teams' Save is pressed, with the entity id the tab will have, before the
 * tab settings are stored (the channel alert setting): if it fails, so does the save, with its reason.
 */
export function useConfigPage(beforeSave?: (entityId: string) => Promise<void>) {
  const { api, host, origin } = useAppServices();
  const t = useT(configNs);
  const query = useQuery(profilesQuery(api));
  const sorted = useMemo(
    () =>
      query.data
        ? [...query.data.profiles].sort((a, b) => a.displayName.localeCompare(b.displayName, host.locale))
        : null,
    [query.data, host.locale],
  );
  const failed = query.error && !query.isFetching ? query.error : null;
  const profiles = useMemo<ProfilesState>(
    () =>
      sorted
        ? { phase: 'ready', profiles: sorted }
        : failed
          ? { phase: 'error', error: failed }
          : { phase: 'loading' },
    [sorted, failed],
  );
  const [choice, setChoice] = useState<TabChoice | null>(() => choiceFromEntityId(host.pageId));
  const [saveSupport, setSaveSupport] = useState<SaveSupport>({ supported: true });
  const latest = useRef({ choice, profiles, beforeSave });
  useEffect(() => {
    latest.current = { choice, profiles, beforeSave };
  }, [choice, profiles, beforeSave]);

  const { refetch } = query;
  const loadProfiles = useCallback(() => void refetch(), [refetch]);

  // Teams enables its Save button only once the page says the choice is complete.
  useEffect(() => {
    try {
      pages.config.setValidityState(isCompleteChoice(choice));
    } catch {
      // Reported once by the save-handler registration below.
    }
  }, [choice]);

  useEffect(() => {
    try {
      pages.config.registerOnSaveHandler((saveEvent) => {
        const { choice: current, profiles: list, beforeSave: prepare } = latest.current;
        if (!current || !isCompleteChoice(current)) {
          saveEvent.notifyFailure(t('incomplete'));
          return;
        }
        const name =
          current.scope === 'one' && list.phase === 'ready'
            ? (list.profiles.find((p) => p.id === current.profileId)?.displayName ?? null)
            : null;
        const settings = instanceSettingsFor(current, origin, name, {
          all: t('tabNameAll'),
          one: t('tabNameOne'),
        });
        Promise.resolve(prepare?.(settings.entityId))
          .then(() => pages.config.setConfig(settings))
          .then(() => saveEvent.notifySuccess())
          .catch((error: unknown) =>
            saveEvent.notifyFailure(error instanceof Error ? error.message : t('saveFailed')),
          );
      });
    } catch (error) {
      setSaveSupport({
        supported: false,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
    reportLoaded();
  }, [origin, t]);

  return { profiles, choice, setChoice, loadProfiles, saveSupport, channelName: host.channelName };
}
