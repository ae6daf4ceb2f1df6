import { documents, projectMembers, projects, type Db } from '@concord/db';
import { can, isId, type ProjectRole } from '@concord/protocol';
import { and, eq, sql } from 'drizzle-orm';
import type { Access, DocumentAccess, Principal } from '../services.ts';
import { documentsAccess } from '../workflow/document-access.ts';

/**
 * Who may do what, resolved from the database on every call (no cache, so a revoked membership
 * takes effect at once). Malformed ids resolve to null before any query.
 * @example const role = await createAccess({ db }).projectRole(principal, projectId);
 */
export function createAccess(options: { db: Db }): Access {
  const { db } = options;
  // Asked on every project route and document socket: built once, prepared once per connection (see tokens.ts).
  const projectById = db
    .select({ id: projects.id })
    .from(projects)
    .where(eq(projects.id, sql.placeholder('projectId')))
    .limit(1)
    .prepare('concord_project_exists');
  const memberRole = db
    .select({ role: projectMembers.role })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, sql.placeholder('projectId')), eq(projectMembers.userId, sql.placeholder('userId'))))
    .limit(1)
    .prepare('concord_member_role');
  const documentWithRole = db
    .select({
      projectId: documents.projectId,
      kind: documents.kind,
      itemId: documents.itemId,
      ownerId: documents.ownerId,
      role: projectMembers.role,
    })
    .from(documents)
    .leftJoin(projectMembers, and(eq(projectMembers.projectId, documents.projectId), eq(projectMembers.userId, sql.placeholder('userId'))))
    .where(eq(documents.id, sql.placeholder('documentId')))
    .limit(1)
    .prepare('concord_document_with_role');

  async function projectRole(principal: Principal, projectId: string): Promise<ProjectRole | 'admin' | null> {
    if (!isId('project', projectId)) return null;
    if (principal.isAdmin) {
      const [project] = await projectById.execute({ projectId });
      return project ? 'admin' : null;
    }
    const [member] = await memberRole.execute({ projectId, userId: principal.userId });
    return member?.role ?? null;
  }

  async function documentAccess(principal: Principal, documentId: string): Promise<DocumentAccess | null> {
    if (!isId('document', documentId)) return null;
    const [row] = await documentWithRole.execute({ userId: principal.userId, documentId });
    if (!row) return null;
    const role: ProjectRole | 'admin' | null = principal.isAdmin ? 'admin' : row.role;
    if (!role || !can(role, 'documents.read')) return null;
    if (row.kind === 'item' && row.itemId === null) return { documentId, projectId: row.projectId, role, readOnly: !can(role, 'documents.write') };
    // Workflow documents: blind copies, item documents and dispute comments (workflow SPEC B1-B4, D3).
    const doc = { id: documentId, projectId: row.projectId, kind: row.kind, itemId: row.itemId, ownerId: row.ownerId };
    const decided = (await documentsAccess(db, { role, userId: principal.userId, projectId: row.projectId, docs: [doc] })).get(documentId);
    return decided ? { documentId, projectId: row.projectId, role, readOnly: decided.readOnly } : null;
  }

  return { projectRole, documentAccess };
}
