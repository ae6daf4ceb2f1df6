// Child process of the export benchmark (export.ts): runs the server's real export path, createExportService
// with the Drizzle database, the RoomRegistry as DocumentReader and the local media service (export-service.ts);
// its progress events only mark memory at 10 %, 25 %, 50 %, 75 % and 100 % of the items. Prints one RESULT line.
import { createDb } from '@concord/db';
import { exportRequestSchema, type ExportFormat } from '@concord/protocol';
import { parseChildArgs } from './export-args.ts';
import { createRealExportService } from './export-service.ts';
import { createMemorySampler, mb, report } from './memory.ts';

const args = parseChildArgs(process.argv[2]);
const handle = await createDb({ target: args.target, migrate: false });
const checkpoints = [0.1, 0.25, 0.5, 0.75, 1];
let next = 0;
let started = 0;
const memory = createMemorySampler();
const { service, close } = await createRealExportService({
  db: handle.db,
  dataDir: args.dataDir,
  onProgress: ({ itemsDone, itemsTotal }) => {
    while (next < checkpoints.length && itemsTotal > 0 && itemsDone >= checkpoints[next]! * itemsTotal) {
      const mark = memory.mark(`${Math.round(checkpoints[next]! * 100)} %`);
      console.error(`  concord: ${mark.label} (${itemsDone} items, ${Math.round(performance.now() - started)} ms), RSS ${mb(mark.rss)} MB`);
      next++;
    }
  },
});

const baselineRss = process.memoryUsage().rss;
started = performance.now();
const job = await service.start({ projectId: args.projectId, userId: args.userId, request: exportRequestSchema.parse({ format: args.format as ExportFormat }) });
await service.idle();
const wallMs = performance.now() - started;
const done = await service.get(job.id);
const { peakRss, peakHeapUsed, marks } = memory.stop();
await close();
await handle.close();
if (!done || done.status !== 'done') {
  console.error(`export ${job.id} ended ${done?.status ?? 'missing'}: ${done?.failure ?? ''}`);
  process.exit(1);
}
report({
  kind: 'concord',
  items: done.itemsDone,
  rows: done.rows,
  outputBytes: done.files.reduce((sum, f) => sum + f.bytes, 0),
  wallMs,
  baselineRss,
  peakRss,
  peakHeapUsed,
  maxRss: process.resourceUsage().maxRSS * 1024,
  marks,
  files: done.files,
});
