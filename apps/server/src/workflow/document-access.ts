import { assignments, disputes, items, projects, type Db } from '@concord/db';
import { can, workflowSettingsSchema, type AssignmentState, type ItemState, type ProjectRole } from '@concord/protocol';
import { and, eq, inArray } from 'drizzle-orm';
import { decideCalibrationAccess, isCalibrationKind, loadCalibrationAccessFacts } from '../quality/calibration/access.ts';
import { openItemStates } from './slots.ts';
import { workingStates } from './task.ts';

/** A document as the access rule sees it. */
export interface AccessDocument {
  id: string;
  projectId: string;
  /** `calibration`, `notes` and `gold` belong to a calibration session (quality SPEC C3, C5), not to the workflow. */
  kind: 'item' | 'copy' | 'comments' | 'calibration' | 'notes' | 'gold';
  itemId: string | null;
  ownerId: string | null;
}

/** What the rule needs to know about the item a document belongs to. */
export interface ItemAccessFacts {
  state: ItemState;
  labeling: 'blind' | 'collaborative';
  assignments: Array<{
    userId: string;
    documentId: string;
    state: AssignmentState;
    /** A `gold_check` is no annotation of the item: it measures its owner (B11, W19). */
    kind: 'work' | 'gold_check';
    submittedAt: Date | null;
    reviewerId: string | null;
    reviewLeaseExpiresAt: Date | null;
  }>;
  /** Open disputes of the item. */
  openDisputes: Array<{ adjudicatorId: string | null; leaseExpiresAt: Date | null }>;
}

/** Assignment states after a submission, before any return. */
const submittedStates: readonly AssignmentState[] = ['submitted', 'in_review', 'accepted'];

const live = (until: Date | null, now: number) => until !== null && until.getTime() > now;

/**
 * Who may read and write a workflow document (B1, B3, B4, D3, D5), as a pure function: null is no
 * access (404, like a missing id), else whether the caller only reads. Free documents (no item) keep
 * the role's rights. Someone with unsubmitted work on an item sees nothing of anyone else's on it,
 * whatever their role (abuse case 4). A gold check's copy is its owner's, and once submitted readable
 * (read-only) by roles with `quality.read`, never by reviewers or the item's annotators; its owner is
 * no annotator of the item beyond reading the item document after submitting (B11). Roles with
 * `quality.read` read submitted copies and the blind item document read-only when they have no
 * unsubmitted work on the item (B12).
 * @example decideDocumentAccess({ role: 'viewer', userId, doc: copy, item, now: Date.now() }) // null
 */
export function decideDocumentAccess(input: {
  role: ProjectRole | 'admin';
  userId: string;
  doc: AccessDocument;
  item: ItemAccessFacts | null;
  now: number;
}): { readOnly: boolean } | null {
  const { role, userId, doc, item, now } = input;
  if (!can(role, 'documents.read')) return null;
  const open = (writable: boolean) => ({ readOnly: !(writable && can(role, 'documents.write')) });
  if (!item) return doc.kind === 'item' ? open(true) : null;

  const mine = item.assignments.find((a) => a.userId === userId);
  const pending = mine !== undefined && !submittedStates.includes(mine.state);
  const submittedHere = mine !== undefined && mine.kind === 'work' && submittedStates.includes(mine.state);
  // After submitting, someone measured by a gold check reads the item document like an annotator who submitted (B11).
  const checkedHere = mine !== undefined && mine.kind === 'gold_check' && submittedStates.includes(mine.state);
  const reviewer = can(role, 'work.review') && !pending;
  // Trainers and QA leads judge annotations (gold answers from them, calibration): read-only, like a reviewer who does not write (B12).
  const qualityReader = can(role, 'quality.read') && !pending;
  const reviewing = (a: ItemAccessFacts['assignments'][number]) => a.reviewerId === userId && a.state === 'in_review' && live(a.reviewLeaseExpiresAt, now);
  const adjudicating = item.openDisputes.some((d) => d.adjudicatorId === userId && live(d.leaseExpiresAt, now));

  switch (doc.kind) {
    case 'copy': {
      const assignment = item.assignments.find((a) => a.documentId === doc.id);
      if (doc.ownerId === userId) return open(assignment !== undefined && workingStates.includes(assignment.state));
      if (!assignment || assignment.submittedAt === null || pending) return null;
      if (assignment.kind === 'gold_check') return can(role, 'quality.read') ? { readOnly: true } : null;
      if (reviewing(assignment)) return open(true);
      if (reviewer) return open(false);
      if (qualityReader) return { readOnly: true };
      // The adjudication room: the item's other annotators see each version once they submitted too.
      if (submittedHere && item.openDisputes.length > 0 && submittedStates.includes(assignment.state)) return open(false);
      return null;
    }
    case 'comments':
      return reviewer || submittedHere || adjudicating ? open(true) : null;
    case 'item': {
      if (item.labeling === 'collaborative') {
        if (openItemStates.includes(item.state)) return open(true);
        return open(item.assignments.some(reviewing) || adjudicating);
      }
      if (pending) return null;
      if (can(role, 'work.annotate') && !can(role, 'work.review') && !submittedHere && !checkedHere && !qualityReader) return null;
      return open(adjudicating);
    }
    case 'calibration':
    case 'notes':
    case 'gold':
      // A calibration session's documents: decideCalibrationAccess (quality SPEC C3, C5), never the item's workflow.
      return null;
  }
}

