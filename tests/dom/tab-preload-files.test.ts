import { afterEach, describe, expect, it } from 'vitest';
import { preloadListedModules, SHELL_FILES_ELEMENT_ID } from '../../src/lib/preloadFiles';

function listInPage(text: string) {
  const block = document.createElement('script');
  block.type = 'application/json';
  block.id = SHELL_FILES_ELEMENT_ID;
  block.textContent = text;
  document.body.append(block);
}

const preloads = () =>
  [...document.head.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')].map((link) => ({
    href: link.getAttribute('href'),
    crossOrigin: link.getAttribute('crossorigin'),
  }));

afterEach(() => {
  document.head.replaceChildren();
  document.body.replaceChildren();
});

describe('preloading the React shell’s files listed in index.html', () => {
  it('adds one modulepreload per listed file, in CORS mode like the module scripts', () => {
    listInPage(JSON.stringify(['/assets/TabShell-abc.js', '/assets/Button-def.js']));
    preloadListedModules(SHELL_FILES_ELEMENT_ID);
    expect(preloads()).toEqual([
      { href: '/assets/TabShell-abc.js', crossOrigin: '' },
      { href: '/assets/Button-def.js', crossOrigin: '' },
    ]);
  });

  it('skips what is not a path on this origin, and does nothing without a readable list', () => {
    listInPage(JSON.stringify(['https://elsewhere.example/x.js', '//cdn.example/y.js', 42, '/assets/ok.js']));
    preloadListedModules(SHELL_FILES_ELEMENT_ID);
    expect(preloads().map((p) => p.href)).toEqual(['/assets/ok.js']);

    document.head.replaceChildren();
    document.body.replaceChildren();
    listInPage('not json');
    preloadListedModules(SHELL_FILES_ELEMENT_ID);
    preloadListedModules('no-such-block'); // the development server writes no list
    expect(preloads()).toEqual([]);
  });
});
