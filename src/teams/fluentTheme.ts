/**
 * Fluent's Teams themes, each in a file of its own and loaded when first shown: a load needs one,
 * and the three together cost the first load about 5 kB gzip more than one.
 */
import type { Theme } from '@fluentui/react-components';
import type { ThemeName } from './themeName';

const themeFiles: Record<ThemeName, () => Promise<{ theme: Theme }>> = {
  default: () => import('./themes/teamsLight'),
  dark: () => import('./themes/teamsDark'),
  contrast: () => import('./themes/teamsHighContrast'),
};

const loading = new Map<ThemeName, Promise<Theme>>();

export function loadFluentTheme(name: ThemeName): Promise<Theme> {
  let theme = loading.get(name);
  if (!theme) {
    theme = themeFiles[name]().then((file) => file.theme);
    // A failed download is tried again the next time the theme is asked for.
    theme.catch(() => loading.delete(name));
    loading.set(name, theme);
  }
  return theme;
}
