// What the export benchmark hands its child processes (one JSON argument).
import type { DbTarget } from '@concord/db';

export interface ChildArgs {
  target: DbTarget;
  /** A scratch data dir: exports are written under it. */
  dataDir: string;
  projectId: string;
  userId: string;
  format: string;
  /** load-all only: how many items (the first by id) it loads. */
  limit?: number;
}

/** Parses the JSON argument of a child process. */
export function parseChildArgs(raw: string | undefined): ChildArgs {
  if (!raw) throw new Error('usage: export-<child>.ts <json args> (started by bench/export.ts)');
  return JSON.parse(raw) as ChildArgs;
}
