import { auditLog, users, type Db } from '@concord/db';
import { and, desc, eq, inArray, lt, type SQL } from 'drizzle-orm';

/** One audit entry as the API lists it: the stored fields, its hashes, and who did it by name. */
export interface AuditListEntry {
  seq: number;
  at: string;
  actor: { id: string | null; name: string | null; kind: 'user' | 'system' };
  action: string;
  subjectType: string;
  subjectId: string;
  itemId: string | null;
  before: unknown;
  after: unknown;
  detail: Record<string, unknown> | null;
  configVersion: number | null;
  prevHash: string;
  hash: string;
}

/**
 * One page of a chain, newest first, keyset-paginated by seq: `cursor` is the seq of the last entry of
 * the previous page, and `nextCursor` is null on the last page.
 * @example const { items, nextCursor } = await listAudit(db, { chain: projectId, limit: 50 });
 */
export async function listAudit(db: Db, options: { chain: string; limit: number; cursor?: number | undefined }) {
  const conditions: SQL[] = [eq(auditLog.chain, options.chain)];
  if (options.cursor !== undefined) conditions.push(lt(auditLog.seq, options.cursor));
  const rows = await db
    .select({ entry: auditLog, actorName: users.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...conditions))
    .orderBy(desc(auditLog.seq))
    .limit(options.limit + 1);
  const page = rows.slice(0, options.limit);
  const items: AuditListEntry[] = page.map(({ entry, actorName }) => ({
    seq: entry.seq,
    at: entry.at,
    actor: { id: entry.actorId, name: actorName ?? null, kind: entry.actorId ? 'user' : 'system' },
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    itemId: entry.itemId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    detail: (entry.detail as Record<string, unknown> | null) ?? null,
    configVersion: entry.configVersion,
    prevHash: entry.prevHash,
    hash: entry.hash,
  }));
  return { items, nextCursor: rows.length > options.limit ? String(page.at(-1)!.entry.seq) : null };
}

/** Names of these users by id (missing ids, such as deleted accounts, are left out). */
export async function userNames(db: Db, ids: Iterable<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}
