import { disputes, items, users } from '@concord/db';
import type { LeaseGrant } from '@concord/protocol';
import { and, eq } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { DbOrTx } from '../audit/types.ts';
import { AppError } from '../errors.ts';
import type { Services } from '../services.ts';
import { problemsOf, validateAndAccept } from './complete.ts';
import { loadProjectWorkflow } from './context.ts';
import { itemDocumentOf, type DisputeRow } from './disputes.ts';
import { dropLease, leaseNames, renewLease, takeLease, type FencedLease } from './leases.ts';
import { submittedVersions } from './open-dispute.ts';
import { invalidAnnotation, leaseHeld, staleLease, wrongState } from './refusals.ts';
import { transact } from './transact.ts';

const grant = (lease: FencedLease): LeaseGrant => ({ fence: lease.fence, leaseExpiresAt: lease.expiresAt.toISOString() });

async function adjudicatorOf(tx: DbOrTx, d: DisputeRow) {
  if (!d.adjudicatorId) return null;
  const [row] = await tx.select({ name: users.name }).from(users).where(eq(users.id, d.adjudicatorId));
  return { id: d.adjudicatorId, name: row?.name ?? '' };
}

/** Fenced write on an open dispute held by `userId` with `fence`; false when that is no longer so. */
const heldBy = (d: DisputeRow, userId: string, fence: number) =>
  and(eq(disputes.id, d.id), eq(disputes.fence, fence), eq(disputes.adjudicatorId, userId), eq(disputes.state, 'open'));

/** The item document's sockets re-check: only the adjudicator writes it (B4). */
async function accessChanged(tx: DbOrTx, d: DisputeRow, add: (documentId: string) => void): Promise<void> {
  add(await itemDocumentOf(tx, d.itemId));
}

/**
 * [D5] Takes the adjudication lease of an open dispute (`adjudicate:<id>`, fenced above
 * `disputes.fence`, recorded with `where fence = <floor>`): one QA lead at a time; another gets 409
 * with who holds it. The same QA lead again while live keeps the fence; a lapsed lease is taken over.
 * @example const lease = await takeAdjudication(services, { dispute, userId });
 */
export async function takeAdjudication(services: Services, options: { dispute: DisputeRow; userId: string }): Promise<LeaseGrant> {
  const { dispute: d, userId } = options;
  const db = services.db.db;
  if (d.state !== 'open') throw wrongState('This dispute is resolved.', d.state);
  const project = await loadProjectWorkflow(db, d.projectId);
  const ttlMs = project.settings.leaseSeconds * 1000;
  const name = leaseNames.adjudication(d.id);
  const live = (d.leaseExpiresAt?.getTime() ?? 0) > Date.now();
  if (live && d.adjudicatorId !== userId) throw leaseHeld('Another QA lead is adjudicating this dispute.', { adjudicator: await adjudicatorOf(db, d) });
  if (live) {
    const renewed = await renewLease(services.coordination.locks, { name, owner: userId, fence: d.fence, ttlMs });
    if (renewed) {
      const updated = await db.update(disputes).set({ leaseExpiresAt: renewed.expiresAt }).where(heldBy(d, userId, d.fence)).returning({ id: disputes.id });
      if (updated.length > 0) return grant(renewed);
    }
  }
  const lease = await takeLease(services.coordination.locks, { name, owner: userId, ttlMs, floor: d.fence });
  if (!lease) throw leaseHeld('Another QA lead is adjudicating this dispute.', { adjudicator: await adjudicatorOf(db, d) });
  try {
    await transact(services, async (tx, _deps, outbox) => {
      const taken = await tx
        .update(disputes)
        .set({ adjudicatorId: userId, fence: lease.fence, leaseExpiresAt: lease.expiresAt })
        .where(and(eq(disputes.id, d.id), eq(disputes.fence, d.fence), eq(disputes.state, 'open')))
        .returning({ id: disputes.id });
      if (taken.length === 0) throw staleLease({ state: d.state });
      await appendAudit(tx, {
        projectId: d.projectId,
        actorId: userId,
        action: 'dispute.adjudicating',
        subjectType: 'dispute',
        subjectId: d.id,
        itemId: d.itemId,
        before: { adjudicatorId: d.adjudicatorId },
        after: { adjudicatorId: userId },
        configVersion: project.configVersion,
      });
      await accessChanged(tx, d, (id) => outbox.documentsChanged.add(id));
    });
  } catch (error) {
    await dropLease(services.coordination.locks, { name, owner: userId, fence: lease.fence });
    throw error;
  }
  return grant(lease);
}

