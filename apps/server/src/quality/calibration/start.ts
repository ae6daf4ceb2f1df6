import type { ItemSeed, Prelabel } from '@concord/annotation-doc';
import { calibrationAnswers, calibrationItems, calibrationSessions, items } from '@concord/db';
import { eq, inArray } from 'drizzle-orm';
import { appendAudit } from '../../audit/append.ts';
import type { DbOrTx } from '../../audit/types.ts';
import { itemTitle } from '../../items/item-service.ts';
import { loadProjectWorkflow } from '../../workflow/context.ts';
import type { Outbox } from '../../workflow/outbox.ts';
import { wrongState } from '../../workflow/refusals.ts';
import { buildFromSeed, insertSessionDocument, type SessionItem } from './documents.ts';
import { announce, loadSession, participantsOf, type SessionRow } from './sessions.ts';

/**
 * Makes a draft session live at its first item [C2]: for each item and participant a `calibration`
 * document built from the item's seed and pre-label (like a fresh item) and owned by the participant;
 * for each item a shared `notes` document and, when the item has a gold answer, a read-only `gold`
 * document built from its seed and gold answer. Audited `calibration.started`.
 */
export async function startSession(tx: DbOrTx, input: { sessionId: string; actorId: string }, outbox: Outbox): Promise<SessionRow> {
  const row = await loadSession(tx, input.sessionId, { lock: true });
  if (row.state !== 'draft') throw wrongState('The session has already started.', row.state);
  const project = await loadProjectWorkflow(tx, row.projectId);
  const participants = await participantsOf(tx, row.id);
  const rows = await tx.select({ id: items.id, externalId: items.externalId, seed: items.seed, prelabel: items.prelabel, gold: items.gold }).from(items).where(inArray(items.id, row.itemIds));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const base = { projectId: row.projectId, createdBy: input.actorId, configVersion: project.configVersion };
  for (const [position, itemId] of row.itemIds.entries()) {
    const stored = byId.get(itemId);
    if (!stored) continue;
    const item: SessionItem = { id: itemId, seed: stored.seed as ItemSeed, prelabel: (stored.prelabel as Prelabel | null) ?? null, gold: (stored.gold as Prelabel | null) ?? null };
    const title = itemTitle(item.seed, stored.externalId);
    const content = buildFromSeed({ item, prelabel: item.prelabel, configVersion: project.configVersion });
    for (const p of participants) {
      const documentId = await insertSessionDocument(tx, { ...base, name: `${row.title}: ${title}`, kind: 'calibration', ownerId: p.userId, content });
      await tx.insert(calibrationAnswers).values({ sessionId: row.id, itemId, userId: p.userId, documentId });
    }
    const notesDocumentId = await insertSessionDocument(tx, { ...base, name: `${row.title}: notes on ${title}`, kind: 'notes', ownerId: null, content: null });
    const goldDocumentId = item.gold
      ? await insertSessionDocument(tx, {
          ...base,
          name: `${row.title}: gold answer of ${title}`,
          kind: 'gold',
          ownerId: null,
          content: buildFromSeed({ item, prelabel: item.gold, configVersion: project.configVersion, replayIds: content.partIds }),
        })
      : null;
    await tx.insert(calibrationItems).values({ sessionId: row.id, itemId, position, notesDocumentId, goldDocumentId });
  }
  const [live] = await tx
    .update(calibrationSessions)
    .set({ state: 'live', currentIndex: 0, revealed: false, startedAt: new Date() })
    .where(eq(calibrationSessions.id, row.id))
    .returning();
  await appendAudit(tx, {
    projectId: row.projectId,
    actorId: input.actorId,
    action: 'calibration.started',
    subjectType: 'calibration',
    subjectId: row.id,
    before: { state: 'draft' },
    after: { state: 'live', currentIndex: 0 },
    configVersion: project.configVersion,
  });
  await announce(tx, live!, outbox);
  return live!;
}
