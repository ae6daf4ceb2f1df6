import { createRoute, z } from '@hono/zod-openapi';
import { isId } from '@concord/protocol';
import type { AccountService, Members } from '../accounts/index.ts';
import { forbidden, notFound } from '../errors.ts';
import type { Principal, Services } from '../services.ts';
import { notifyAccessChanged, requireProjectPermission } from './guards.ts';
import { projectParams } from './projects.ts';
import { createRouter } from './router.ts';
import { bearerSecurity, body, email, errors, idParam, json, roleSchema, timestamp, noQuery } from './schemas.ts';

const MemberSchema = z
  .object({ userId: z.string(), name: z.string(), email: z.string(), role: roleSchema, createdAt: timestamp() })
  .openapi('Member');

const AddMemberBody = z
  .strictObject({
    userId: z.string({ error: 'must be a string' }).max(100).optional(),
    email: email().optional(),
    role: roleSchema,
  })
  .refine((b) => (b.userId === undefined) !== (b.email === undefined), { message: 'give exactly one of userId or email' })
  .openapi('AddMemberRequest');

const ChangeRoleBody = z.strictObject({ role: roleSchema }).openapi('ChangeMemberRoleRequest');

const memberParams = projectParams.extend({ userId: idParam('userId', 'usr_abcdefghijklmnopqrstuvwxyz234567') });

const listMembers = createRoute({
  method: 'get', path: '/projects/{id}/members', tags: ['members'], summary: 'Members of a project (members.read)',
  security: bearerSecurity, request: { params: projectParams, query: noQuery },
  responses: { 200: json(z.object({ items: z.array(MemberSchema) }), 'Members, oldest first'), ...errors(400, 401, 403, 404) },
});
const addMember = createRoute({
  method: 'post', path: '/projects/{id}/members', tags: ['members'], summary: 'Add a member by user id or e-mail (members.manage)',
  security: bearerSecurity, request: { params: projectParams, body: body(AddMemberBody) },
  responses: { 201: json(MemberSchema, 'The new member'), ...errors(400, 401, 403, 404, 409, 413, 415) },
});
const changeRole = createRoute({
  method: 'patch', path: '/projects/{id}/members/{userId}', tags: ['members'], summary: "Change a member's role (members.manage)",
  security: bearerSecurity, request: { params: memberParams, body: body(ChangeRoleBody) },
  responses: { 200: json(MemberSchema, 'The member'), ...errors(400, 401, 403, 404, 409, 413, 415) },
});
const removeMember = createRoute({
  method: 'delete', path: '/projects/{id}/members/{userId}', tags: ['members'], summary: 'Remove a member (members.manage)',
  security: bearerSecurity, request: { params: memberParams },
  responses: { 204: { description: 'Removed' }, ...errors(401, 403, 404, 409) },
});

/** Nobody edits their own membership through the API: no self-promotion, no accidental lock-out. */
function refuseSelf(principal: Principal, userId: string): void {
  if (principal.userId === userId) throw forbidden('You cannot change your own membership.');
}

/** `/projects/{id}/members`: who is in a project and with which role. */
export function createMemberRoutes(deps: { services: Services; accounts: AccountService; members: Members }) {
  const { services, accounts, members } = deps;
  const router = createRouter();

  async function memberJson(projectId: string, userId: string) {
    const member = await members.get(projectId, userId);
    if (!member) throw notFound('Member');
    return { ...member, createdAt: member.createdAt.toISOString() };
  }

  router.openapi(listMembers, async (c) => {
    const { id } = c.req.valid('param');
    await requireProjectPermission({ access: services.access, principal: c.get('principal'), projectId: id, permission: 'members.read' });
    const items = await members.list(id);
    return c.json({ items: items.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })) }, 200);
  });

  router.openapi(addMember, async (c) => {
    const principal = c.get('principal');
    const { id } = c.req.valid('param');
    await requireProjectPermission({ access: services.access, principal, projectId: id, permission: 'members.manage' });
    const input = c.req.valid('json');
    const user =
      input.email !== undefined
        ? await accounts.users.findByEmail(input.email)
        : isId('user', input.userId)
          ? await accounts.users.get(input.userId)
          : null;
    if (!user) throw notFound('User');
    refuseSelf(principal, user.id);
    await members.add(id, user.id, input.role, principal.userId);
    await notifyAccessChanged(services, { kind: 'membership', userId: user.id, projectId: id, role: input.role });
    return c.json(await memberJson(id, user.id), 201);
  });

  router.openapi(changeRole, async (c) => {
    const principal = c.get('principal');
    const { id, userId } = c.req.valid('param');
    await requireProjectPermission({ access: services.access, principal, projectId: id, permission: 'members.manage' });
    refuseSelf(principal, userId);
    const { role } = c.req.valid('json');
    if (!isId('user', userId) || !(await members.changeRole(id, userId, role, principal.userId))) throw notFound('Member');
    await notifyAccessChanged(services, { kind: 'membership', userId, projectId: id, role });
    return c.json(await memberJson(id, userId), 200);
  });

  router.openapi(removeMember, async (c) => {
    const principal = c.get('principal');
    const { id, userId } = c.req.valid('param');
    await requireProjectPermission({ access: services.access, principal, projectId: id, permission: 'members.manage' });
    refuseSelf(principal, userId);
    if (!isId('user', userId) || !(await members.remove(id, userId, principal.userId))) throw notFound('Member');
    await notifyAccessChanged(services, { kind: 'membership', userId, projectId: id, role: null });
    return c.body(null, 204);
  });

  return router;
}
