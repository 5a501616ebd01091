/**
 * The host's choices as a URL (so a link opens a given state) and the channel tab's saved
 * configuration in localStorage, one entry per team and channel, as Teams keeps it per tab.
 */
import { findPersona, personas } from '../../directory';
import {
  hostClientTypes,
  hostLocales,
  hostTabs,
  hostThemes,
  type HostClientType,
  type HostLocale,
  type HostTab,
  type HostTheme,
  type InstanceConfig,
  type TeamFixture,
} from '../protocol';

export type HostChoices = {
  persona: string;
  client: HostClientType;
  theme: HostTheme;
  tab: HostTab;
  /** The client's language (Teams' Settings › Appearance › Language). */
  locale: HostLocale;
};

export const defaultChoices: HostChoices = {
  persona: 'admin@contoso',
  client: 'web',
  theme: 'default',
  tab: 'personal',
  locale: 'en-us',
};

function oneOf<T extends string>(allowed: readonly T[], value: string | null): T | undefined {
  return allowed.find((a) => a.toLowerCase() === value?.toLowerCase());
}

/** Reads the choices from a query string; unknown values are reported and replaced by defaults. */
export function choicesFromQuery(search: string): { choices: HostChoices; problems: string[] } {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const pick = <T extends string>(name: keyof HostChoices, allowed: readonly T[], fallback: T): T => {
    const raw = params.get(name);
    if (raw === null || raw === '') return fallback;
    const value = oneOf(allowed, raw);
    if (value === undefined) {
      problems.push(`Unknown ${name} "${raw}" in the address (use one of: ${allowed.join(', ')}).`);
      return fallback;
    }
    return value;
  };
  return {
    choices: {
      persona: pick(
        'persona',
        personas.map((p) => p.key),
        defaultChoices.persona,
      ),
      client: pick('client', hostClientTypes, defaultChoices.client),
      theme: pick('theme', hostThemes, defaultChoices.theme),
      tab: pick('tab', hostTabs, defaultChoices.tab),
      locale: pick('locale', hostLocales, defaultChoices.locale),
    },
    problems,
  };
}

export function queryFromChoices(choices: HostChoices): string {
  const params = new URLSearchParams({
    persona: choices.persona,
    client: choices.client,
    theme: choices.theme,
    tab: choices.tab,
    locale: choices.locale,
  });
  // Keep the @ readable in the address bar.
  return `?${params.toString().replace(/%40/g, '@')}`;
}

export function personaOrThrow(key: string) {
  const persona = findPersona(key);
  if (!persona) throw new Error(`Unknown persona ${key}`);
  return persona;
}

const storageKey = (team: TeamFixture) => `sds-teams-host:tab-config:${team.teamId}:${team.channelId}`;

export function loadSavedConfig(team: TeamFixture): InstanceConfig | null {
  const raw = window.localStorage.getItem(storageKey(team));
  if (raw === null) return null;
  try {
    const value = JSON.parse(raw) as InstanceConfig;
    return typeof value.contentUrl === 'string' ? value : null;
  } catch {
    return null;
  }
}

export function storeSavedConfig(team: TeamFixture, config: InstanceConfig): void {
  window.localStorage.setItem(storageKey(team), JSON.stringify(config));
}
