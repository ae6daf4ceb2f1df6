import { createReadStream, existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { TaskType } from '@concord/annotation-doc';
import { projects, type Db } from '@concord/db';
import { workflowSettingsSchema, type ProjectRole, type WorkflowSettings } from '@concord/protocol';
import { eq } from 'drizzle-orm';
import { createMembers, createProjects, createUsers, generatePassword } from '../accounts/index.ts';
import type { ImportInfo, ImportService } from '../imports/types.ts';
import type { Logger } from '../log.ts';
import type { MediaService } from '../media/types.ts';
import type { Principal, Services } from '../services.ts';
import { makeExportReady } from './export-ready.ts';
import { createQualityDemo, qualityDemoName } from './quality-demo.ts';

/** The demo's people: one per role, four annotators so two people can co-edit and four judge blind (quality demo). */
export const demoPeople: readonly { name: string; email: string; role: ProjectRole }[] = [
  { name: 'Ada (annotator)', email: 'ada@demo.concord.test', role: 'annotator' },
  { name: 'Ben (annotator)', email: 'ben@demo.concord.test', role: 'annotator' },
  { name: 'Cleo (annotator)', email: 'cleo@demo.concord.test', role: 'annotator' },
  { name: 'Dev (annotator)', email: 'dev@demo.concord.test', role: 'annotator' },
  { name: 'Rita (reviewer)', email: 'rita@demo.concord.test', role: 'reviewer' },
  { name: 'Quinn (QA lead)', email: 'quinn@demo.concord.test', role: 'qa_lead' },
  { name: 'Tess (trainer)', email: 'tess@demo.concord.test', role: 'trainer' },
  { name: 'Max (manager)', email: 'max@demo.concord.test', role: 'manager' },
  { name: 'Vera (viewer)', email: 'vera@demo.concord.test', role: 'viewer' },
];

interface DemoProject {
  taskType: TaskType;
  name: string;
  description: string;
  files: { file: string; format: 'jsonl' | 'label-studio' }[];
  /** Workflow settings other than the defaults (collaborative, overlap 1, review on). */
  workflow?: Partial<WorkflowSettings>;
  /** Whether the demo walks some of its items to `accepted` so every format exports rows (export-ready.ts). */
  exportReady?: boolean;
}

const demoProjects: readonly DemoProject[] = [
  {
    taskType: 'instruction',
    name: 'Demo · Instruction tuning',
    exportReady: true,
    description: 'Conversations over images and audio: correct the model-written answers, transcripts and summaries.',
    files: [{ file: 'instruction.jsonl', format: 'jsonl' }],
  },
  {
    taskType: 'preference',
    name: 'Demo · RLHF preference',
    exportReady: true,
    description: 'Compare model responses, pick or rank them with a strength, score the rubric and explain why.',
    files: [{ file: 'preference.jsonl', format: 'jsonl' }],
  },
  {
    taskType: 'alignment',
    name: 'Demo · Vision-language alignment',
    exportReady: true,
    description: 'Caption images, draw regions and link caption phrases to them; answer visual questions.',
    files: [
      { file: 'alignment.jsonl', format: 'jsonl' },
      { file: 'label-studio.json', format: 'label-studio' },
    ],
  },
  {
    taskType: 'preference',
    name: 'Demo · Blind preference, overlap 2',
    description:
      'Two annotators judge each item blind; a reviewer checks every judgement; disagreements open a dispute that a QA lead resolves live.',
    files: [{ file: 'preference.jsonl', format: 'jsonl' }],
    workflow: { overlap: 2, labeling: 'blind', review: true },
  },
];

export interface DemoResult {
  projects: { id: string; name: string; taskType: TaskType; created: boolean; imports: Pick<ImportInfo, 'id' | 'fileName' | 'status' | 'created' | 'skipped' | 'failed' | 'errors'>[] }[];
  /** The demo accounts with fresh passwords (they are reset on every run: demo accounts only). */
  users: { name: string; email: string; role: ProjectRole; password: string }[];
}

/**
 * Creates one demo project per task type from the repository's examples/ folder (media, JSONL with
 * model pre-labels and gold answers, a Label Studio export) through the same upload and import paths
 * users take, plus demo users for every role. Projects that exist already (by name) are kept as they
 * are; demo users get new passwords each run. With `services`, the three task-type projects also get
 * items annotated, reviewed and accepted through the real workflow, so every export format has rows with
 * the default filter (export-ready.ts), and there is the quality demo (quality-demo.ts): blind judgements
 * seeded through the real queue, a flagged annotator, gold items for calibration.
 * @example const demo = await createDemo({ db, media, imports, log, examplesDir, principal: admin, services });
 */
export async function createDemo(options: {
  db: Db;
  media: MediaService;
  imports: ImportService;
  log: Logger;
  examplesDir: string;
  principal: Principal;
  services?: Services;
}): Promise<DemoResult> {
  const { db, media, imports, log, examplesDir, principal } = options;
  if (!existsSync(join(examplesDir, 'media'))) throw new Error(`the examples folder is missing: ${examplesDir}`);
  const users = createUsers({ db });
  const members = createMembers({ db });
  const projectService = createProjects({ db });

  const people: (DemoResult['users'][number] & { id: string })[] = [];
  for (const person of demoPeople) {
    const password = generatePassword();
    const existing = await users.findByEmail(person.email);
    const user = existing ?? (await users.create({ email: person.email, name: person.name, password }));
    if (existing) await users.setPassword(existing.id, password);
    people.push({ ...person, password, id: user.id });
  }

  const mediaFiles = (await readdir(join(examplesDir, 'media'))).filter((f) => !f.startsWith('.')).sort();
  const result: DemoResult['projects'] = [];
  for (const spec of demoProjects) {
    const [existing] = await db.select({ id: projects.id }).from(projects).where(eq(projects.name, spec.name)).limit(1);
    if (existing) {
      result.push({ id: existing.id, name: spec.name, taskType: spec.taskType, created: false, imports: [] });
      continue;
    }
    const project = await projectService.create(principal, { name: spec.name, description: spec.description, taskType: spec.taskType });
    if (spec.workflow) {
      await db.update(projects).set({ workflow: workflowSettingsSchema.parse(spec.workflow) }).where(eq(projects.id, project.id));
    }
    for (const person of people) {
      await members.add(project.id, person.id, person.role);
    }
    for (const file of mediaFiles) {
      await media.upload({ projectId: project.id, userId: principal.userId, fileName: file, body: createReadStream(join(examplesDir, 'media', file)) });
    }
    const runs: DemoResult['projects'][number]['imports'] = [];
    for (const { file, format } of spec.files) {
      const started = await imports.start({ projectId: project.id, userId: principal.userId, format, fileName: file, body: createReadStream(join(examplesDir, file)) });
      await imports.idle();
      const done = (await imports.get(started.id)) ?? started;
      if (done.failed > 0 || done.status !== 'done') log.warn({ importId: done.id, file, errors: done.errors }, 'demo import had problems');
      runs.push({ id: done.id, fileName: done.fileName, status: done.status, created: done.created, skipped: done.skipped, failed: done.failed, errors: done.errors });
    }
    result.push({ id: project.id, name: spec.name, taskType: spec.taskType, created: true, imports: runs });
  }
  if (options.services) {
    for (const entry of result) {
      if (!demoProjects.find((spec) => spec.name === entry.name)?.exportReady) continue;
      const ready = await makeExportReady({ services: options.services, principal, people, project: entry });
      if (ready) entry.imports.push(...ready.imports.map(({ id, fileName, status, created, skipped, failed, errors }) => ({ id, fileName, status, created, skipped, failed, errors })));
    }
    const quality = await createQualityDemo({ services: options.services, principal, people });
    result.push({ id: quality.id, name: qualityDemoName, taskType: 'preference', created: quality.created, imports: [] });
  }
  return { projects: result, users: people.map(({ name, email, role, password }) => ({ name, email, role, password })) };
}
