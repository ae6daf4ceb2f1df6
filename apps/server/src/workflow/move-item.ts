import type { ItemState } from '@concord/protocol';
import { items } from '@concord/db';
import { and, eq } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { DbOrTx } from '../audit/types.ts';
import { AppError } from '../errors.ts';
import type { Outbox } from './outbox.ts';
import { canMoveItem } from './transitions.ts';

/**
 * Moves an item from one state to another [W10]: checks the transition, updates only if the item is
 * still in `from` (else 409 with the current state [W12]), audits, and queues the events.
 * @example await moveItem(tx, { projectId, itemId, from: 'submitted', to: 'in_review', actorId, configVersion }, outbox);
 */
export async function moveItem(
  tx: DbOrTx,
  move: {
    projectId: string;
    itemId: string;
    from: ItemState;
    to: ItemState;
    actorId: string | null;
    configVersion: number;
    /** Why: a reason code and comment, the dispute, the decision … (audited). */
    detail?: Record<string, unknown>;
  },
  outbox: Outbox,
): Promise<void> {
  if (move.from === move.to) return;
  if (!canMoveItem(move.from, move.to)) {
    throw new AppError(409, 'invalid_transition', `An item cannot go from ${move.from} to ${move.to}.`, { state: move.from });
  }
  const now = new Date();
  const moved = await tx
    .update(items)
    .set({ state: move.to, stateChangedAt: now })
    .where(and(eq(items.id, move.itemId), eq(items.state, move.from)))
    .returning({ id: items.id });
  if (moved.length === 0) {
    const [current] = await tx.select({ state: items.state }).from(items).where(eq(items.id, move.itemId));
    throw new AppError(409, 'state_changed', 'The item changed state meanwhile; reload and try again.', { state: current?.state ?? null });
  }
  await appendAudit(tx, {
    projectId: move.projectId,
    actorId: move.actorId,
    action: 'item.state',
    subjectType: 'item',
    subjectId: move.itemId,
    itemId: move.itemId,
    before: { state: move.from },
    after: { state: move.to },
    detail: move.detail ?? null,
    configVersion: move.configVersion,
  });
  // The state only to those who may see it (W20); everyone else learns that the item moved.
  outbox.toStateReaders(move.projectId, 'item:state', { projectId: move.projectId, itemId: move.itemId, state: move.to, previous: move.from });
  outbox.toProject(move.projectId, 'item:changed', { projectId: move.projectId, itemId: move.itemId });
  outbox.countsChanged.add(move.projectId);
}
