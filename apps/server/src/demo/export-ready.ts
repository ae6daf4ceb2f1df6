import { Readable } from 'node:stream';
import { readDoc, type TaskType } from '@concord/annotation-doc';
import { assignments, items } from '@concord/db';
import type { ProjectRole } from '@concord/protocol';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import * as Y from 'yjs';
import type { ImportInfo } from '../imports/types.ts';
import { namedDoc } from '../rooms/named-doc.ts';
import type { Principal, Services } from '../services.ts';
import { createQueueService } from '../workflow/queue-service.ts';
import { decideReview } from '../workflow/review-decision.ts';
import { claimReview } from '../workflow/review-lease.ts';
import { loadAssignment } from '../workflow/reviews.ts';
import { readStoredState } from '../workflow/stored-state.ts';
import { annotatorEdits, reviewerEdits, type DemoEdit } from './export-ready-edits.ts';
import { acceptedItems, extraRecords } from './export-ready-items.ts';

/** Who takes the accepted items, in turn; Max assigns them, Rita reviews them. */
const annotatorKeys = ['ada', 'ben', 'cleo', 'dev'] as const;

/** The file name the extra items are imported under (shown in the project's imports). */
export const extraFileName = 'demo-more.jsonl';

/** Applies a demo person's edit to a document as the editor would: one client update of that user, stored. */
async function editAs(services: Services, input: { documentId: string; userId: string; edit: DemoEdit }): Promise<void> {
  const doc = namedDoc(input.documentId);
  try {
    Y.applyUpdate(doc, await readStoredState(services.db.db, input.documentId));
    const before = Y.encodeStateVector(doc);
    input.edit(doc, readDoc(doc));
    await services.store.append(input.documentId, [{ update: Y.encodeStateAsUpdate(doc, before), userId: input.userId, origin: 'client' }]);
  } finally {
    doc.destroy();
  }
}

function personOf(people: readonly { id: string; email: string }[], key: string): string {
  const person = people.find((p) => p.email.startsWith(`${key}@`));
  if (!person) throw new Error(`the export-ready demo needs the demo person ${key}`);
  return person.id;
}

/**
 * Makes a task-type demo project ready to export with the default filter (state `accepted`): imports its
 * extra items (export-ready-items.ts), then walks each item of `acceptedItems` through the real workflow:
 * Max (manager) assigns it to a demo annotator [Q7], who takes it from the queue with a lease [Q1], edits
 * its document as a stored client update (export-ready-edits.ts) and submits it [W13]; Rita (reviewer)
 * claims the review [R2] and accepts it [R4] (editing one item first). Items, observations, audit entries and
 * provenance come from the same code as real work. Skipped (null) when anyone has work in the project
 * already: a demo that ran before, or people who started annotating, are left as they are.
 * @example const ready = await makeExportReady({ services, principal, people, project: { id, taskType: 'preference' } });
 */
export async function makeExportReady(options: {
  services: Services;
  principal: Principal;
  people: readonly { id: string; email: string; role: ProjectRole }[];
  project: { id: string; taskType: TaskType };
}): Promise<{ imports: ImportInfo[]; accepted: number } | null> {
  const { services, principal, people, project } = options;
  const db = services.db.db;
  const [worked] = await db.select({ id: assignments.id }).from(assignments).where(eq(assignments.projectId, project.id)).limit(1);
  if (worked) return null;

  const runs: ImportInfo[] = [];
  const records = project.taskType === 'alignment' ? [] : extraRecords[project.taskType];
  if (records.length > 0) {
    const body = Readable.from([Buffer.from(records.map((r) => JSON.stringify(r)).join('\n') + '\n')]);
    const started = await services.imports.start({ projectId: project.id, userId: principal.userId, format: 'jsonl', fileName: extraFileName, body });
    await services.imports.idle();
    runs.push((await services.imports.get(started.id)) ?? started);
  }

  const wanted = acceptedItems[project.taskType];
  const rows = await db
    .select({ id: items.id, externalId: items.externalId, state: items.state })
    .from(items)
    .where(and(eq(items.projectId, project.id), inArray(items.externalId, [...wanted]), isNull(items.erasedAt)));
  const byExternalId = new Map(rows.map((r) => [r.externalId, r]));
  const queue = createQueueService(services);
  const manager = personOf(people, 'max');
  const reviewer = personOf(people, 'rita');
  let accepted = 0;
  for (const [index, externalId] of wanted.entries()) {
    const item = byExternalId.get(externalId);
    const edit = annotatorEdits[externalId];
    if (!edit) throw new Error(`the export-ready demo has no edit for ${externalId}`);
    if (!item || item.state !== 'todo') {
      // An older demo project someone changed (an item erased or decided): annotate the others.
      services.log.warn({ projectId: project.id, externalId }, 'demo item not there to annotate');
      continue;
    }
    const annotator = personOf(people, annotatorKeys[index % annotatorKeys.length]!);
    await queue.assign(project.id, { itemId: item.id, userId: annotator, actorId: manager });
    // Assigned work is the first thing the annotator's queue hands out, with a lease.
    const task = await queue.next(project.id, annotator);
    if (!task || task.itemId !== item.id || task.fence === null) throw new Error(`the queue did not hand ${externalId} to its annotator`);
    await editAs(services, { documentId: task.documentId, userId: annotator, edit });
    await queue.submit(project.id, task.assignmentId, annotator, task.fence);

    const lease = await claimReview(services, { assignment: await loadAssignment(db, task.assignmentId), userId: reviewer });
    const change = reviewerEdits[externalId];
    if (change) await editAs(services, { documentId: task.documentId, userId: reviewer, edit: change });
    await decideReview(services, { assignment: await loadAssignment(db, task.assignmentId), userId: reviewer, fence: lease.fence, decision: 'accept' });
    accepted++;
  }
  return { imports: runs, accepted };
}
