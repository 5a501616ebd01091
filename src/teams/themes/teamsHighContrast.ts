// One Teams theme per file, so that a load fetches only the theme it shows (teams/fluentTheme.ts).
export { teamsHighContrastTheme as theme } from '@fluentui/react-components';
