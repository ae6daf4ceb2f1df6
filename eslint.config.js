// Lints for async correctness and type-only imports with type information from each package's tsconfig.
// Import cycles are checked separately by dpdm (`npm run lint`).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    '**/dist/',
    '**/node_modules/',
    '**/.turbo/',
    '**/.svelte-kit/',
    '**/build/',
    '**/coverage/',
    'packages/db/drizzle/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,mts,cts,js,mjs}'],
    languageOptions: {
      ecmaVersion: 2023,
      globals: globals.node,
      parserOptions: {
        projectService: {
          // Files outside every tsconfig (root config files, .mjs scripts) get a default project;
          // everything under apps/*/src|test and packages/*/src|test is typed by its own tsconfig.
          allowDefaultProject: ['*.js', '*.ts', 'scripts/*.mjs', 'apps/*/scripts/*.mjs', 'apps/*/bin/*.mjs', 'apps/server/src/persistence/*.mjs', 'apps/*/*.config.js', 'apps/*/vitest.config.ts'],
          // About a dozen small files share the default project (the limit is 8 by default).
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 24,
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // An unnamed Y.Doc costs 31 calls into the random source for its uuid (rooms/named-doc.ts).
    files: ['apps/server/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'apps/server/src/rooms/named-doc.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.object.name='Y'][callee.property.name='Doc']", message: 'Use namedDoc() from rooms/named-doc.ts: an unnamed Y.Doc draws a uuid one random call per digit.' },
      ],
    },
  },
  {
    // Plain JavaScript has no `import type`.
    files: ['**/*.{js,mjs}'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  ...svelte.configs.recommended,
  {
    // Components: the Svelte parser hands <script> to TypeScript's parser. No type information here
    // (typed linting of .svelte files tripled lint time); their logic lives in typed .ts/.svelte.ts
    // modules, and svelte-check type-checks the markup.
    files: ['**/*.svelte'],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
  },
  {
    // Rune modules: typed, so the async rules of the first block apply to them too.
    files: ['**/*.svelte.ts'],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { parser: tseslint.parser, projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    rules: {
      // The app is served at the root of its origin (no `paths.base`), so plain hrefs and goto() are right.
      'svelte/no-navigation-without-resolve': 'off',
      // Flags every Set/Map, including local temporaries and private bookkeeping that is never rendered.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
);
