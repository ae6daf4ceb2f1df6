import { can, isId, type Permission, type ProjectRole } from '@concord/protocol';
import { forbidden, notFound } from '../errors.ts';
import type { AccessChange, Principal, Services } from '../services.ts';

/** Site-admin-only routes: everyone else gets a 403 (the route's existence is no secret). */
export function requireAdmin(principal: Principal): void {
  if (!principal.isAdmin) throw forbidden('Only site admins can do this.');
}

/**
 * The caller's role in a project, checked against a permission. Malformed ids, missing projects and
 * projects the caller is not in are the same 404; a member whose role lacks the permission gets 403.
 * @example const role = await requireProjectPermission({ access, principal, projectId, permission: 'members.manage' });
 */
export async function requireProjectPermission(options: {
  access: Services['access'];
  principal: Principal;
  projectId: string;
  permission: Permission;
}): Promise<ProjectRole | 'admin'> {
  const { access, principal, projectId, permission } = options;
  const role = isId('project', projectId) ? await access.projectRole(principal, projectId) : null;
  if (!role) throw notFound('Project');
  if (!can(role, permission)) throw forbidden();
  return role;
}

/**
 * Tells every instance that someone's access changed. The change itself is already committed, so a
 * failed publish is logged rather than turned into an error response; live sockets still re-check
 * on their periodic timer (config.accessRecheckMs).
 */
export async function notifyAccessChanged(services: Pick<Services, 'notifier' | 'log'>, change: AccessChange): Promise<void> {
  try {
    await services.notifier.accessChanged(change);
  } catch (err) {
    services.log.error({ err, change }, 'could not publish an access change');
  }
}
