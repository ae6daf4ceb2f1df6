import { sampleSeed } from '@concord/annotation-doc/testing';
import type { ItemSeed, Prelabel, ProjectConfig, TaskType } from '@concord/annotation-doc';
import { assignments, documentClients, documents, items, projects } from '@concord/db';
import { newId, type WorkflowSettings } from '@concord/protocol';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { createItemService } from '../../src/items/item-service.ts';
import { createDrizzleDocumentStore } from '../../src/persistence/index.ts';
import { loadProjectWorkflow } from '../../src/workflow/context.ts';
import { recomputeItem } from '../../src/workflow/recompute.ts';
import { readStoredState } from '../../src/workflow/stored-state.ts';
import { transact } from '../../src/workflow/transact.ts';
import { addMember, type Harness, type TestUser } from './harness.ts';

/**
 * The annotator's side of the workflow, done directly on the database for review and dispute tests:
 * taking an item (with a blind copy made like B2), editing a document as a user (a stored client update,
 * so provenance binds the client id to them) and submitting (state, submitted_state, recomputeItem).
 */

/** A project of a task type with workflow settings (written directly) and, optionally, its configuration. */
export async function workflowProject(
  h: Harness,
  manager: TestUser,
  options: { taskType: TaskType; workflow: Partial<WorkflowSettings>; config?: Partial<ProjectConfig>; members?: Array<[TestUser, string]> },
): Promise<string> {
  const created = await h.call('POST', '/api/v1/projects', { token: manager.token, json: { name: `${options.taskType} project`, taskType: options.taskType } });
  if (created.status !== 201) throw new Error(`project: ${created.status} ${created.text}`);
  const projectId = created.body.id as string;
  if (options.config) {
    const current = await h.call('GET', `/api/v1/projects/${projectId}/config`, { token: manager.token });
    const saved = await h.call('PUT', `/api/v1/projects/${projectId}/config`, { token: manager.token, json: { config: { ...current.body.config, ...options.config } } });
    if (saved.status !== 200) throw new Error(`config: ${saved.status} ${saved.text}`);
  }
  await h.db.db.update(projects).set({ workflow: options.workflow }).where(eq(projects.id, projectId));
  for (const [user, role] of options.members ?? []) await addMember(h, manager, projectId, user.user.id, role);
  return projectId;
}

/** An item with its document, made by the item service (media binding is not under test here). */
export async function makeItem(h: Harness, projectId: string, options: { seed?: ItemSeed; taskType?: TaskType; prelabel?: Prelabel } = {}) {
  const seed = options.seed ?? sampleSeed(options.taskType ?? 'alignment');
  return createItemService({ db: h.db.db }).create({
    projectId,
    externalId: newId('item'),
    tags: ['fixture'],
    seed,
    prelabel: options.prelabel ?? null,
    createdBy: null,
  });
}

function store(h: Harness) {
  return createDrizzleDocumentStore({ db: h.db.db });
}

/**
 * An assignment in progress for `user` on an item: blind → a copy of the item document owned by them
 * (first update = the item document's state, same client-id bindings); collaborative → the item document.
 */
export async function takeItem(h: Harness, options: { projectId: string; itemId: string; itemDocumentId: string; user: TestUser; blind: boolean }) {
  let documentId = options.itemDocumentId;
  if (options.blind) {
    documentId = newId('document');
    const [source] = await h.db.db.select().from(documents).where(eq(documents.id, options.itemDocumentId));
    await h.db.db.insert(documents).values({
      id: documentId,
      projectId: options.projectId,
      name: `${source!.name} (copy)`,
      itemId: options.itemId,
      configVersion: source!.configVersion,
      kind: 'copy',
      ownerId: options.user.user.id,
    });
    await store(h).append(documentId, [{ update: await readStoredState(h.db.db, options.itemDocumentId), userId: null, origin: 'server' }]);
    const bindings = await h.db.db.select().from(documentClients).where(eq(documentClients.documentId, options.itemDocumentId));
    if (bindings.length > 0) await h.db.db.insert(documentClients).values(bindings.map((b) => ({ ...b, documentId })));
  }
  const assignmentId = newId('assignment');
  await h.db.db.insert(assignments).values({
    id: assignmentId,
    projectId: options.projectId,
    itemId: options.itemId,
    userId: options.user.user.id,
    documentId,
    state: 'in_progress',
    fence: 1,
    leaseExpiresAt: new Date(Date.now() + 600_000),
  });
  await recompute(h, options.projectId, options.itemId, options.user.user.id);
  return { assignmentId, documentId };
}

/** Applies a change to a stored document as `user` would from their editor (one client update). */
export async function editAs(h: Harness, documentId: string, user: TestUser | null, change: (doc: Y.Doc) => void): Promise<void> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, await readStoredState(h.db.db, documentId));
  const before = Y.encodeStateVector(doc);
  change(doc);
  const update = Y.encodeStateAsUpdate(doc, before);
  doc.destroy();
  await store(h).append(documentId, [{ update, userId: user?.user.id ?? null, origin: user ? 'client' : 'server' }]);
}

/** Submits an assignment as the annotator's submit would: state, submitted_state, then the item follows. */
export async function submit(h: Harness, assignmentId: string): Promise<void> {
  const [a] = await h.db.db.select().from(assignments).where(eq(assignments.id, assignmentId));
  if (!a) throw new Error('no such assignment');
  await h.db.db
    .update(assignments)
    .set({ state: 'submitted', submittedAt: new Date(), submittedState: await readStoredState(h.db.db, a.documentId), leaseExpiresAt: null, returnReason: null, returnComment: null })
    .where(eq(assignments.id, assignmentId));
  await recompute(h, a.projectId, a.itemId, a.userId);
}

async function recompute(h: Harness, projectId: string, itemId: string, actorId: string): Promise<void> {
  await transact(h.services, async (tx, deps, outbox) => {
    await recomputeItem(tx, deps, await loadProjectWorkflow(tx, projectId), { itemId, actorId }, outbox);
  });
}

/** The item's and its assignments' states, straight from the database. */
export async function statesOf(h: Harness, itemId: string) {
  const [item] = await h.db.db.select({ state: items.state, finalDocumentId: items.finalDocumentId }).from(items).where(eq(items.id, itemId));
  const rows = await h.db.db.select({ id: assignments.id, state: assignments.state }).from(assignments).where(eq(assignments.itemId, itemId));
  return { item: item?.state, finalDocumentId: item?.finalDocumentId ?? null, assignments: Object.fromEntries(rows.map((r) => [r.id, r.state])) };
}
