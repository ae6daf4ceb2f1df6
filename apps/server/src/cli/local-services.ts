import type { ImportProgress } from '@concord/protocol';
import { createConfiguredMedia } from '../exports/standalone.ts';
import { createImportService } from '../imports/service.ts';
import type { ImportService } from '../imports/types.ts';
import { createItemService } from '../items/item-service.ts';
import type { LocalContext } from './local.ts';

/** The server's import service in this process; progress after every batch goes to `onProgress`. */
export function createLocalImportService(local: LocalContext, onProgress: (progress: ImportProgress) => void): ImportService {
  const { config, db, log } = local;
  const media = createConfiguredMedia({ db: db.db, config, log });
  return createImportService({ db: db.db, config, log, items: createItemService({ db: db.db }), media, emitProgress: onProgress });
}
