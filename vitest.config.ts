import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Integration and browser tests mostly wait (child servers, sockets, databases): two files at a time
    // even on 2 cores (vitest's default there is one) cut the suite's time by about a third.
    maxWorkers: Math.max(2, availableParallelism() - 1),
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
