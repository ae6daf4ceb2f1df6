import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
const unitDirs = ['apps/server/src', 'apps/server/bench', ...readdirSync(join(root, 'packages')).map((name) => `packages/${name}/src`)];
/** The unit files that run on whatever DATABASE_URL / REDIS_URL name (the storage and coordination contracts). */
const contracts = ['apps/server/src/persistence/persistence.test.ts', 'apps/server/src/coordination/coordination.test.ts'];

// CI runs the `contracts` project, not `unit`, again on Postgres + Redis: a unit file that reads the
// service variables belongs in `contracts`, or that second run would never reach it.
for (const dir of unitDirs) {
  for (const file of readdirSync(join(root, dir), { recursive: true }).map(String)) {
    if (!file.endsWith('.test.ts') || contracts.includes(`${dir}/${file}`)) continue;
    if (/process\.env\.(DATABASE_URL|REDIS_URL)|@concord\/db\/testing|createBackend/.test(readFileSync(join(root, dir, file), 'utf8'))) {
      throw new Error(`${dir}/${file} reads DATABASE_URL / REDIS_URL: add it to \`contracts\` in vitest.config.ts`);
    }
  }
}

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
          exclude: [...configDefaults.exclude, ...contracts],
          testTimeout: 10_000,
        },
      },
      {
        test: {
          name: 'contracts',
          include: contracts,
          testTimeout: 10_000,
        },
      },
      // The web client's own unit tests run through its Vite config (Svelte runes need the compiler).
      'apps/web/vitest.config.ts',
      {
        test: {
          name: 'integration',
          include: ['packages/*/test/**/*.test.ts', 'apps/server/test/**/*.test.ts'],
          // Each file starts its own servers (port 0, a database of its own) and leaves no module state
          // behind, so a worker keeps the server's modules loaded from one file to the next: importing them
          // afresh cost ~3 s of CPU per file, and this tier went from ~760 s to ~410 s on 2 cores.
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['apps/web/test/browser/**/*.test.ts'],
          // As the integration tier: every file has its own server and Chromium (a smaller gain here: ~510 → ~490 s).
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
