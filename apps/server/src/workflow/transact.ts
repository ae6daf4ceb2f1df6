import type { DbOrTx } from '../audit/types.ts';
import type { Services } from '../services.ts';
import type { WorkflowDeps } from './context.ts';
import { queueCounts } from './counts.ts';
import { Outbox } from './outbox.ts';

/** The workflow's dependencies out of the server's services. */
export function workflowDeps(services: Services): WorkflowDeps {
  return { db: services.db.db, locks: services.coordination.locks, documents: services.documents, log: services.log };
}

/**
 * Runs one workflow change in a transaction and, once it committed, sends what its outbox collected
 * (events, queue counts, document access changes [B5] [N1]). Nothing is sent when it fails.
 * @example const entry = await transact(services, async (tx, deps, outbox) => decide(tx, deps, outbox));
 */
export async function transact<T>(services: Services, work: (tx: DbOrTx, deps: WorkflowDeps, outbox: Outbox) => Promise<T>): Promise<T> {
  const outbox = new Outbox();
  const deps = workflowDeps(services);
  const result = await services.db.db.transaction((tx) => work(tx, deps, outbox));
  await outbox.flush({
    notifications: services.notifications,
    counts: (projectId) => queueCounts(services.db.db, projectId),
    documentAccessChanged: (documentId) => services.notifier.accessChanged({ kind: 'document', documentId }),
    log: services.log,
  });
  return result;
}
