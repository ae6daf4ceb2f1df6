import { assignments, projects } from '@concord/db';
import { workflowSettingsSchema, type WorkflowSettings } from '@concord/protocol';
import { eq } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { DbOrTx } from '../audit/types.ts';
import { AppError, badRequest, notFound } from '../errors.ts';
import { canonicalJson } from '../audit/chain.ts';

/** A change to some of the settings; `disputes` and `quality` are merged field by field too. */
export type WorkflowSettingsPatch = Partial<Omit<WorkflowSettings, 'disputes' | 'quality'>> & {
  disputes?: Partial<WorkflowSettings['disputes']>;
  quality?: Partial<WorkflowSettings['quality']>;
};

/** A project's workflow settings with every default filled in [S1]. */
export async function readSettings(tx: DbOrTx, projectId: string): Promise<WorkflowSettings> {
  const [row] = await tx.select({ workflow: projects.workflow }).from(projects).where(eq(projects.id, projectId));
  if (!row) throw notFound('Project');
  return workflowSettingsSchema.parse(row.workflow ?? {});
}

/**
 * Applies a settings change [S1, S2] under the project row's lock: the merged settings must be valid
 * (400 otherwise, e.g. overlap above 1 without blind labeling), the labeling mode is fixed once any
 * assignment exists (409 `labeling_locked`), and a real change is audited as `workflow.updated` with
 * before and after. Lowering the overlap takes nothing from anyone: slots already held stay held.
 */
export async function updateSettings(
  tx: DbOrTx,
  input: { projectId: string; actorId: string; patch: WorkflowSettingsPatch },
): Promise<WorkflowSettings> {
  const [row] = await tx
    .select({ workflow: projects.workflow, configVersion: projects.configVersion })
    .from(projects)
    .where(eq(projects.id, input.projectId))
    .for('update');
  if (!row) throw notFound('Project');
  const before = workflowSettingsSchema.parse(row.workflow ?? {});
  const parsed = workflowSettingsSchema.safeParse({
    ...before,
    ...input.patch,
    disputes: { ...before.disputes, ...input.patch.disputes },
    quality: { ...before.quality, ...input.patch.quality },
  });
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.code, message: i.message }));
    throw badRequest(`Invalid workflow settings: ${details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ')}.`, details);
  }
  const after = parsed.data;
  if (after.labeling !== before.labeling) {
    const [any] = await tx.select({ id: assignments.id }).from(assignments).where(eq(assignments.projectId, input.projectId)).limit(1);
    if (any) {
      throw new AppError(409, 'labeling_locked', `Work has started in ${before.labeling} mode: the labeling mode can no longer change.`, { labeling: before.labeling });
    }
  }
  if (canonicalJson(after) === canonicalJson(before)) return after;
  await tx.update(projects).set({ workflow: after }).where(eq(projects.id, input.projectId));
  await appendAudit(tx, {
    projectId: input.projectId,
    actorId: input.actorId,
    action: 'workflow.updated',
    subjectType: 'workflow',
    subjectId: input.projectId,
    before,
    after,
    configVersion: row.configVersion,
  });
  return after;
}
