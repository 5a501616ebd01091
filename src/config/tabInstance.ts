/**
 * What the configuration page saves for a channel tab: "All profiles" or one profile. The entity
 * id is what the tab reads back as `page.id` to decide which page to show (teams/hostInfo.ts).
 */
import { ALL_PROFILES_ENTITY_ID } from '../teams/hostInfo';

export type TabChoice = { scope: 'all' } | { scope: 'one'; profileId: string | null };

export type InstanceSettings = {
  entityId: string;
  contentUrl: string;
  websiteUrl: string;
  suggestedDisplayName: string;
};

export const ALL_PROFILES_TAB_NAME = 'SDS profiles';
/** Teams shows tab names in a narrow strip; longer names are cut rather than refused. */
const MAX_TAB_NAME = 64;

export function isCompleteChoice(choice: TabChoice | null): boolean {
  if (!choice) return false;
  return choice.scope === 'all' || !!choice.profileId;
}

export function instanceSettingsFor(
  choice: TabChoice,
  origin: string,
  profileName: string | null,
): InstanceSettings {
  // Teams fills `{theme}` and `{locale}` in before loading: the tab starts in the right theme with
  // no flash, and its language loads while the Teams handshake runs.
  const contentUrl = `${origin}/tab?theme={theme}&locale={locale}`;
  const websiteUrl = `${origin}/tab`;
  if (choice.scope === 'all' || !choice.profileId) {
    return {
      entityId: ALL_PROFILES_ENTITY_ID,
      contentUrl,
      websiteUrl,
      suggestedDisplayName: ALL_PROFILES_TAB_NAME,
    };
  }
  const name = (profileName ?? '').trim() || 'SDS profile';
  return {
    entityId: choice.profileId,
    contentUrl,
    websiteUrl,
    suggestedDisplayName: name.length > MAX_TAB_NAME ? `${name.slice(0, MAX_TAB_NAME - 1)}…` : name,
  };
}

/** The choice a reopened configuration page starts from (its current entity id). */
export function choiceFromEntityId(entityId: string | null): TabChoice | null {
  if (!entityId) return null;
  if (entityId === ALL_PROFILES_ENTITY_ID) return { scope: 'all' };
  return { scope: 'one', profileId: entityId };
}
