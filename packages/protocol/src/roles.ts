/** Roles a user can hold in one project. */
export const projectRoles = ['annotator', 'reviewer', 'qa_lead', 'trainer', 'manager', 'viewer'] as const;
export type ProjectRole = (typeof projectRoles)[number];

/** What a project role allows. Checked on every route, socket and event. */
export type Permission =
  | 'project.read'
  | 'project.update'
  | 'members.read'
  | 'members.manage'
  | 'documents.create'
  | 'documents.read'
  | 'documents.write'
  /** Upload or fetch media; import items. */
  | 'items.create'
  /** Change the project's configuration (a new version). */
  | 'config.update'
  /** Take items from the queue and submit annotations. */
  | 'work.annotate'
  /** Review submitted annotations: accept, edit, return; open a dispute. */
  | 'work.review'
  /** Adjudicate disputes and decide QA. */
  | 'work.adjudicate'
  /** Assign items to people directly; see queue depth and everyone's progress. */
  | 'work.assign'
  /** Change the workflow settings (overlap, blind or collaborative, stages, thresholds). */
  | 'workflow.update'
  /** Read the audit trail and verify its chain. */
  | 'audit.read'
  /** See agreement, gold accuracy, bias signals and flags of everyone in the project. */
  | 'quality.read'
  /** Set gold answers, clear flags by hand. */
  | 'quality.manage'
  /** Create and run live calibration sessions. */
  | 'calibration.run'
  /** Export training data and download past exports. */
  | 'data.export'
  /** Erase an item and its annotations (GDPR Art. 17; server erasure/SPEC.md). */
  | 'data.erase';

const grants: Record<ProjectRole, readonly Permission[]> = {
  viewer: ['project.read', 'members.read', 'documents.read'],
  annotator: ['project.read', 'members.read', 'documents.read', 'documents.write', 'work.annotate'],
  reviewer: ['project.read', 'members.read', 'documents.read', 'documents.write', 'work.annotate', 'work.review'],
  qa_lead: [
    'project.read',
    'members.read',
    'documents.read',
    'documents.write',
    'documents.create',
    'items.create',
    'work.review',
    'work.adjudicate',
    'work.assign',
    'audit.read',
    'quality.read',
    'quality.manage',
    'data.export',
  ],
  trainer: [
    'project.read',
    'members.read',
    'documents.read',
    'documents.write',
    'documents.create',
    'items.create',
    'work.annotate',
    'quality.read',
    'quality.manage',
    'calibration.run',
  ],
  manager: [
    'project.read',
    'project.update',
    'members.read',
    'members.manage',
    'documents.read',
    'documents.write',
    'documents.create',
    'items.create',
    'config.update',
    'work.review',
    'work.adjudicate',
    'work.assign',
    'workflow.update',
    'audit.read',
    'quality.read',
    'quality.manage',
    'calibration.run',
    'data.export',
    'data.erase',
  ],
};

/**
 * [W20] Whether a role is shown items' workflow state (item lists, `item:state` events): roles that
 * review, assign or read quality, and roles that do no work (viewers); never a role that only annotates,
 * to whom an accepted item that the queue serves would tell a gold check (W19, quality G2).
 * @example seesItemStates('annotator') // false
 */
export function seesItemStates(role: ProjectRole | 'admin'): boolean {
  return can(role, 'work.review') || can(role, 'work.assign') || can(role, 'quality.read') || !can(role, 'work.annotate');
}

/**
 * Whether a project role (or a site admin, who acts as a manager everywhere) holds a permission.
 * @example can('viewer', 'documents.write') // false
 */
export function can(role: ProjectRole | 'admin' | null | undefined, permission: Permission): boolean {
  if (!role) return false;
  if (role === 'admin') return grants.manager.includes(permission);
  return grants[role].includes(permission);
}

export function isProjectRole(value: unknown): value is ProjectRole {
  return typeof value === 'string' && (projectRoles as readonly string[]).includes(value);
}
