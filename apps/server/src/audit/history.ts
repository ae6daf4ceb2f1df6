import { assignments, auditLog, disputes, documentClients, documents, documentUpdates, type Db } from '@concord/db';
import type { HistoryEntry, ItemHistory, ItemState } from '@concord/protocol';
import { and, asc, eq, inArray, ne, notExists, or, sql, type SQL } from 'drizzle-orm';
import { userNames } from './list.ts';

/** Assignment states of an annotator who has submitted their work on the item (and is not reworking it). */
export const submittedStates = ['submitted', 'in_review', 'accepted'] as const;

/**
 * Who reads a history. `full`: roles that review or assign, everything. Otherwise an annotator who
 * submitted on the item [A5]: the item's own entries and their own work; others' assignments and blind
 * copies only while a dispute on the item is open (B3). `goldCheck`: the caller's only assignment on the
 * item is that submitted gold check [A9]: they see it alone. Gold checks' copies are edited on the item's
 * documents but are no work on it: only `quality` readers see their edits [A9].
 */
export interface HistoryViewer {
  userId: string;
  full: boolean;
  /** The caller's role has quality.read (gold checks' copies, quality/SPEC.md G6). */
  quality: boolean;
  /** The caller's own submitted gold check on the item, when that is their only link to it. */
  goldCheck?: { assignmentId: string; documentId: string; state: ItemState } | null;
}

const editActor: Record<string, HistoryEntry['actor']['kind']> = { client: 'user', model: 'model', import: 'source', server: 'system' };

/**
 * An item's timeline [A4]: its audit entries (audit_log.item_id) and its documents' update log grouped
 * per document, author and minute (`edits` with a count), ordered by time, with names. Never document
 * content: only who, when, how many, and under which configuration version.
 * @example const history = await loadItemHistory(db, { item, viewer: { userId, full: true } });
 */
export async function loadItemHistory(
  db: Db,
  options: { item: { id: string; projectId: string; state: ItemState }; viewer: HistoryViewer },
): Promise<ItemHistory> {
  const { item, viewer } = options;
  if (viewer.goldCheck) return goldCheckHistory(db, { item, viewer, goldCheck: viewer.goldCheck });
  const restricted = !viewer.full && !(await hasOpenDispute(db, item.id));
  const own = restricted ? await ownAssignments(db, item.id, viewer.userId) : [];
  const auditRows = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.itemId, item.id), eq(auditLog.chain, item.projectId)))
    .orderBy(asc(auditLog.seq));
  const visibleAudit = restricted
    ? auditRows.filter((r) => r.subjectType !== 'assignment' || own.includes(r.subjectId))
    : auditRows;
  const edits = await loadEdits(db, { itemId: item.id, onlyCopiesOf: restricted ? viewer.userId : null, goldCopies: viewer.quality });
  return { itemId: item.id, projectId: item.projectId, state: item.state, entries: await timeline(db, visibleAudit, edits) };
}

/**
 * [A9] The history of an item as the owner of a submitted gold check on it reads it: only their gold
 * check's entries (found by assignment on the project's chain, where they carry no item id; W19) without
 * the `goldCheckOf` marker, and their copy's edits, under the state their gold check ended in. That is
 * what an annotator sees of a normal item they annotated alone: nothing of the item's earlier work,
 * its decisions or its other annotators.
 */
async function goldCheckHistory(
  db: Db,
  options: { item: { id: string; projectId: string }; viewer: HistoryViewer; goldCheck: NonNullable<HistoryViewer['goldCheck']> },
): Promise<ItemHistory> {
  const { item, goldCheck } = options;
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.chain, item.projectId), eq(auditLog.subjectType, 'assignment'), eq(auditLog.subjectId, goldCheck.assignmentId)))
    .orderBy(asc(auditLog.seq));
  const unmarked = rows.map((r) => {
    const { goldCheckOf: _item, ...detail } = (r.detail as Record<string, unknown> | null) ?? {};
    return { ...r, detail: r.detail === null ? null : detail };
  });
  const edits = await loadEdits(db, { itemId: item.id, onlyDocument: goldCheck.documentId, goldCopies: true });
  return { itemId: item.id, projectId: item.projectId, state: goldCheck.state, entries: await timeline(db, unmarked, edits) };
}

type AuditRow = typeof auditLog.$inferSelect;
type EditRow = Awaited<ReturnType<typeof loadEdits>>[number];