/**
 * Loads what decideDocumentAccess needs for documents of one project, in a few queries whatever
 * their number: document id → facts of its item (null for free documents). Comments documents
 * without an item are matched to their dispute's item.
 */
export async function loadAccessFacts(db: Db, projectId: string, docs: readonly AccessDocument[]): Promise<Map<string, ItemAccessFacts | null>> {
  const itemOf = await itemsOfDocuments(db, docs);
  const itemIds = [...new Set(itemOf.values())];
  const facts = new Map<string, ItemAccessFacts>();
  const byDocument = () => new Map(docs.map((d) => [d.id, facts.get(itemOf.get(d.id) ?? '') ?? null]));
  if (itemIds.length === 0) return byDocument();
  const [project] = await db.select({ workflow: projects.workflow }).from(projects).where(eq(projects.id, projectId));
  const labeling = workflowSettingsSchema.parse(project?.workflow ?? {}).labeling;
  const [itemRows, assignmentRows, disputeRows] = await Promise.all([
    db.select({ id: items.id, state: items.state }).from(items).where(inArray(items.id, itemIds)),
    db
      .select({
        itemId: assignments.itemId,
        userId: assignments.userId,
        documentId: assignments.documentId,
        state: assignments.state,
        submittedAt: assignments.submittedAt,
        kind: assignments.kind,
        reviewerId: assignments.reviewerId,
        reviewLeaseExpiresAt: assignments.reviewLeaseExpiresAt,
      })
      .from(assignments)
      .where(inArray(assignments.itemId, itemIds)),
    db
      .select({ itemId: disputes.itemId, adjudicatorId: disputes.adjudicatorId, leaseExpiresAt: disputes.leaseExpiresAt })
      .from(disputes)
      .where(and(inArray(disputes.itemId, itemIds), eq(disputes.state, 'open'))),
  ]);
  for (const row of itemRows) facts.set(row.id, { state: row.state, labeling, assignments: [], openDisputes: [] });
  for (const { itemId, ...a } of assignmentRows) facts.get(itemId)?.assignments.push(a);
  for (const { itemId, ...d } of disputeRows) facts.get(itemId)?.openDisputes.push(d);
  return byDocument();
}

/** document id → item id, for documents that belong to an item. */
async function itemsOfDocuments(db: Db, docs: readonly AccessDocument[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const doc of docs) if (doc.itemId) out.set(doc.id, doc.itemId);
  const orphans = docs.filter((d) => d.kind === 'comments' && !d.itemId).map((d) => d.id);
  if (orphans.length > 0) {
    const rows = await db
      .select({ documentId: disputes.commentsDocumentId, itemId: disputes.itemId })
      .from(disputes)
      .where(inArray(disputes.commentsDocumentId, orphans));
    for (const row of rows) if (row.documentId) out.set(row.documentId, row.itemId);
  }
  return out;
}

/**
 * The access of one caller to each of several documents of one project (document lists use it to leave
 * out what the caller cannot open).
 */
export async function documentsAccess(
  db: Db,
  input: { role: ProjectRole | 'admin'; userId: string; projectId: string; docs: readonly AccessDocument[] },
): Promise<Map<string, { readOnly: boolean } | null>> {
  const workflowDocs = input.docs.filter((d) => !isCalibrationKind(d.kind));
  const calibrationDocs = input.docs.filter((d) => isCalibrationKind(d.kind));
  const facts = await loadAccessFacts(db, input.projectId, workflowDocs);
  const sessions = calibrationDocs.length > 0 ? await loadCalibrationAccessFacts(db, calibrationDocs) : new Map();
  const now = Date.now();
  const decide = (doc: AccessDocument) => {
    const { role, userId } = input;
    if (isCalibrationKind(doc.kind)) return decideCalibrationAccess({ role, userId, doc: { kind: doc.kind, ownerId: doc.ownerId }, facts: sessions.get(doc.id) ?? null });
    return decideDocumentAccess({ role, userId, doc, item: facts.get(doc.id) ?? null, now });
  };
  return new Map(input.docs.map((doc) => [doc.id, decide(doc)]));
}
