// Lint enforces the layering of ARCHITECTURE.md ("Import rules") and the IPC conventions of STYLE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const upward = (folder) => [`../${folder}/*`, `../../${folder}/*`, `../../../${folder}/*`, `../../../../${folder}/*`, `../../../../../${folder}/*`];

const nodeBuiltins = { group: ['node:*'], message: 'shared/ is pure: no node:* imports.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.accord/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'shared/ is pure: no electron.' }],
          patterns: [
            nodeBuiltins,
            { group: [...upward('electron'), ...upward('server'), ...upward('renderer')], message: 'shared/ imports nothing from the other folders.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'window', message: 'shared/ is pure: no DOM.' },
        { name: 'document', message: 'shared/ is pure: no DOM.' },
        { name: 'localStorage', message: 'shared/ is pure: no DOM.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Inject `now`; no Date.now() in shared/.' },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The compiler-oriented rules of react-hooks 6+ flag patterns we use on purpose (refs in virtual lists).
      'react-hooks/refs': 'off',
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/purity': 'off',
      'react-hooks/immutability': 'off',
      // We do not run the React Compiler; this rule only reports what it would skip.
      'react-hooks/incompatible-library': 'off',
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer reaches the desktop only through renderer/src/host.' }],
          patterns: [
            nodeBuiltins,
            { group: [...upward('electron'), ...upward('server')], message: 'renderer/ imports shared/, never electron/ or server/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: [...upward('renderer'), ...upward('server')], message: 'electron/ imports shared/ only.' }] },
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    ignores: ['electron/main/ipc/handle.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='ipcMain'][callee.property.name=/^(handle|handleOnce|on|once)$/]",
          message: 'Register IPC handlers through electron/main/ipc/handle.ts, which validates the sender and the arguments.',
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: [...upward('renderer'), ...upward('electron')], message: 'server/ imports shared/ only.' }] },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.mjs', '*.config.{ts,js}', '*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
