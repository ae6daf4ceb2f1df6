import { assignments, items } from '@concord/db';
import type { AssignmentState, ItemState } from '@concord/protocol';
import { and, asc, eq } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { DbOrTx } from '../audit/types.ts';
import { notFound } from '../errors.ts';
import type { ProjectWorkflow } from './context.ts';
import type { Outbox } from './outbox.ts';
import { activeAssignmentStates } from './transitions.ts';

/** What the slot rules need to know of an item's assignment. */
export interface SlotRow {
  id: string;
  userId: string;
  documentId: string;
  state: AssignmentState;
  /** A `gold_check` never holds a slot [W19]. */
  kind: 'work' | 'gold_check';
  fence: number;
  leaseExpiresAt: Date | null;
}

/** Item states in which annotators take and work on the item [Q1]. */
export const openItemStates: readonly ItemState[] = ['todo', 'in_progress'];

/**
 * Whether an assignment holds one of its item's `overlap` slots [W11]: every active state, except an
 * in-progress one whose lease lapsed [Q4]; directly assigned work has no lease yet and holds it [Q7].
 * A gold check holds none, whatever its state [W19].
 */
export function holdsSlot(row: Pick<SlotRow, 'state' | 'leaseExpiresAt'> & { kind?: SlotRow['kind'] }, now: number): boolean {
  if (row.kind === 'gold_check' || !activeAssignmentStates.includes(row.state)) return false;
  return row.state !== 'in_progress' || row.leaseExpiresAt === null || row.leaseExpiresAt.getTime() > now;
}

/**
 * In progress, but its lease lapsed: it may resume while a slot is free [Q4]. A gold check waits for
 * no slot (it resumes whenever its owner comes back) and is never expired by a taker [W19].
 */
export function lapsed(row: Pick<SlotRow, 'state' | 'leaseExpiresAt'> & { kind?: SlotRow['kind'] }, now: number): boolean {
  return row.kind !== 'gold_check' && row.state === 'in_progress' && row.leaseExpiresAt !== null && row.leaseExpiresAt.getTime() <= now;
}

/**
 * Locks an item row until the transaction ends; every change to an item's assignments takes this
 * lock first, so counting its slots and claiming one cannot interleave [Q2].
 */
export async function lockItem(tx: DbOrTx, itemId: string): Promise<{ id: string; projectId: string; state: ItemState }> {
  const [item] = await tx
    .select({ id: items.id, projectId: items.projectId, state: items.state })
    .from(items)
    .where(eq(items.id, itemId))
    .for('update');
  if (!item) throw notFound('Item');
  return item;
}

/** Every assignment of an item (read under the item's lock), gold checks included (they hold no slot [W19]). */
export function slotRows(tx: DbOrTx, itemId: string): Promise<SlotRow[]> {
  return tx
    .select({
      id: assignments.id,
      userId: assignments.userId,
      documentId: assignments.documentId,
      state: assignments.state,
      kind: assignments.kind,
      fence: assignments.fence,
      leaseExpiresAt: assignments.leaseExpiresAt,
    })
    .from(assignments)
    .where(eq(assignments.itemId, itemId))
    .orderBy(asc(assignments.createdAt));
}

/**
 * Makes room for `taking` more slot holders [Q4]: lapsed in-progress assignments keep their claim only
 * while holders plus lapsed ones fit in `overlap`; the ones that no longer fit (longest lapsed first)
 * become `expired`, audited, in the caller's transaction. `rows` excludes the taker's own assignment.
 */
export async function expireLapsed(
  tx: DbOrTx,
  project: ProjectWorkflow,
  input: { itemId: string; rows: SlotRow[]; taking: number; takenBy: string; now: number },
  outbox: Outbox,
): Promise<void> {
  const holding = input.rows.filter((r) => holdsSlot(r, input.now)).length;
  const waiting = input.rows.filter((r) => lapsed(r, input.now)).sort((a, b) => a.leaseExpiresAt!.getTime() - b.leaseExpiresAt!.getTime());
  const excess = holding + input.taking + waiting.length - project.settings.overlap;
  for (const row of waiting.slice(0, Math.max(0, excess))) {
    const moved = await tx
      .update(assignments)
      .set({ state: 'expired', leaseExpiresAt: null, updatedAt: new Date(input.now) })
      .where(and(eq(assignments.id, row.id), eq(assignments.state, 'in_progress'), eq(assignments.fence, row.fence)))
      .returning({ id: assignments.id });
    if (moved.length === 0) continue;
    await appendAudit(tx, {
      projectId: project.projectId,
      actorId: null,
      action: 'assignment.expired',
      subjectType: 'assignment',
      subjectId: row.id,
      itemId: input.itemId,
      before: { state: 'in_progress', userId: row.userId },
      after: { state: 'expired' },
      detail: { takenBy: input.takenBy, leaseExpiredAt: row.leaseExpiresAt!.toISOString() },
      configVersion: project.configVersion,
    });
    outbox.documentsChanged.add(row.documentId);
  }
}
