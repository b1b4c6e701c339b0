import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** Wrapper rule: one place imports each heavy dependency (see ../shared/STYLE.md). */
const wrapped = (except) => ({
  files: ['src/**/*.ts', 'src/**/*.svelte'],
  ignores: except,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: [
          { name: 'dexie', message: 'Only src/lib/db/ imports dexie.' },
          {
            name: 'comlink',
            message: 'Only src/lib/worker/client.ts and the worker entry import comlink.'
          },
          { name: 'uplot', message: 'Only src/lib/charts/ imports uplot.' }
        ]
      }
    ]
  }
});

export default ts.config(
  {
    ignores: [
      'build/',
      '.svelte-kit/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'bench/out/',
      'dev-dist/',
      '.venv-test/'
    ]
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-undef': 'off',
      // The app is always served from the root of its origin (paths.base is ''), so plain
      // absolute hrefs are already resolved.
      'svelte/no-navigation-without-resolve': 'off',
      // State holds immutable values replaced whole in $state.raw fields (STYLE.md); Maps and
      // Sets built in functions are temporaries, so Svelte's reactive collections are not needed.
      'svelte/prefer-svelte-reactivity': 'off'
    }
  },
  {
    files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig
      }
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error'
    }
  },
  wrapped(['src/lib/db/**']),
  {
    files: ['src/lib/worker/client.ts', 'src/lib/worker/*.worker.ts'],
    rules: { 'no-restricted-imports': 'off' }
  },
  {
    files: ['src/lib/charts/**'],
    rules: { 'no-restricted-imports': 'off' }
  }
);
