/**
 * Teams themes by the names Teams uses (`default`, `dark`, `contrast`). Unknown values (newer
 * hosts mention `glass`) fall back to light, as teams-tab-sso.md §1.4 advises.
 */
export const themeNames = ['default', 'dark', 'contrast'] as const;
export type ThemeName = (typeof themeNames)[number];

export function normalizeThemeName(value: string | null | undefined): ThemeName {
  const lower = (value ?? '').trim().toLowerCase();
  if (lower === 'dark') return 'dark';
  if (lower === 'contrast' || lower === 'highcontrast' || lower === 'high-contrast') return 'contrast';
  return 'default';
}

/**
 * The theme from the `?theme=` URL placeholder Teams fills in (`{theme}` / `{app.theme}`), so the
 * first paint already has the right colours. An unfilled placeholder counts as absent.
 */
export function themeFromSearch(search: string): ThemeName | null {
  const raw = new URLSearchParams(search).get('theme');
  if (!raw || raw.includes('{')) return null;
  return normalizeThemeName(raw);
}
