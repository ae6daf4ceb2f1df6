import { createHmac, randomBytes } from 'node:crypto';
import { exportKeys, type Db } from '@concord/db';
import { eq } from 'drizzle-orm';

/**
 * The pseudonym of a user in a project's exports: `ann_` + the first 16 hex digits of
 * HMAC-SHA256(exportKey, userId) [X6]. Without the key it cannot be mapped back to the user.
 * @example pseudonymOf(secret, 'usr_abc') // 'ann_3f2a…'
 */
export function pseudonymOf(secret: string, userId: string): string {
  return `ann_${createHmac('sha256', secret).update(userId).digest('hex').slice(0, 16)}`;
}

/** The project's export key, created on first use (concurrent first exports agree on one) [X6]. */
export async function exportKeyOf(db: Db, projectId: string): Promise<string> {
  await db.insert(exportKeys).values({ projectId, secret: randomBytes(32).toString('hex') }).onConflictDoNothing();
  const [row] = await db.select({ secret: exportKeys.secret }).from(exportKeys).where(eq(exportKeys.projectId, projectId)).limit(1);
  if (!row) throw new Error(`export key of ${projectId} missing`);
  return row.secret;
}
