import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/**
 * The tab's folders import downward only, so no two folders depend on each other (STYLE.md:
 * pages → features → components → services → api/teams → lib → i18n). Each folder may import from the
 * folders of a lower rank; the same rank is off limits too, so siblings stay independent.
 */
const tabLayers = [
  ['app'],
  ['dashboard', 'profile', 'config'],
  ['editor', 'consent'],
  ['components'],
  ['services'],
  ['api', 'teams'],
  ['lib'],
  ['i18n'],
];
const tabLayerRules = tabLayers.flatMap((layer, rank) =>
  layer.map((folder) => {
    const above = tabLayers
      .slice(0, rank + 1)
      .flat()
      .filter((other) => other !== folder);
    return {
      files: [`src/${folder}/**/*.{ts,tsx}`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: above.length
              ? [
                  {
                    regex: `^(\\.\\./)+(${above.join('|')})/`,
                    message: `src/${folder}/ sits below ${above.map((f) => `src/${f}/`).join(', ')} (eslint.config.js tabLayers): move what both need down a layer.`,
                  },
                ]
              : [],
          },
        ],
      },
    };
  }),
);

export default tseslint.config(
  { ignores: ['node_modules', 'dist', '.local', 'appPackage/build', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...tabLayerRules,
  {
    // contracts/ is imported by the browser and by Node: it must not reach for either.
    files: ['contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'react', 'react-dom', '@fluentui/*', 'express', '../server/*', '../src/*'] },
      ],
    },
  },
);
