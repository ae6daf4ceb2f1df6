import { createHash } from 'node:crypto';
import { defaultConfig, projectConfigSchema, type ProjectConfig, type TaskType } from '@concord/annotation-doc';
import { projectConfigs, projects, type Db } from '@concord/db';
import { and, desc, eq, sql } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import { canonicalJson } from '../audit/chain.ts';
import { AppError, notFound } from '../errors.ts';

export interface ConfigVersion {
  version: number;
  config: ProjectConfig;
  createdAt: Date;
  createdBy: string | null;
}

/**
 * The versioned configuration of a project (labels, rubric, required fields, guidelines). A change
 * never edits a version: it appends the next one and moves `projects.config_version` to it, so every
 * document keeps pointing at the version it was made under.
 * @example const { version, config } = await createProjectConfigs({ db }).current(projectId);
 */
export function createProjectConfigs(options: { db: Db }) {
  const { db } = options;

  async function taskTypeOf(projectId: string): Promise<{ taskType: TaskType; configVersion: number }> {
    const [row] = await db
      .select({ taskType: projects.taskType, configVersion: projects.configVersion })
      .from(projects)
      .where(eq(projects.id, projectId));
    if (!row) throw notFound('Project');
    return row;
  }

  async function version(projectId: string, number: number): Promise<ConfigVersion | null> {
    const [row] = await db
      .select()
      .from(projectConfigs)
      .where(and(eq(projectConfigs.projectId, projectId), eq(projectConfigs.version, number)));
    if (row) return { version: row.version, config: parseStored(row.config), createdAt: row.createdAt, createdBy: row.createdBy };
    if (number !== 1) return null;
    // Projects made before configurations existed: version 1 is their task type's default.
    const { taskType } = await taskTypeOf(projectId);
    return { version: 1, config: defaultConfig(taskType), createdAt: new Date(0), createdBy: null };
  }

  return {
    version,

    async current(projectId: string): Promise<ConfigVersion> {
      const { configVersion } = await taskTypeOf(projectId);
      const found = await version(projectId, configVersion);
      if (!found) throw new Error(`project ${projectId} points at a missing config version ${configVersion}`);
      return found;
    },

    /** Newest first. */
    async list(projectId: string): Promise<Omit<ConfigVersion, 'config'>[]> {
      const rows = await db
        .select({ version: projectConfigs.version, createdAt: projectConfigs.createdAt, createdBy: projectConfigs.createdBy })
        .from(projectConfigs)
        .where(eq(projectConfigs.projectId, projectId))
        .orderBy(desc(projectConfigs.version));
      if (!rows.some((r) => r.version === 1)) rows.push({ version: 1, createdAt: new Date(0), createdBy: null });
      return rows;
    },

    /**
     * Stores a new version. The task type cannot change (documents already made would no longer fit);
     * the configuration must pass the schema. Concurrent saves get consecutive versions.
     */
    async save(projectId: string, input: unknown, userId: string): Promise<ConfigVersion> {
      const { taskType } = await taskTypeOf(projectId);
      const parsed = projectConfigSchema.safeParse(input);
      if (!parsed.success) {
        const details = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        throw new AppError(422, 'invalid_config', 'The configuration is not valid: see details.', details);
      }
      if (parsed.data.taskType !== taskType) {
        throw new AppError(422, 'invalid_config', `This project's task type is ${taskType}; it cannot change.`, [
          { path: 'taskType', message: `must be ${taskType}` },
        ]);
      }
      return db.transaction(async (tx) => {
        // The row lock serialises concurrent saves of one project.
        const [row] = await tx
          .update(projects)
          .set({ configVersion: sql`${projects.configVersion} + 1` })
          .where(eq(projects.id, projectId))
          .returning({ configVersion: projects.configVersion });
        if (!row) throw notFound('Project');
        const createdAt = new Date();
        await tx
          .insert(projectConfigs)
          .values({ projectId, version: row.configVersion, config: parsed.data, createdBy: userId, createdAt });
        await appendAudit(tx, {
          projectId, actorId: userId, action: 'config.updated', subjectType: 'config', subjectId: projectId,
          before: { version: row.configVersion - 1 }, after: { version: row.configVersion }, configVersion: row.configVersion,
          // Pins the content of the version: a later edit of the stored row would no longer match.
          detail: { sha256: createHash('sha256').update(canonicalJson(parsed.data)).digest('hex') },
        });
        return { version: row.configVersion, config: parsed.data, createdAt, createdBy: userId };
      });
    },
  };
}

export type ProjectConfigs = ReturnType<typeof createProjectConfigs>;

function parseStored(value: unknown): ProjectConfig {
  // Stored configs passed the schema when saved; parsing again fills defaults added since.
  return projectConfigSchema.parse(value);
}
