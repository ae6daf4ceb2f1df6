// `npm run bench`: runs each benchmark in its own Node process (so its peak RSS is its own), TypeScript
// sources loaded through tsx. Each benchmark prints its figures beside a peer measured in the same run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Agreement metrics over 100,000 items x 5 annotators (packages/agreement/bench). */
const agreementBenchmarks = [{ name: 'agreement metrics', file: 'packages/agreement/bench/agreement.ts' }];

/**
 * Export streaming (issue 7): N accepted preference items (1,000,000 on Postgres when DATABASE_URL is set,
 * 10,000 on PGlite; `BENCH_EXPORT_ITEMS` changes it) exported by the server's streaming path beside a
 * load-everything peer, each in its own process: items/s, rows/s, peak RSS, RSS growth per 100k items.
 */
const exportBenchmarks = [{ name: 'export streaming', file: 'apps/server/bench/export.ts' }];

/**
 * Server load (issue 8): Concord beside @y/websocket-server 0.1.1 (the reference) and @hocuspocus/server 3.4.4,
 * each alone on core 0, driven by stock y-websocket / hocuspocus clients on core 1: deliveries/s, edit-to-peer
 * latency, CPU per delivery, memory per idle connection, first sync of a 10,000-edit document, two instances
 * on Redis. BENCH_LOAD_SCENARIOS and BENCH_LOAD_SECONDS narrow it; docs/benchmarks.md has the method.
 */
const serverBenchmarks = [{ name: 'server load', file: 'apps/server/bench/load/main.ts' }];

let failed = 0;
for (const { name, file } of [...agreementBenchmarks, ...exportBenchmarks, ...serverBenchmarks]) {
  const path = join(root, file);
  if (!existsSync(path)) {
    console.error(`bench: ${file} is missing`);
    failed++;
    continue;
  }
  console.log(`\n== ${name} (${file})`);
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', path], { cwd: root, stdio: 'inherit' });
  console.log(`== ${name}: ${((performance.now() - started) / 1000).toFixed(1)} s, exit ${result.status ?? result.signal}`);
  if (result.status !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
