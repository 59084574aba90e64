// ESLint flat config: @eslint/js recommended plus typescript-eslint's type-checked rules for every
// TypeScript file of the project (sources, migrations, tests), using the TypeScript project service. The web
// application (src/web, TSX included) is checked against its own tsconfig (DOM, bundler resolution), which the
// project service finds as the nearest tsconfig.json.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const TS_FILES = ['src/**/*.ts', 'src/web/**/*.tsx', 'migrations/**/*.ts', 'test/**/*.ts'];

export default defineConfig(
  {
    ignores: ['dist/', '.test-build/', 'node_modules/', 'data/', 'coverage/', 'jest.config.js', 'eslint.config.js'],
  },
  {
    files: TS_FILES,
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Named exports only in the application code (eslint-plugin-import is not installed).
    files: ['src/**/*.ts', 'src/web/**/*.tsx'],
    ignores: ['src/web/vite.config.ts'], // Vite reads its configuration from the default export
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ExportDefaultDeclaration',
          message: 'Use named exports; default exports are not allowed in src/.',
        },
      ],
    },
  },
  {
    // Tests work with loosely typed HTTP bodies, mocks and fixtures: keep the type-checked rules that find bugs,
    // drop the ones that only add noise there.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
);
