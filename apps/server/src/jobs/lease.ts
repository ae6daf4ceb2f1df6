import { exports, imports, type Db } from '@concord/db';
import { and, eq } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { Lease, LockManager } from '../coordination/types.ts';
import type { Logger } from '../log.ts';

/** Background jobs whose rows say `running` while a server works on them. */
export type JobKind = 'export' | 'import';

/** How long a running job's lease lives without renewal; renewed every third of it [X20][I13]. */
export const jobLeaseMs = 30_000;
/** The failure a job gets when the server running it stopped. */
export const abandonedMessages: Record<JobKind, string> = {
  export: 'The server running this export stopped before it finished. Start it again.',
  import: 'The server running this import stopped before it finished. Import the file again (items already created are skipped).',
};
const tables = { export: exports, import: imports } as const;

const leaseName = (kind: JobKind, id: string) => `${kind}:${id}`;

/** A lease kept alive in the background until released. */
export interface HeldLease {
  release(): Promise<void>;
}

/**
 * [X20][I13] Takes the lease of a running job and renews it every `ttlMs / 3` until released, so other
 * instances (and this one after a restart) can tell a running job from one whose server died.
 * Null when it is already held (job ids are new, so only a bug gets there).
 * @example const lease = await holdJobLease({ locks, kind: 'export', id, owner: instanceId, log }); ...; await lease?.release();
 */
export async function holdJobLease(options: { locks: LockManager; kind: JobKind; id: string; owner: string; log: Logger; ttlMs?: number }): Promise<HeldLease | null> {
  const ttlMs = options.ttlMs ?? jobLeaseMs;
  let lease: Lease | null = await options.locks.acquire(leaseName(options.kind, options.id), options.owner, ttlMs);
  if (!lease) return null;
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = (async () => {
      if (!lease) return;
      try {
        lease = (await options.locks.renew(lease, ttlMs)) ?? lease;
      } catch (error) {
        options.log.warn({ err: error, kind: options.kind, id: options.id }, 'job lease not renewed');
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
 * [X20][I13] Marks `failed` every `running` job of a kind whose lease nobody holds: the server that ran
 * it stopped (crash, kill) before it finished. Taking the lease first means a live runner on any
 * instance keeps its job; the update only touches rows still `running`, and each failure is audited as
 * `<kind>.failed` with no actor. Returns how many jobs it failed.
 * @example await failAbandonedJobs({ db, locks, kind: 'export', owner: instanceId, log }); // at boot, then every minute
 */
export async function failAbandonedJobs(options: { db: Db; locks: LockManager; kind: JobKind; owner: string; log: Logger; ttlMs?: number }): Promise<number> {
  const { db, locks, log, kind } = options;
  const table = tables[kind];
  const failure = abandonedMessages[kind];
  const running = await db.select({ id: table.id, projectId: table.projectId }).from(table).where(eq(table.status, 'running'));
  let failed = 0;
  for (const row of running) {
    const lease = await locks.acquire(leaseName(kind, row.id), `${options.owner}:sweep`, options.ttlMs ?? jobLeaseMs);
    if (!lease) continue;
    try {
      const changed = await db.transaction(async (tx) => {
        const updated = await tx
          .update(table)
          .set({ status: 'failed', failure, finishedAt: new Date(), ...(kind === 'export' ? { files: [] } : {}) })
          .where(and(eq(table.id, row.id), eq(table.status, 'running')))
          .returning({ id: table.id });
        if (updated.length === 0) return false;
        await appendAudit(tx, {
          projectId: row.projectId, actorId: null, action: `${kind}.failed`, subjectType: kind, subjectId: row.id,
          before: { status: 'running' }, after: { status: 'failed' }, detail: { failure },
        });
        return true;
      });
      if (changed) {
        failed += 1;
        log.warn({ kind, id: row.id }, 'job marked failed: the server running it stopped');
      }
    } finally {
      await locks.release(lease);
    }
  }
  return failed;
}