/** Audit rows and edit groups as history entries with names, oldest first. */
async function timeline(db: Db, visibleAudit: AuditRow[], edits: EditRow[]): Promise<HistoryEntry[]> {
  const names = await userNames(db, [...visibleAudit.map((r) => r.actorId), ...edits.map((e) => e.userId)]);
  const models = await modelIds(db, edits.filter((e) => e.origin === 'model').map((e) => e.documentId));

  const entries: HistoryEntry[] = [
    ...visibleAudit.map(
      (r): HistoryEntry => ({
        at: r.at,
        kind: 'audit',
        actor: { id: r.actorId, name: r.actorId ? (names.get(r.actorId) ?? null) : null, kind: r.actorId ? 'user' : 'system' },
        action: r.action,
        before: r.before ?? null,
        after: r.after ?? null,
        detail: (r.detail as Record<string, unknown> | null) ?? null,
        configVersion: r.configVersion,
      }),
    ),
    ...edits.map((e): HistoryEntry => {
      const kind = editActor[e.origin] ?? 'system';
      const name = kind === 'user' && e.userId ? (names.get(e.userId) ?? null) : kind === 'model' ? (models.get(e.documentId) ?? null) : null;
      return {
        at: e.first.toISOString(),
        kind: 'edits',
        actor: { id: kind === 'user' ? e.userId : null, name, kind },
        action: 'document.edited',
        documentId: e.documentId,
        updates: e.updates,
        detail: { origin: e.origin, documentKind: e.documentKind, last: e.last.toISOString() },
        configVersion: e.configVersion,
      };
    }),
  ];
  // A stable sort keeps the audit entries (in seq order) before edits of the same instant.
  entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return entries;
}

async function hasOpenDispute(db: Db, itemId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: disputes.id })
    .from(disputes)
    .where(and(eq(disputes.itemId, itemId), eq(disputes.state, 'open')))
    .limit(1);
  return row !== undefined;
}

async function ownAssignments(db: Db, itemId: string, userId: string): Promise<string[]> {
  const rows = await db
    .select({ id: assignments.id })
    .from(assignments)
    .where(and(eq(assignments.itemId, itemId), eq(assignments.userId, userId)));
  return rows.map((r) => r.id);
}

/**
 * The update log of the item's documents, one row per document, author, origin and minute: with
 * `onlyCopiesOf`, no blind copy but that user's; with `onlyDocument`, that document alone; without
 * `goldCopies`, no gold check's copy.
 */
async function loadEdits(db: Db, options: { itemId: string; onlyCopiesOf?: string | null; onlyDocument?: string; goldCopies: boolean }) {
  const conditions: SQL[] = [eq(documents.itemId, options.itemId)];
  // Someone else's blind copy is not visible to a restricted viewer, not even by its id (B3).
  if (options.onlyCopiesOf) conditions.push(or(ne(documents.kind, 'copy'), eq(documents.ownerId, options.onlyCopiesOf))!);
  if (options.onlyDocument !== undefined) conditions.push(eq(documents.id, options.onlyDocument));
  if (!options.goldCopies) {
    const goldCheck = db
      .select({ one: sql`1` })
      .from(assignments)
      .where(and(eq(assignments.documentId, documents.id), eq(assignments.kind, 'gold_check')));
    conditions.push(notExists(goldCheck));
  }
  const minute = sql`date_trunc('minute', ${documentUpdates.createdAt})`;
  const first = sql<Date>`min(${documentUpdates.createdAt})`.mapWith(documentUpdates.createdAt);
  return db
    .select({
      documentId: documentUpdates.documentId,
      documentKind: documents.kind,
      configVersion: documents.configVersion,
      userId: documentUpdates.userId,
      origin: documentUpdates.origin,
      updates: sql<number>`count(*)::int`.mapWith(Number),
      first,
      last: sql<Date>`max(${documentUpdates.createdAt})`.mapWith(documentUpdates.createdAt),
    })
    .from(documentUpdates)
    .innerJoin(documents, eq(documents.id, documentUpdates.documentId))
    .where(and(...conditions))
    .groupBy(documentUpdates.documentId, documents.kind, documents.configVersion, documentUpdates.userId, documentUpdates.origin, minute)
    .orderBy(first);
}

/** The model that pre-labelled each document (its `model` client binding). */
async function modelIds(db: Db, documentIds: string[]): Promise<Map<string, string>> {
  if (documentIds.length === 0) return new Map();
  const rows = await db
    .select({ documentId: documentClients.documentId, modelId: documentClients.modelId })
    .from(documentClients)
    .where(and(inArray(documentClients.documentId, [...new Set(documentIds)]), eq(documentClients.kind, 'model')));
  return new Map(rows.filter((r) => r.modelId !== null).map((r) => [r.documentId, r.modelId!]));
}
