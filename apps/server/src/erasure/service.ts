import type { Db } from '@concord/db';
import type { ItemErasureResult, PersonErasureResult } from '@concord/protocol';
import type { Logger } from '../log.ts';
import type { MediaLibrary } from '../media/types.ts';
import type { AccessChange, AccessNotifier } from '../services.ts';
import { eraseItemTx, type ErasureRequest } from './erase-item.ts';
import { erasePersonTx } from './erase-person.ts';

/** GDPR Art. 17 erasure of items and people (./SPEC.md). */
export interface ErasureService {
  /** Erases an item of a project [GD1-GD9]; 404 when it is not in the project. */
  eraseItem(input: ErasureRequest & { projectId: string; itemId: string }): Promise<ItemErasureResult>;
  /** Erases a person's personal data [GD10-GD12]; 404 for an unknown user, 409 for the last active admin. */
  erasePerson(input: ErasureRequest & { userId: string }): Promise<PersonErasureResult>;
}

/**
 * The erasure service: the transaction, then what cannot be part of it: media bytes leave the store and
 * live sockets re-check their access (and close) on every instance [GD4] [GD8] [GD12].
 * @example const erasure = createErasureService({ db, media, notifier, log }); await erasure.eraseItem({ projectId, itemId, actorId, reason: 'data_subject_request' });
 */
export function createErasureService(options: { db: Db; media: Pick<MediaLibrary, 'removeFiles'>; notifier: AccessNotifier; log: Logger }): ErasureService {
  const { db, media, notifier, log } = options;

  async function tell(change: AccessChange): Promise<void> {
    try {
      await notifier.accessChanged(change);
    } catch (err) {
      // Committed already: sockets still re-check on their periodic timer.
      log.error({ err, change }, 'erasure: could not publish an access change');
    }
  }

  return {
    async eraseItem(input) {
      const outcome = await eraseItemTx(db, input);
      const removed = await media.removeFiles(outcome.storageKeys);
      if (removed < outcome.storageKeys.length) log.error({ itemId: input.itemId, missing: outcome.storageKeys.length - removed }, 'erasure: some media files were not removed');
      for (const documentId of outcome.documentIds) await tell({ kind: 'document', documentId });
      return outcome.result;
    },

    async erasePerson(input) {
      const result = await erasePersonTx(db, input);
      if (!result.alreadyErased) {
        await tell({ kind: 'tokens', userId: input.userId });
        await tell({ kind: 'user', userId: input.userId });
      }
      return result;
    },
  };
}
