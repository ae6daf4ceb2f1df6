import type {
  DisputeDetail,
  DisputeSummary,
  FieldChange,
  ItemHistory,
  LeaseGrant,
  QueueCounts,
  ReasonCode,
  ReviewEntry,
  Task,
  WorkflowOverview,
  WorkflowSettings,
} from '@concord/protocol';
import { getSession } from '../session.svelte.ts';
import { createRest, queryString, type RestOptions, type RestRequest } from '../projects/rest.ts';

/** A reviewer's or QA lead's decision on an annotation. */
export type Decision = 'accept' | 'return' | 'reject';

/** The body of a review or QA decision (reason required to return or reject; comment to return). */
export interface DecisionInput {
  decision: Decision;
  reasonCode?: ReasonCode;
  comment?: string;
}

/** How a dispute is settled: one version as it is, or the item document merged field by field. */
export type ResolveMethod = 'pick' | 'merge';

/** Typed client for the workflow API (see apps/server/src/workflow/SPEC.md, section API). */
export type WorkflowApi = ReturnType<typeof createWorkflowApi>;

/**
 * Creates the workflow client: queue, tasks and leases, reviews, disputes, history, overview and settings.
 * Errors are ApiErrors whose `details` keep what the server said (a 409's state or holder, a 422's problems).
 * @example const api = createWorkflowApi({ token: () => session.token }); const task = await api.next('prj_x');
 */
export function createWorkflowApi(options: RestOptions | { request: RestRequest }) {
  const request = 'request' in options ? options.request : createRest(options);
  const id = (value: string) => encodeURIComponent(value);
  const project = (projectId: string) => `/projects/${id(projectId)}`;
  const assignment = (assignmentId: string) => `/assignments/${id(assignmentId)}`;
  const dispute = (disputeId: string) => `/disputes/${id(disputeId)}`;
  const fence = (value: number) => ({ json: { fence: value } });

  return {
    getSettings: (projectId: string) => request<WorkflowSettings>('GET', `${project(projectId)}/workflow`),
    updateSettings: (projectId: string, change: Partial<WorkflowSettings>) =>
      request<WorkflowSettings>('PUT', `${project(projectId)}/workflow`, { json: change }),
    overview: (projectId: string) => request<WorkflowOverview>('GET', `${project(projectId)}/workflow/overview`),
    counts: (projectId: string) => request<QueueCounts>('GET', `${project(projectId)}/queue/counts`),

    /** The caller's next task, or null when nothing is left (204). */
    next: async (projectId: string) => (await request<Task | undefined>('POST', `${project(projectId)}/queue/next`)) ?? null,
    listTasks: (projectId: string, state?: string) => request<{ items: Task[] }>('GET', `${project(projectId)}/tasks${queryString({ state })}`),
    assign: (projectId: string, input: { itemId: string; userId: string }) =>
      request<Task>('POST', `${project(projectId)}/assignments`, { json: input }),
    resume: (assignmentId: string) => request<Task>('POST', `${assignment(assignmentId)}/resume`),
    heartbeat: (assignmentId: string, value: number) => request<LeaseGrant>('POST', `${assignment(assignmentId)}/heartbeat`, fence(value)),
    submit: (assignmentId: string, value: number) => request<Task>('POST', `${assignment(assignmentId)}/submit`, fence(value)),
    release: (assignmentId: string, value: number) => request<Task>('POST', `${assignment(assignmentId)}/release`, fence(value)),

    listReviews: (projectId: string, state?: 'submitted' | 'in_review') =>
      request<{ items: ReviewEntry[] }>('GET', `${project(projectId)}/reviews${queryString({ state })}`),
    claimReview: (assignmentId: string) => request<LeaseGrant>('POST', `${assignment(assignmentId)}/review/claim`),
    reviewHeartbeat: (assignmentId: string, value: number) =>
      request<LeaseGrant>('POST', `${assignment(assignmentId)}/review/heartbeat`, fence(value)),
    releaseReview: (assignmentId: string, value: number) => request<void>('POST', `${assignment(assignmentId)}/review/release`, fence(value)),
    diff: (assignmentId: string) => request<{ changes: FieldChange[] }>('GET', `${assignment(assignmentId)}/diff`),
    review: (assignmentId: string, input: DecisionInput & { fence: number }) =>
      request<ReviewEntry>('POST', `${assignment(assignmentId)}/review`, { json: input }),

    listDisputes: (projectId: string, state?: 'open' | 'resolved') =>
      request<{ items: DisputeSummary[] }>('GET', `${project(projectId)}/disputes${queryString({ state })}`),
    openDispute: (itemId: string, comment: string) => request<DisputeDetail>('POST', `/items/${id(itemId)}/disputes`, { json: { comment } }),
    getDispute: (disputeId: string) => request<DisputeDetail>('GET', dispute(disputeId)),
    adjudicate: (disputeId: string) => request<LeaseGrant>('POST', `${dispute(disputeId)}/adjudicate`),
    disputeHeartbeat: (disputeId: string, value: number) => request<LeaseGrant>('POST', `${dispute(disputeId)}/heartbeat`, fence(value)),
    releaseDispute: (disputeId: string, value: number) => request<void>('POST', `${dispute(disputeId)}/release`, fence(value)),
    resolve: (disputeId: string, input: { fence: number; method: ResolveMethod; assignmentId?: string; comment: string }) =>
      request<DisputeDetail>('POST', `${dispute(disputeId)}/resolve`, { json: input }),

    qaDecision: (itemId: string, input: DecisionInput) => request<void>('POST', `/items/${id(itemId)}/qa`, { json: input }),
    acceptItem: (itemId: string) => request<void>('POST', `/items/${id(itemId)}/accept`),
    history: (itemId: string) => request<ItemHistory>('GET', `/items/${id(itemId)}/history`),
  };
}

/**
 * The workflow client for the signed-in session (a 401 signs out). Call during component initialisation.
 */
export function useWorkflowApi(): WorkflowApi {
  const session = getSession();
  return createWorkflowApi({ token: () => session.token, onUnauthorized: () => session.clear() });
}
