import { assignments, auditLog, items } from '@concord/db';
import { asc, eq } from 'drizzle-orm';
import type { Harness, Response, TestUser } from './harness.ts';

/**
 * Calls of the queue API as one user, for the workflow queue tests: each returns the whole response
 * (status and body), so refusals can be asserted as well as successes.
 */
export function queueApi(h: Harness, user: TestUser) {
  const call = (method: string, path: string, json?: unknown): Promise<Response> => h.call(method, `/api/v1${path}`, { token: user.token, json });
  return {
    next: (projectId: string) => call('POST', `/projects/${projectId}/queue/next`),
    tasks: (projectId: string, state?: string) => call('GET', `/projects/${projectId}/tasks${state ? `?state=${state}` : ''}`),
    assign: (projectId: string, itemId: string, userId: string) => call('POST', `/projects/${projectId}/assignments`, { itemId, userId }),
    resume: (assignmentId: string) => call('POST', `/assignments/${assignmentId}/resume`),
    heartbeat: (assignmentId: string, fence: number) => call('POST', `/assignments/${assignmentId}/heartbeat`, { fence }),
    submit: (assignmentId: string, fence: number) => call('POST', `/assignments/${assignmentId}/submit`, { fence }),
    release: (assignmentId: string, fence: number) => call('POST', `/assignments/${assignmentId}/release`, { fence }),
    settings: (projectId: string, patch?: unknown) => (patch === undefined ? call('GET', `/projects/${projectId}/workflow`) : call('PUT', `/projects/${projectId}/workflow`, patch)),
    overview: (projectId: string) => call('GET', `/projects/${projectId}/workflow/overview`),
    counts: (projectId: string) => call('GET', `/projects/${projectId}/queue/counts`),
    document: (documentId: string) => call('GET', `/documents/${documentId}`),
    documents: (projectId: string) => call('GET', `/projects/${projectId}/documents?limit=200`),
  };
}

/** Audit entries of a subject, in chain order. */
export function auditOf(h: Harness, subjectId: string) {
  return h.db.db.select().from(auditLog).where(eq(auditLog.subjectId, subjectId)).orderBy(asc(auditLog.seq));
}

/** Every audit entry of a project's chain. */
export function chainOf(h: Harness, projectId: string) {
  return h.db.db.select().from(auditLog).where(eq(auditLog.chain, projectId)).orderBy(asc(auditLog.seq));
}

/** An item's state and its assignments (id, user, state), from the database. */
export async function itemWork(h: Harness, itemId: string) {
  const [item] = await h.db.db.select({ state: items.state, finalDocumentId: items.finalDocumentId }).from(items).where(eq(items.id, itemId));
  const rows = await h.db.db
    .select({ id: assignments.id, userId: assignments.userId, state: assignments.state, documentId: assignments.documentId })
    .from(assignments)
    .where(eq(assignments.itemId, itemId));
  return { state: item?.state, finalDocumentId: item?.finalDocumentId ?? null, assignments: rows };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
