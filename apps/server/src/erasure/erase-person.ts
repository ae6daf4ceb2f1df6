import { assignments, projectMembers, tokens, users, type Db } from '@concord/db';
import type { PersonErasureResult } from '@concord/protocol';
import { and, count, countDistinct, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { DbOrTx } from '../audit/types.ts';
import { conflict, notFound } from '../errors.ts';
import { handedIn } from '../exports/select.ts';
import { pastExports } from './past-exports.ts';
import { erasedPasswordHash, erasedUserEmail, erasedUserName } from './tombstone.ts';
import type { ErasureRequest } from './erase-item.ts';

/** Items the person handed work in on: their contributions, kept under the pseudonymous id [GD11]. */
function contributedItemIds(userId: string) {
  return sql`(select ${assignments.itemId} from ${assignments} where ${assignments.userId} = ${userId} and ${assignments.kind} = 'work' and ${inArray(assignments.state, [...handedIn])})`;
}

/**
 * Erases a person's personal data in one transaction [GD10-GD12]: name and e-mail become a tombstone, the
 * password can never match, every token and membership is deleted, the account is disabled; their
 * annotations stay under the pseudonymous id. Appends `user.erased` (site chain) and one `member.erased`
 * per project they were in, ids only. The last active site admin cannot be erased (409).
 * @throws AppError 404 for an unknown user, 409 for the last active admin.
 */
export async function erasePersonInTx(tx: DbOrTx, input: ErasureRequest & { userId: string }): Promise<PersonErasureResult> {
  const [user] = await tx
    .select({ id: users.id, isAdmin: users.isAdmin, erasedAt: users.erasedAt, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, input.userId))
    .for('update');
  if (!user) throw notFound('User');
  const exportsToRegenerate = await pastExports(tx, contributedItemIds(user.id));
  const [contributed] = await tx
    .select({ n: countDistinct(assignments.itemId) })
    .from(assignments)
    .where(and(eq(assignments.userId, user.id), eq(assignments.kind, 'work'), inArray(assignments.state, [...handedIn])));
  const contributedItems = Number(contributed?.n ?? 0);
  if (user.erasedAt) {
    return { userId: user.id, erasedAt: user.erasedAt.toISOString(), alreadyErased: true, erased: { tokens: 0, memberships: 0 }, contributedItems, exports: exportsToRegenerate };
  }
  if (user.isAdmin) {
    const [others] = await tx
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.isAdmin, true), ne(users.id, user.id), isNull(users.disabledAt), isNull(users.erasedAt)));
    if (Number(others?.n ?? 0) === 0) throw conflict('This is the last active site admin: make someone else an admin first.');
  }

  const removedTokens = await tx.delete(tokens).where(eq(tokens.userId, user.id)).returning({ id: tokens.id });
  const removedMemberships = await tx
    .delete(projectMembers)
    .where(eq(projectMembers.userId, user.id))
    .returning({ projectId: projectMembers.projectId, role: projectMembers.role });
  const erasedAt = new Date();
  await tx
    .update(users)
    .set({
      name: erasedUserName(user.id),
      email: erasedUserEmail(user.id),
      passwordHash: erasedPasswordHash,
      isAdmin: false,
      canCreateProjects: false,
      disabledAt: user.disabledAt ?? erasedAt,
      erasedAt,
    })
    .where(eq(users.id, user.id));

  for (const membership of removedMemberships.sort((a, b) => a.projectId.localeCompare(b.projectId))) {
    await appendAudit(tx, {
      projectId: membership.projectId,
      actorId: input.actorId,
      action: 'member.erased',
      subjectType: 'member',
      subjectId: user.id,
      before: { role: membership.role },
      after: null,
      detail: { reason: input.reason },
    });
  }
  const erased = { tokens: removedTokens.length, memberships: removedMemberships.length };
  await appendAudit(tx, {
    projectId: null,
    actorId: input.actorId,
    action: 'user.erased',
    subjectType: 'user',
    subjectId: user.id,
    before: { erased: false },
    after: { erased: true, disabled: true },
    detail: {
      reason: input.reason,
      reference: input.reference ?? null,
      counts: erased,
      projectIds: removedMemberships.map((m) => m.projectId),
      contributedItems,
      exportIds: exportsToRegenerate.map((e) => e.id),
    },
  });
  return { userId: user.id, erasedAt: erasedAt.toISOString(), alreadyErased: false, erased, contributedItems, exports: exportsToRegenerate };
}

/** {@link erasePersonInTx} in its own transaction. */
export function erasePersonTx(db: Db, input: ErasureRequest & { userId: string }): Promise<PersonErasureResult> {
  return db.transaction((tx) => erasePersonInTx(tx, input));
}
