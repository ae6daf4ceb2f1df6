import type { Db } from '@concord/db';

/** A database handle or an open transaction: audit entries are appended inside the caller's transaction. */
export type DbOrTx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

/** What happened, as the caller records it. */
export interface AuditInput {
  /** The project the entry belongs to; null for site-wide entries (chain `site`). */
  projectId: string | null;
  /** Who did it; null for the system (automatic transitions). */
  actorId: string | null;
  /** Dotted verb, e.g. `item.state`, `assignment.submitted`, `review.returned`, `member.role`, `import.finished`. */
  action: string;
  subjectType: 'item' | 'assignment' | 'review' | 'dispute' | 'member' | 'import' | 'export' | 'workflow' | 'config' | 'project' | 'user' | 'flag' | 'calibration';
  subjectId: string;
  /** The item concerned, when there is one: item history reads by it. */
  itemId?: string | null;
  before?: unknown;
  after?: unknown;
  detail?: Record<string, unknown> | null;
  /** The project configuration (guideline) version in force. */
  configVersion?: number | null;
}

/** A stored entry: the input, its place in the chain and its hashes. */
export interface AuditEntry {
  chain: string;
  seq: number;
  projectId: string | null;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  itemId: string | null;
  before: unknown;
  after: unknown;
  detail: Record<string, unknown> | null;
  configVersion: number | null;
  /** ISO 8601 with milliseconds, as hashed. */
  at: string;
  prevHash: string;
  hash: string;
}
