import { exports, type Db } from '@concord/db';
import { and, eq } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { Lease, LockManager } from '../coordination/types.ts';
import type { Logger } from '../log.ts';

/** How long a running export's lease lives without renewal; renewed every third of it [X20]. */
export const exportLeaseMs = 30_000;
export const abandonedMessage = 'The server running this export stopped before it finished. Start it again.';

const leaseName = (exportId: string) => `export:${exportId}`;

/** A lease kept alive in the background until released. */
export interface HeldLease {
  release(): Promise<void>;
}

/**
 * [X20] Takes the lease of a running export and renews it every `ttlMs / 3` until released, so other
 * instances (and this one after a restart) can tell a running export from one whose server died.
 * Null when it is already held (an export id is new, so only a bug gets there).
 * @example const lease = await holdExportLease({ locks, exportId, owner: instanceId }); ...; await lease?.release();
 */
export async function holdExportLease(options: { locks: LockManager; exportId: string; owner: string; log: Logger; ttlMs?: number }): Promise<HeldLease | null> {
  const ttlMs = options.ttlMs ?? exportLeaseMs;
  let lease: Lease | null = await options.locks.acquire(leaseName(options.exportId), options.owner, ttlMs);
  if (!lease) return null;
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = (async () => {
      if (!lease) return;
      try {
        lease = (await options.locks.renew(lease, ttlMs)) ?? lease;
      } catch (error) {
        options.log.warn({ err: error, exportId: options.exportId }, 'export: lease not renewed');
      }
    })();
  }, Math.max(1, Math.floor(ttlMs / 3)));
  timer.unref();
  return {
    async release() {
      clearInterval(timer);
      await renewing;
      if (lease) await options.locks.release(lease).catch(() => undefined);
      lease = null;
    },
  };
}

/**
 * [X20] Marks `failed` every `running` export whose lease nobody holds: the server that ran it stopped
 * (crash, kill) before it finished. Taking the lease first means a live runner on any instance keeps its
 * export; the update only touches rows still `running`, and each failure is audited as `export.failed`.
 * Returns how many exports it failed.
 * @example await failAbandonedExports({ db, locks, owner: instanceId, log }); // at boot, then every minute
 */
export async function failAbandonedExports(options: { db: Db; locks: LockManager; owner: string; log: Logger; ttlMs?: number }): Promise<number> {
  const { db, locks, log } = options;
  const running = await db.select({ id: exports.id, projectId: exports.projectId }).from(exports).where(eq(exports.status, 'running'));
  let failed = 0;
  for (const row of running) {
    const lease = await locks.acquire(leaseName(row.id), `${options.owner}:sweep`, options.ttlMs ?? exportLeaseMs);
    if (!lease) continue;
    try {
      const changed = await db.transaction(async (tx) => {
        const updated = await tx
          .update(exports)
          .set({ status: 'failed', failure: abandonedMessage, files: [], finishedAt: new Date() })
          .where(and(eq(exports.id, row.id), eq(exports.status, 'running')))
          .returning({ id: exports.id });
        if (updated.length === 0) return false;
        await appendAudit(tx, {
          projectId: row.projectId, actorId: null, action: 'export.failed', subjectType: 'export', subjectId: row.id,
          before: { status: 'running' }, after: { status: 'failed' }, detail: { failure: abandonedMessage },
        });
        return true;
      });
      if (changed) {
        failed += 1;
        log.warn({ exportId: row.id }, 'export: marked failed, the server running it stopped');
      }
    } finally {
      await locks.release(lease);
    }
  }
  return failed;
}
