import { makeStaticStyles } from '@fluentui/react-components';

/**
 * The document itself: no browser margin around the tab, and headings and paragraphs without
 * default margins (every layout here spaces with flex/grid gaps and tokens).
 */
export const useGlobalStyles = makeStaticStyles({
  body: { margin: 0 },
  'h1, h2, h3, h4, p, dl, dd': { margin: 0 },
});
