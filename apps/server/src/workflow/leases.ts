import type { LockManager } from '../coordination/types.ts';

/** A lease as the workflow hands it out: the fencing token to send back and when it lapses. */
export interface FencedLease {
  fence: number;
  expiresAt: Date;
}

/** Lock names of the workflow's leases (ids are validated before they get here). */
export const leaseNames = {
  assignment: (assignmentId: string) => `lease:${assignmentId}`,
  review: (assignmentId: string) => `review:${assignmentId}`,
  adjudication: (disputeId: string) => `adjudicate:${disputeId}`,
};

/**
 * Takes a lease (a coordination lock with TTL) whose fencing token is above `floor`, the token last
 * recorded in the database, so tokens keep growing even when in-memory coordination restarted [W3].
 * Null when someone holds it (a lost race, not an error). The caller records the token in its row with
 * `... where fence = floor`, so of two racing takers only one write lands.
 */
export async function takeLease(
  locks: LockManager,
  options: { name: string; owner: string; ttlMs: number; floor: number },
): Promise<FencedLease | null> {
  const lease = await locks.acquire(options.name, options.owner, options.ttlMs, options.floor);
  return lease ? { fence: lease.fencingToken, expiresAt: new Date(lease.expiresAt) } : null;
}

/** Extends a live lease held with that token; null once it lapsed (even if nobody took it since). */
export async function renewLease(
  locks: LockManager,
  options: { name: string; owner: string; fence: number; ttlMs: number },
): Promise<FencedLease | null> {
  const lease = await locks.renew({ name: options.name, owner: options.owner, fencingToken: options.fence, expiresAt: 0 }, options.ttlMs);
  return lease ? { fence: lease.fencingToken, expiresAt: new Date(lease.expiresAt) } : null;
}

/** Gives a lease back early; a no-op when it is no longer this holder's. */
export async function dropLease(locks: LockManager, options: { name: string; owner: string; fence: number }): Promise<void> {
  await locks.release({ name: options.name, owner: options.owner, fencingToken: options.fence, expiresAt: 0 });
}