/** [D5] Renews the adjudication lease; 409 `stale_lease` once it lapsed or was taken over. */
export async function heartbeatAdjudication(services: Services, options: { dispute: DisputeRow; userId: string; fence: number }): Promise<LeaseGrant> {
  const { dispute: d, userId, fence } = options;
  const project = await loadProjectWorkflow(services.db.db, d.projectId);
  const name = leaseNames.adjudication(d.id);
  const renewed = await renewLease(services.coordination.locks, { name, owner: userId, fence, ttlMs: project.settings.leaseSeconds * 1000 });
  if (!renewed) throw staleLease({ state: d.state });
  const updated = await services.db.db.update(disputes).set({ leaseExpiresAt: renewed.expiresAt }).where(heldBy(d, userId, fence)).returning({ id: disputes.id });
  if (updated.length === 0) {
    await dropLease(services.coordination.locks, { name, owner: userId, fence });
    throw staleLease({ state: d.state });
  }
  return grant(renewed);
}

/** [D5] Gives the adjudication back early; the item document is read-only again until someone takes it. */
export async function releaseAdjudication(services: Services, options: { dispute: DisputeRow; userId: string; fence: number }): Promise<void> {
  const { dispute: d, userId, fence } = options;
  await transact(services, async (tx, _deps, outbox) => {
    const released = await tx.update(disputes).set({ leaseExpiresAt: null }).where(heldBy(d, userId, fence)).returning({ id: disputes.id });
    if (released.length === 0) throw staleLease({ state: d.state });
    await accessChanged(tx, d, (id) => outbox.documentsChanged.add(id));
  });
  await dropLease(services.coordination.locks, { name: leaseNames.adjudication(d.id), owner: userId, fence });
}

/**
 * [D6] Resolves a dispute the caller adjudicates (fence checked against the lock and the row): `pick`
 * makes one version's copy the final annotation (its provenance intact), `merge` the item document the
 * adjudicator edited live. The final annotation must pass validation (422 with the problems, nothing
 * changes); then the dispute is resolved (audited with the method and version, `dispute:resolved`) and
 * the item continues from `in_qa` as W14: validated, and accepted unless a manager must accept.
 * @example await resolveDispute(services, { dispute, userId, fence, method: 'pick', assignmentId, comment });
 */
export async function resolveDispute(
  services: Services,
  options: { dispute: DisputeRow; userId: string; fence: number; method: 'pick' | 'merge'; assignmentId?: string | undefined; comment: string },
): Promise<void> {
  const { dispute: d, userId, fence, method } = options;
  const name = leaseNames.adjudication(d.id);
  if (d.state !== 'open') throw wrongState('This dispute is resolved.', d.state);
  if (!(await services.coordination.locks.isCurrent(name, fence))) throw staleLease({ state: d.state });
  await transact(services, async (tx, deps, outbox) => {
    const project = await loadProjectWorkflow(tx, d.projectId);
    const [item] = await tx.select({ state: items.state }).from(items).where(eq(items.id, d.itemId)).for('update');
    if (item?.state !== 'in_qa') throw wrongState('The item of this dispute is not in QA.', item?.state ?? null);
    const versions = await submittedVersions(tx, d.itemId);
    const picked = method === 'pick' ? versions.find((v) => v.assignmentId === options.assignmentId) : undefined;
    if (method === 'pick' && !picked) {
      throw new AppError(422, 'unknown_version', 'assignmentId is not one of the versions of this dispute.', { versions: versions.map((v) => v.assignmentId) });
    }
    const finalDocumentId = picked ? picked.documentId : await itemDocumentOf(tx, d.itemId);
    const problems = await problemsOf(tx, project, finalDocumentId);
    if (problems.length > 0) throw invalidAnnotation(problems);
    const resolution = { method, ...(picked ? { assignmentId: picked.assignmentId } : {}), comment: options.comment };
    const resolved = await tx
      .update(disputes)
      .set({ state: 'resolved', resolution, resolvedBy: userId, resolvedAt: new Date(), leaseExpiresAt: null })
      .where(heldBy(d, userId, fence))
      .returning({ id: disputes.id });
    if (resolved.length === 0) throw staleLease({ state: d.state });
    await appendAudit(tx, {
      projectId: d.projectId,
      actorId: userId,
      action: 'dispute.resolved',
      subjectType: 'dispute',
      subjectId: d.id,
      itemId: d.itemId,
      before: { state: 'open' },
      after: { state: 'resolved' },
      detail: { ...resolution, finalDocumentId, annotatorId: picked?.userId ?? null },
      configVersion: project.configVersion,
    });
    outbox.toProject(d.projectId, 'dispute:resolved', { projectId: d.projectId, disputeId: d.id, itemId: d.itemId });
    await validateAndAccept(tx, deps, project, { itemId: d.itemId, from: 'in_qa', actorId: userId, finalDocumentId }, outbox);
    await accessChanged(tx, d, (id) => outbox.documentsChanged.add(id));
    for (const v of versions) outbox.documentsChanged.add(v.documentId);
  });
  await dropLease(services.coordination.locks, { name, owner: userId, fence });
}
