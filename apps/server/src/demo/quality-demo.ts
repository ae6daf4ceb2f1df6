import { defaultConfig, readDoc, setChoice } from '@concord/annotation-doc';
import { projects } from '@concord/db';
import { workflowSettingsSchema, type ProjectRole } from '@concord/protocol';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { createMembers, createProjects } from '../accounts/index.ts';
import { createItemService } from '../items/item-service.ts';
import { createProjectConfigs } from '../projects/configs.ts';
import { namedDoc } from '../rooms/named-doc.ts';
import type { Principal, Services } from '../services.ts';
import { createQueueService } from '../workflow/queue-service.ts';
import { updateSettings } from '../workflow/settings.ts';
import { readStoredState } from '../workflow/stored-state.ts';
import { goldOf, qualityDemoItems, seedOf, type QualityDemoItem } from './quality-items.ts';

export const qualityDemoName = 'Demo · Quality and calibration';

/** Who annotates the quality demo, in the order they take each item; the key names them in `flips`. */
const annotatorKeys = ['ada', 'ben', 'dev', 'cleo'] as const;

/**
 * Quality settings of the demo: flags need eight compared units; gold is served at the default rate once
 * the seeded work is in (it is 0 while seeding, so every annotator takes the items in order); the seeded
 * annotations take no time, so "too fast" is off.
 */
const seedingSettings = { labeling: 'blind', overlap: 4, review: false, disputes: { auto: false }, quality: { minUnits: 8, goldRatePercent: 0, tooFastSeconds: 0 } };

/** Chooses response `index` in a document as `userId` would in the editor: one client update, stored. */
async function choose(services: Services, input: { documentId: string; userId: string; index: 0 | 1 }): Promise<void> {
  const doc = namedDoc(input.documentId);
  try {
    Y.applyUpdate(doc, await readStoredState(services.db.db, input.documentId));
    const view = readDoc(doc);
    if (view.taskType !== 'preference') throw new Error('the quality demo holds preference items');
    const before = Y.encodeStateVector(doc);
    setChoice(doc, view.responses[input.index]!.id, 'better');
    await services.store.append(input.documentId, [{ update: Y.encodeStateAsUpdate(doc, before), userId: input.userId, origin: 'client' }]);
  } finally {
    doc.destroy();
  }
}

/**
 * The quality demo project: thirty pairwise preference items tagged `coding`, `reasoning` or `safety`, nine
 * with gold answers, judged blind by four demo annotators through the real queue and submit path, so the
 * observations, the report and the flags come from the same code as real work (quality/SPEC.md O1, F1).
 * Cleo disagrees on two safety items and ends up flagged on `safety` by the flag rule itself. Quinn (QA lead)
 * sees the dashboard; Tess (trainer) can run a calibration session on the gold items with Cleo and another
 * annotator, whose pass clears the flag. Kept as it is when a project of that name exists.
 * @example const project = await createQualityDemo({ services, principal, people });
 */
export async function createQualityDemo(options: {
  services: Services;
  principal: Principal;
  people: readonly { id: string; email: string; role: ProjectRole }[];
}): Promise<{ id: string; created: boolean }> {
  const { services, principal, people } = options;
  const db = services.db.db;
  const [existing] = await db.select({ id: projects.id }).from(projects).where(eq(projects.name, qualityDemoName)).limit(1);
  if (existing) return { id: existing.id, created: false };

  const project = await createProjects({ db }).create(principal, {
    name: qualityDemoName,
    description: 'Agreement per capability slice with confidence intervals, gold answers, a flagged annotator and live calibration.',
    taskType: 'preference',
  });
  await createProjectConfigs({ db }).save(project.id, { ...defaultConfig('preference'), preferenceMode: 'pairwise', requireAllScores: false, minRationaleLength: 0 }, principal.userId);
  await db.update(projects).set({ workflow: workflowSettingsSchema.parse(seedingSettings) }).where(eq(projects.id, project.id));
  const members = createMembers({ db });
  for (const person of people) await members.add(project.id, person.id, person.role);

  const itemService = createItemService({ db });
  const created: { itemId: string; item: QualityDemoItem }[] = [];
  for (const item of qualityDemoItems) {
    const result = await itemService.create({ projectId: project.id, externalId: item.externalId, tags: [item.slice], seed: seedOf(item), gold: goldOf(item), createdBy: principal.userId });
    created.push({ itemId: result.itemId, item });
  }
  const byItem = new Map(created.map((c) => [c.itemId, c.item]));

  const queue = createQueueService(services);
  const annotators = annotatorKeys.map((key) => {
    const person = people.find((p) => p.email.startsWith(`${key}@`));
    if (!person) throw new Error(`the quality demo needs the demo annotator ${key}`);
    return { key, id: person.id };
  });
  for (let round = 0; round < created.length; round++) {
    for (const annotator of annotators) {
      const task = await queue.next(project.id, annotator.id);
      const item = task ? byItem.get(task.itemId) : undefined;
      if (!task || !item || task.fence === null) throw new Error('the quality demo queue ran dry');
      const index = (item.flips.includes(annotator.key) ? 1 - item.truth : item.truth) as 0 | 1;
      await choose(services, { documentId: task.documentId, userId: annotator.id, index });
      await queue.submit(project.id, task.assignmentId, annotator.id, task.fence);
    }
  }
  await db.transaction((tx) => updateSettings(tx, { projectId: project.id, actorId: principal.userId, patch: { quality: { goldRatePercent: 10 } } }));
  return { id: project.id, created: true };
}
