import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/server/src/**/*.test.ts', 'apps/server/bench/**/*.test.ts'],
          testTimeout: 10_000,
        },
      },
      // The web client's own unit tests run through its Vite config (Svelte runes need the compiler).
      'apps/web/vitest.config.ts',
      {
        test: {
          name: 'integration',
          include: ['packages/*/test/**/*.test.ts', 'apps/server/test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['apps/web/test/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
