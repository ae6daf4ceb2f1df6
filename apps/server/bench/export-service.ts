// The server's export service as the CLI's local mode builds it (exports/standalone.ts), with a test
// configuration for a data folder, for the export benchmark and the streaming memory test.
import { join } from 'node:path';
import type { Db } from '@concord/db';
import { testConfig } from '../src/config.ts';
import { createStandaloneExportService } from '../src/exports/standalone.ts';
import type { ExportService } from '../src/exports/types.ts';
import { createLogger } from '../src/log.ts';

/** Export progress as the service reports it to the export's starter. */
export type ProgressListener = (progress: { itemsDone: number; itemsTotal: number; status: string }) => void;

/**
 * The real export service over `db`, writing under `dataDir`; `onProgress` gets every export:progress
 * event (no sockets). `close()` unloads the document registry (the database stays open).
 * @example const { service, close } = await createRealExportService({ db, dataDir, onProgress: (p) => log(p.itemsDone) });
 */
export async function createRealExportService(options: { db: Db; dataDir: string; onProgress?: ProgressListener; pageSize?: number }): Promise<{
  service: ExportService;
  close(): Promise<void>;
}> {
  const config = testConfig({ dataDir: options.dataDir, mediaDir: join(options.dataDir, 'media') });
  return createStandaloneExportService({
    db: options.db,
    config,
    log: createLogger('error'),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
  });
}
