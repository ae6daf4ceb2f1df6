import { defaultConfig, projectConfigSchema, type ProjectConfig, type TaskType } from '@concord/annotation-doc';
import { projectConfigs, projects, type Db } from '@concord/db';
import { workflowSettingsSchema, type WorkflowSettings } from '@concord/protocol';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../audit/types.ts';
import type { LockManager } from '../coordination/types.ts';
import { notFound } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { DocumentReader } from '../services.ts';

/** What the workflow functions need from the server. */
export interface WorkflowDeps {
  db: Db;
  locks: LockManager;
  documents: DocumentReader;
  log: Logger;
}

/** A project as the workflow sees it. */
export interface ProjectWorkflow {
  projectId: string;
  taskType: TaskType;
  configVersion: number;
  settings: WorkflowSettings;
}

/** A project's task type, current configuration version and parsed workflow settings [S1]. */
export async function loadProjectWorkflow(tx: DbOrTx, projectId: string): Promise<ProjectWorkflow> {
  const [row] = await tx
    .select({ taskType: projects.taskType, configVersion: projects.configVersion, workflow: projects.workflow })
    .from(projects)
    .where(eq(projects.id, projectId));
  if (!row) throw notFound('Project');
  return { projectId, taskType: row.taskType, configVersion: row.configVersion, settings: workflowSettingsSchema.parse(row.workflow ?? {}) };
}

/** A configuration version of a project (version 1 may be implicit: the task type's default). */
export async function loadConfig(tx: DbOrTx, projectId: string, taskType: TaskType, version: number): Promise<ProjectConfig> {
  const [row] = await tx
    .select({ config: projectConfigs.config })
    .from(projectConfigs)
    .where(and(eq(projectConfigs.projectId, projectId), eq(projectConfigs.version, version)));
  return row ? projectConfigSchema.parse(row.config) : defaultConfig(taskType);
}
