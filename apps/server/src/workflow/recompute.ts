import { assignments, items } from '@concord/db';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../audit/types.ts';
import { notFound } from '../errors.ts';
import { completeItem } from './complete.ts';
import type { ProjectWorkflow, WorkflowDeps } from './context.ts';
import { moveItem } from './move-item.ts';
import type { Outbox } from './outbox.ts';
import { deriveItemState } from './transitions.ts';

/** Item states set by decisions, which assignment changes do not move [W11]. */
const decided = new Set(['in_qa', 'validated', 'accepted', 'rejected']);

/**
 * Brings an item's state in line with its assignments after one of them changed [W11]: locks the item
 * row, derives the state, moves it (audited), and when every annotation is in, completes it [W14].
 * Gold checks take no part: they never move an item [W19].
 * Call inside the transaction that changed the assignment.
 */
export async function recomputeItem(
  tx: DbOrTx,
  deps: WorkflowDeps,
  project: ProjectWorkflow,
  change: { itemId: string; actorId: string | null },
  outbox: Outbox,
): Promise<void> {
  const [item] = await tx
    .select({ id: items.id, state: items.state, qaSampled: items.qaSampled })
    .from(items)
    .where(eq(items.id, change.itemId))
    .for('update');
  if (!item) throw notFound('Item');
  if (decided.has(item.state)) return;
  const rows = await tx
    .select({ state: assignments.state, leaseExpiresAt: assignments.leaseExpiresAt })
    .from(assignments)
    .where(and(eq(assignments.itemId, item.id), eq(assignments.kind, 'work')));
  const now = Date.now();
  const derived = deriveItemState(
    project.settings,
    // A directly assigned task has no lease until opened: it holds its slot [Q7].
    rows.map((r) => ({ state: r.state, leaseLive: r.leaseExpiresAt === null || r.leaseExpiresAt.getTime() > now })),
  );
  if (derived === 'complete') {
    await completeItem(tx, deps, project, { itemId: item.id, from: item.state, qaSampled: item.qaSampled, actorId: change.actorId }, outbox);
    return;
  }
  await moveItem(tx, { projectId: project.projectId, itemId: item.id, from: item.state, to: derived, actorId: change.actorId, configVersion: project.configVersion }, outbox);
}
