import { assignments, disputes, items, reviews } from '@concord/db';
import { newId, type ReasonCode } from '@concord/protocol';
import { and, eq, inArray } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { Services } from '../services.ts';
import { finalDocumentOf, problemsOf, validateAndAccept } from './complete.ts';
import { loadProjectWorkflow } from './context.ts';
import { moveItem } from './move-item.ts';
import { submittedStates } from './open-dispute.ts';
import { disputeOpen, invalidAnnotation, wrongState } from './refusals.ts';
import { transact } from './transact.ts';

const decided = { accept: 'accepted', return: 'returned', reject: 'rejected' } as const;

/**
 * [D7] A QA lead's decision on an item in QA without an open dispute: `accept` → validated (the final
 * annotation must pass validation: 422 otherwise) and accepted unless a manager must accept;
 * `return` → every annotation of the item back to its annotator (`returned`, notified) and the item
 * `in_progress`; `reject` → `rejected`. Recorded as a QA review row and audited (`qa.<decision>`).
 * @example await decideQa(services, { itemId, userId, decision: 'return', reasonCode: 'incomplete', comment: '…' });
 */
export async function decideQa(
  services: Services,
  options: { itemId: string; userId: string; decision: 'accept' | 'return' | 'reject'; reasonCode?: ReasonCode | undefined; comment?: string | undefined },
): Promise<void> {
  const { itemId, userId, decision } = options;
  const reasonCode = options.reasonCode ?? null;
  const comment = options.comment ?? null;
  await transact(services, async (tx, deps, outbox) => {
    const [peek] = await tx.select({ projectId: items.projectId, state: items.state }).from(items).where(eq(items.id, itemId));
    if (peek?.state !== 'in_qa') throw wrongState('Only items in QA take a QA decision.', peek?.state ?? null);
    const project = await loadProjectWorkflow(tx, peek.projectId);
    const base = { projectId: project.projectId, itemId, actorId: userId, configVersion: project.configVersion };
    // Assignments before the item row: the order recomputeItem locks them in.
    const returned =
      decision === 'return'
        ? await tx
            .update(assignments)
            .set({ state: 'returned', returnReason: reasonCode, returnComment: comment, reviewLeaseExpiresAt: null, updatedAt: new Date() })
            // A gold check is no annotation of the item [W19]: it stays accepted.
            .where(and(eq(assignments.itemId, itemId), eq(assignments.kind, 'work'), inArray(assignments.state, [...submittedStates])))
            .returning({ id: assignments.id, userId: assignments.userId, documentId: assignments.documentId })
        : [];
    const [item] = await tx.select({ state: items.state, finalDocumentId: items.finalDocumentId }).from(items).where(eq(items.id, itemId)).for('update');
    if (item?.state !== 'in_qa') throw wrongState('Only items in QA take a QA decision.', item?.state ?? null);
    const [open] = await tx.select({ id: disputes.id }).from(disputes).where(and(eq(disputes.itemId, itemId), eq(disputes.state, 'open')));
    if (open) throw disputeOpen(open.id, item.state);
    const detail = { reasonCode, comment, stage: 'qa' };
    if (decision === 'accept') {
      const finalDocumentId = item.finalDocumentId ?? (await finalDocumentOf(tx, project, itemId));
      const problems = await problemsOf(tx, project, finalDocumentId);
      if (problems.length > 0) throw invalidAnnotation(problems);
      await validateAndAccept(tx, deps, project, { itemId, from: 'in_qa', actorId: userId, finalDocumentId }, outbox);
    } else if (decision === 'return') {
      await moveItem(tx, { ...base, from: 'in_qa', to: 'in_progress', detail: { ...detail, returned: returned.map((r) => r.id) } }, outbox);
      for (const r of returned) {
        outbox.toUser(r.userId, 'work:returned', { projectId: project.projectId, assignmentId: r.id, itemId, documentId: r.documentId, reasonCode: reasonCode ?? 'other', comment: comment ?? '' });
        outbox.documentsChanged.add(r.documentId);
      }
    } else {
      await moveItem(tx, { ...base, from: 'in_qa', to: 'rejected', detail }, outbox);
    }
    const reviewId = newId('review');
    await tx.insert(reviews).values({ id: reviewId, projectId: project.projectId, itemId, assignmentId: null, reviewerId: userId, stage: 'qa', decision: decided[decision], reasonCode, comment, edited: false, configVersion: project.configVersion });
    await appendAudit(tx, {
      projectId: project.projectId,
      actorId: userId,
      action: `qa.${decided[decision]}`,
      subjectType: 'item',
      subjectId: itemId,
      itemId,
      detail: { reviewId, ...detail, returned: returned.map((r) => r.id) },
      configVersion: project.configVersion,
    });
    outbox.countsChanged.add(project.projectId);
  });
}

/**
 * [D8] A manager accepts a validated item when the project has `managerAcceptance` on (409 otherwise,
 * or when the item is not validated).
 */
export async function acceptItem(services: Services, options: { itemId: string; userId: string }): Promise<void> {
  await transact(services, async (tx, _deps, outbox) => {
    const [item] = await tx.select({ projectId: items.projectId, state: items.state }).from(items).where(eq(items.id, options.itemId)).for('update');
    if (!item) throw wrongState('No such item.', null);
    const project = await loadProjectWorkflow(tx, item.projectId);
    if (!project.settings.managerAcceptance) throw wrongState('This project accepts validated items automatically.', item.state);
    if (item.state !== 'validated') throw wrongState('Only validated items wait for acceptance.', item.state);
    const move = { projectId: project.projectId, itemId: options.itemId, actorId: options.userId, configVersion: project.configVersion };
    await moveItem(tx, { ...move, from: 'validated', to: 'accepted', detail: { why: 'manager' } }, outbox);
  });
}
