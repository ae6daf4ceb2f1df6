import type { Problem } from '@concord/annotation-doc';
import { ApiError } from '../api.ts';

/** Someone named in a refusal (the reviewer or QA lead holding a lease). */
export interface Holder {
  id: string | null;
  name: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The validation problems of a 422 (`details.problems`, or `details` itself as a list), or null for any
 * other error. Entries without a path and a message are dropped.
 * @example const problems = problemsOf(error); if (problems) showProblems(problems);
 */
export function problemsOf(error: unknown): Problem[] | null {
  if (!(error instanceof ApiError) || error.status !== 422) return null;
  const details = error.details;
  const list: unknown = isRecord(details) ? details.problems : details;
  if (!Array.isArray(list)) return null;
  const problems = list.flatMap((entry: unknown): Problem[] =>
    isRecord(entry) && typeof entry.path === 'string' && typeof entry.message === 'string' ? [{ path: entry.path, message: entry.message }] : [],
  );
  return problems.length > 0 ? problems : null;
}

/** Whether the server refused a lease's fence: the lease lapsed, was taken over, or the work moved on (409 stale_lease). */
export function isStaleLease(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.code === 'stale_lease';
}

/**
 * Who holds the lease a 409 refused: `details.adjudicator`, `details.reviewer` or `details.holder`,
 * as `{ id, name }` or a bare name. Null when the refusal names nobody.
 */
export function holderOf(error: unknown): Holder | null {
  if (!(error instanceof ApiError) || error.status !== 409 || !isRecord(error.details)) return null;
  for (const key of ['adjudicator', 'reviewer', 'holder']) {
    const value = error.details[key];
    if (typeof value === 'string' && value) return { id: null, name: value };
    if (isRecord(value) && typeof value.name === 'string') return { id: typeof value.id === 'string' ? value.id : null, name: value.name };
  }
  return null;
}

/** The current state a 409 reports (`details.state`), or null. */
export function stateOf(error: unknown): string | null {
  if (!(error instanceof ApiError) || !isRecord(error.details)) return null;
  return typeof error.details.state === 'string' ? error.details.state : null;
}
