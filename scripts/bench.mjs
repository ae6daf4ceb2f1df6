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
 * Server load benchmarks (rooms, sockets, persistence). Issue 8 adds them here, in the same shape:
 * { name, file } with `file` a script that prints its own figures and peers.
 */
const serverBenchmarks = [];

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
if (serverBenchmarks.length === 0) console.log('\nserver load benchmarks: none yet (they come with issue 8)');
process.exitCode = failed === 0 ? 0 : 1;
