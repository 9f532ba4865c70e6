// Lint enforces the layering in house-style (a): which folder may import which, no cycles, file names.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import checkFile from 'eslint-plugin-check-file';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.yizhan-data/**', 'coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX, 'check-file': checkFile },
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    settings: {
      'import-x/resolver': { typescript: { project: ['tsconfig.shared.json', 'tsconfig.web.json', 'tsconfig.node.json'], noWarnOnMultipleProjects: true } },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      'import-x/no-cycle': ['error', { maxDepth: 8, ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            // shared/ is pure: nothing from the app layers.
            { target: './shared', from: ['./renderer', './electron', './server', './tests', './scripts'], message: 'shared/ must stay pure' },
            { target: './server', from: ['./renderer', './electron'], message: 'server/ imports only shared/' },
            { target: './electron', from: ['./renderer', './server'], message: 'electron/ imports only shared/' },
            { target: './renderer', from: ['./electron', './server'], message: 'renderer/ imports only shared/' },
            { target: './renderer/src/store', from: ['./renderer/src/features', './renderer/src/app', './renderer/src/ui', './renderer/src/sync'], message: 'store/ has no UI and no sync engine in it' },
            { target: './renderer/src/sync', from: ['./renderer/src/features', './renderer/src/app', './renderer/src/ui'], message: 'the sync engine has no React in it' },
            { target: './renderer/src/ui', from: ['./renderer/src/features', './renderer/src/app', './renderer/src/store'], message: 'ui/ is presentational' },
          ],
        },
      ],
      'check-file/filename-naming-convention': [
        'error',
        { '**/*.{ts,js,mjs,cjs}': 'KEBAB_CASE', 'renderer/**/!(main).tsx': 'PASCAL_CASE' },
        { ignoreMiddleExtensions: true },
      ],
      'check-file/folder-naming-convention': ['error', { '{shared,renderer,electron,server,tests,scripts}/**/': 'KEBAB_CASE' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!zod(/|$)|\\.{1,2}/|vitest$|fast-check$)', message: 'shared/ imports only zod and itself (tests also vitest and fast-check)' }] },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'localStorage', 'indexedDB'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
);
