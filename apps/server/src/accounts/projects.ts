import { defaultConfig, type TaskType } from '@concord/annotation-doc';
import { projectConfigs, projectMembers, projects, type Db } from '@concord/db';
import { newId, type ProjectRole } from '@concord/protocol';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { Principal } from '../services.ts';

/** A project as one caller sees it, with the caller's role ('admin' for a site admin who is not a member). */
export interface ProjectInfo {
  id: string;
  name: string;
  description: string;
  createdAt: Date;
  role: ProjectRole | 'admin';
  taskType: TaskType;
  configVersion: number;
}

export interface ProjectPage {
  items: ProjectInfo[];
  nextCursor: string | null;
}

const columns = {
  id: projects.id,
  name: projects.name,
  description: projects.description,
  createdAt: projects.createdAt,
  taskType: projects.taskType,
  configVersion: projects.configVersion,
  memberRole: projectMembers.role,
};

interface ProjectRow {
  id: string;
  name: string;
  description: string;
  createdAt: Date;
  taskType: TaskType;
  configVersion: number;
  memberRole: ProjectRole | null;
}

function toInfo({ memberRole, ...row }: ProjectRow): ProjectInfo {
  return { ...row, role: memberRole ?? 'admin' };
}

/**
 * Projects and who created them. Access checks happen before these calls (see access.ts); the
 * reads here join the caller's membership only to report their role.
 * @example const project = await createProjects({ db }).create(principal, { name: 'Captions' });
 */
export function createProjects(options: { db: Db }) {
  const { db } = options;

  function membershipOf(userId: string): SQL | undefined {
    return and(eq(projectMembers.projectId, projects.id), eq(projectMembers.userId, userId));
  }

  async function get(principal: Principal, projectId: string): Promise<ProjectInfo | null> {
    const [row] = await db
      .select(columns)
      .from(projects)
      .leftJoin(projectMembers, membershipOf(principal.userId))
      .where(eq(projects.id, projectId))
      .limit(1);
    if (!row || (!row.memberRole && !principal.isAdmin)) return null;
    return toInfo(row);
  }

  return {
    get,

    /**
     * Creates a project with its creator as its first manager and its task type's default
     * configuration as version 1, atomically.
     */
    async create(
      principal: Principal,
      input: { name: string; description?: string | undefined; taskType?: TaskType | undefined },
    ): Promise<ProjectInfo> {
      const id = newId('project');
      const createdAt = new Date();
      const taskType = input.taskType ?? 'alignment';
      const description = input.description ?? '';
      await db.transaction(async (tx) => {
        await tx.insert(projects).values({ id, name: input.name, description, createdBy: principal.userId, createdAt, taskType });
        await tx.insert(projectMembers).values({ projectId: id, userId: principal.userId, role: 'manager', createdAt });
        // The creator's membership opens the project's audit chain [A1].
        await appendAudit(tx, {
          projectId: id, actorId: principal.userId, action: 'member.added', subjectType: 'member', subjectId: principal.userId,
          after: { role: 'manager' }, detail: { projectCreated: true }, configVersion: 1,
        });
        await tx
          .insert(projectConfigs)
          .values({ projectId: id, version: 1, config: defaultConfig(taskType), createdBy: principal.userId, createdAt });
      });
      return { id, name: input.name, description, createdAt, role: 'manager', taskType, configVersion: 1 };
    },

    /** The caller's projects, newest first; site admins see every project. */
    async list(principal: Principal, page: { limit: number; cursor?: string | undefined }): Promise<ProjectPage> {
      const conditions: SQL[] = [];
      if (!principal.isAdmin) conditions.push(sql`${projectMembers.userId} is not null`);
      if (page.cursor) {
        // Compared in SQL against the cursor row, so microsecond timestamps never skip or repeat rows.
        conditions.push(
          sql`(${projects.createdAt}, ${projects.id}) < (select "created_at", "id" from "projects" where "id" = ${page.cursor})`,
        );
      }
      const rows = await db
        .select(columns)
        .from(projects)
        .leftJoin(projectMembers, membershipOf(principal.userId))
        .where(and(...conditions))
        .orderBy(desc(projects.createdAt), desc(projects.id))
        .limit(page.limit + 1);
      const items = rows.slice(0, page.limit).map(toInfo);
      return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
    },

    /** Applies name/description changes; returns the project as the caller sees it. */
    async update(
      principal: Principal,
      projectId: string,
      changes: { name?: string | undefined; description?: string | undefined },
    ): Promise<ProjectInfo | null> {
      const set: { name?: string; description?: string } = {};
      if (changes.name !== undefined) set.name = changes.name;
      if (changes.description !== undefined) set.description = changes.description;
      if (Object.keys(set).length > 0) await db.update(projects).set(set).where(eq(projects.id, projectId));
      return get(principal, projectId);
    },
  };
}

export type Projects = ReturnType<typeof createProjects>;
