import { workflowSettingsSchema, type WorkflowSettings } from '@concord/protocol';
import { ApiError, errorMessage } from '../api.ts';
import type { LoadStatus } from '../load-status.ts';
import { DetailedApiError } from '../projects/rest.ts';
import type { WorkflowApi } from './workflow-api.ts';

type SettingsApi = Pick<WorkflowApi, 'getSettings' | 'updateSettings'>;

/** zod's wording for the form's fields, as people read it; the schema's own messages stay. */
function friendly(issue: { code: string; message: string; minimum?: unknown; maximum?: unknown; expected?: unknown }): string {
  if (issue.code === 'too_small') return `At least ${String(issue.minimum)}.`;
  if (issue.code === 'too_big') return `At most ${String(issue.maximum)}.`;
  if (issue.code === 'invalid_type' && (issue.expected === 'number' || issue.expected === 'int')) return 'Enter a number.';
  return issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
}

/** Per field path (`overlap`, `disputes.iou` …), the first problem of the draft. */
export function validateWorkflow(draft: WorkflowSettings): Map<string, string> {
  const result = workflowSettingsSchema.safeParse(draft);
  const problems = new Map<string, string>();
  if (result.success) return problems;
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    if (!problems.has(path)) problems.set(path, friendly(issue as Parameters<typeof friendly>[0]));
  }
  return problems;
}

/** The top-level settings that differ (a changed threshold sends the whole `disputes` group). */
export function changedSettings(before: WorkflowSettings, after: WorkflowSettings): Partial<WorkflowSettings> {
  const change: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof WorkflowSettings)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) change[key] = after[key];
  }
  return change as Partial<WorkflowSettings>;
}

/**
 * A project's workflow settings as an editable draft [S1] [S2]: validated with the protocol's schema
 * (shown per field once a save was tried), saved as a partial change; the server's refusals are shown
 * per field too (a 400's field issues, the 409 for a labeling mode locked by work already started).
 */
export class WorkflowForm {
  status = $state<LoadStatus>('loading');
  loadError = $state<string | null>(null);
  saved = $state.raw<WorkflowSettings | null>(null);
  draft = $state<WorkflowSettings | null>(null);
  saving = $state(false);
  saveError = $state<string | null>(null);
  notice = $state<string | null>(null);
  tried = $state(false);
  serverErrors = $state.raw<Map<string, string>>(new Map());
  readonly problems = $derived(this.draft ? validateWorkflow(this.draft) : new Map<string, string>());
  readonly dirty = $derived(this.draft !== null && this.saved !== null && JSON.stringify(this.draft) !== JSON.stringify(this.saved));
  readonly #api: SettingsApi;
  readonly #projectId: string;

  constructor(options: { api: SettingsApi; projectId: string }) {
    this.#api = options.api;
    this.#projectId = options.projectId;
  }

  async load(): Promise<void> {
    try {
      const settings = workflowSettingsSchema.parse(await this.#api.getSettings(this.#projectId));
      this.saved = settings;
      this.draft = structuredClone(settings);
      this.status = 'ready';
    } catch (error) {
      this.status = error instanceof ApiError && error.isNotFound ? 'not-found' : 'error';
      this.loadError = errorMessage(error);
    }
  }

  /** The message for a field: the server's, else (after a save was tried) the schema's. */
  errorAt(path: string): string | null {
    return this.serverErrors.get(path) ?? (this.tried ? (this.problems.get(path) ?? null) : null);
  }

  /** Clears the server's refusal of a field once it is edited. */
  touched(path: string): void {
    if (!this.serverErrors.has(path)) return;
    const next = new Map(this.serverErrors);
    next.delete(path);
    this.serverErrors = next;
  }

  /** Saves the changed settings; false when the draft is invalid or the server refused it. */
  async save(): Promise<boolean> {
    const draft = this.draft;
    const saved = this.saved;
    if (!draft || !saved || this.saving) return false;
    this.tried = true;
    this.notice = null;
    this.saveError = null;
    if (this.problems.size > 0) {
      this.saveError = 'Fix the fields marked below.';
      return false;
    }
    const change = changedSettings(saved, draft);
    if (Object.keys(change).length === 0) {
      this.notice = 'Nothing changed.';
      return true;
    }
    this.saving = true;
    try {
      const settings = workflowSettingsSchema.parse(await this.#api.updateSettings(this.#projectId, change));
      this.saved = settings;
      this.draft = structuredClone(settings);
      this.serverErrors = new Map();
      this.tried = false;
      this.notice = 'Workflow settings saved.';
      return true;
    } catch (error) {
      this.serverErrors = serverProblems(error);
      this.saveError = errorMessage(error);
      return false;
    } finally {
      this.saving = false;
    }
  }
}

/** A refusal's field problems: a 400's issues by path, a locked labeling mode on `labeling`. */
function serverProblems(error: unknown): Map<string, string> {
  const problems = new Map<string, string>();
  if (error instanceof DetailedApiError) {
    for (const issue of error.issues) problems.set(issue.path.replace(/^(body|json)\./, ''), issue.message);
  } else if (error instanceof ApiError && error.code === 'labeling_locked') {
    problems.set('labeling', error.message);
  }
  return problems;
}
