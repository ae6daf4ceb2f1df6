import { projectConfigSchema, type ProjectConfig } from '@concord/annotation-doc';
import { ApiError, errorMessage } from '../api.ts';
import type { ProjectConfigVersion, ProjectConfigVersionMeta } from '../api-types.ts';
import type { LoadStatus } from '../load-status.ts';
import { DetailedApiError, type FieldIssue } from '../projects/rest.ts';
import { configIdFrom, nextLabelColor } from './config-ids.ts';

/** What the configuration form needs from the server (the project API, or a fake in tests). */
export interface ConfigClient {
  getConfig(projectId: string): Promise<ProjectConfigVersion>;
  saveConfig(projectId: string, config: ProjectConfig): Promise<ProjectConfigVersion>;
  listConfigVersions(projectId: string): Promise<{ items: ProjectConfigVersionMeta[] }>;
}

/**
 * The draft as sent: trimmed names and a blank guidelines URL as null. Numbers typed into empty
 * inputs arrive as null/undefined and are left for the schema to report.
 */
export function normalizeConfig(draft: ProjectConfig): ProjectConfig {
  const url = draft.guidelines.url?.trim() ?? '';
  return {
    ...draft,
    guidelines: { text: draft.guidelines.text, url: url === '' ? null : url },
    labels: draft.labels.map((l) => ({ ...l, id: l.id.trim(), name: l.name.trim(), color: l.color.trim() })),
    rubric: draft.rubric.map((c) => ({ ...c, id: c.id.trim(), name: c.name.trim() })),
    instructionStyles: draft.instructionStyles.map((s) => s.trim()),
    requiredFields: draft.requiredFields.map((f) => f.trim()),
  };
}

/**
 * Client-side validation with the same schema the server uses: one message per field path
 * (`labels.2.color`, `rubric.0.max`, `guidelines.url` …), the first problem of each.
 */
export function validateConfig(config: ProjectConfig): Map<string, string> {
  const result = projectConfigSchema.safeParse(config);
  const problems = new Map<string, string>();
  if (result.success) return problems;
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    if (!problems.has(path)) problems.set(path, friendlyMessage(issue));
  }
  return problems;
}

type Issue = { code: string; message: string; origin?: unknown; minimum?: unknown; maximum?: unknown; expected?: unknown; format?: unknown };

/** zod's generic wording as people read it; the schema's own messages (ids, colours) stay as they are. */
function friendlyMessage(issue: Issue): string {
  if (issue.code === 'too_small' && issue.origin === 'string') return issue.minimum === 1 ? 'Required.' : `At least ${String(issue.minimum)} characters.`;
  if (issue.code === 'too_big' && issue.origin === 'string') return `At most ${String(issue.maximum)} characters.`;
  if (issue.code === 'too_small' && issue.origin === 'number') return `At least ${String(issue.minimum)}.`;
  if (issue.code === 'too_big' && issue.origin === 'number') return `At most ${String(issue.maximum)}.`;
  if (issue.code === 'too_big' && issue.origin === 'array') return `At most ${String(issue.maximum)} entries.`;
  if (issue.code === 'invalid_type' && issue.expected === 'number') return 'Enter a number.';
  if (issue.code === 'invalid_type' && issue.expected === 'int') return 'Enter a whole number.';
  if (issue.code === 'invalid_format' && issue.format === 'url') return 'Enter a full http:// or https:// address.';
  return issue.message;
}

function clone(config: ProjectConfig): ProjectConfig {
  return JSON.parse(JSON.stringify(config)) as ProjectConfig;
}

/**
 * A project's configuration as an editable draft: load the current version and the version list,
 * edit, validate with `projectConfigSchema` (errors shown per field once a save was tried), save as a
 * new version. The server's own 400/422 problems are shown per field too, until the draft changes.
 */
export class ConfigForm {
  status = $state<LoadStatus>('loading');
  loadError = $state<string | null>(null);
  current = $state<ProjectConfigVersion | null>(null);
  versions = $state<ProjectConfigVersionMeta[]>([]);
  draft = $state<ProjectConfig | null>(null);
  saving = $state(false);
  /** The server's refusal of the last save (message), or a network problem. */
  saveError = $state<string | null>(null);
  notice = $state<string | null>(null);
  /** Set by the first save attempt: from then on client problems show next to their fields. */
  attempted = $state(false);
  #serverIssues = $state<{ draft: string; issues: FieldIssue[] } | null>(null);

  readonly normalized = $derived(this.draft ? normalizeConfig(this.draft) : null);
  readonly problems = $derived(this.normalized ? validateConfig(this.normalized) : new Map<string, string>());
  readonly dirty = $derived(
    this.normalized !== null && this.current !== null && JSON.stringify(this.normalized) !== JSON.stringify(this.current.config),
  );
  /** Server problems for the draft they were about (an edit hides them). */
  readonly serverIssues = $derived(
    this.#serverIssues && this.normalized && this.#serverIssues.draft === JSON.stringify(this.normalized) ? this.#serverIssues.issues : [],
  );

  readonly #client: ConfigClient;
  readonly #projectId: string;
  /** Label ids of the saved configuration: those are kept when a label is renamed (documents use them). */
  #savedLabelIds = new Set<string>();
  #savedCriterionIds = new Set<string>();

  constructor(options: { client: ConfigClient; projectId: string }) {
    this.#client = options.client;
    this.#projectId = options.projectId;
  }

  /** Loads the current configuration (as the draft) and the version list. */
  async load(): Promise<void> {
    try {
      const [current, versions] = await Promise.all([
        this.#client.getConfig(this.#projectId),
        this.#client.listConfigVersions(this.#projectId),
      ]);
      this.#adopt(current);
      this.versions = sortVersions(versions.items);
      this.status = 'ready';
      this.loadError = null;
    } catch (error) {
      if (error instanceof ApiError && error.isNotFound) this.status = 'not-found';
      else {
        this.status = 'error';
        this.loadError = errorMessage(error);
      }
    }
  }

  /** The message to show beside a field: the server's for this draft, else the schema's once a save was tried. */
  errorAt(path: string): string | null {
    const server = this.serverIssues.find((i) => stripConfigPrefix(i.path) === path);
    if (server) return server.message;
    return this.attempted ? (this.problems.get(path) ?? null) : null;
  }

  /** The first message for a path or anything below it (`instructionStyles` covers `instructionStyles.3`). */
  errorUnder(prefix: string): string | null {
    const own = this.errorAt(prefix);
    if (own) return own;
    const server = this.serverIssues.find((i) => stripConfigPrefix(i.path).startsWith(`${prefix}.`));
    if (server) return server.message;
    if (!this.attempted) return null;
    for (const [path, message] of this.problems) if (path.startsWith(`${prefix}.`)) return `${path.slice(prefix.length + 1)}: ${message}`;
    return null;
  }

  /** Validates and saves a new version. False (and nothing sent) when the draft has problems. */
  async save(): Promise<boolean> {
    const config = this.normalized;
    if (!config || this.saving) return false;
    this.attempted = true;
    this.notice = null;
    this.saveError = null;
    if (this.problems.size > 0) {
      this.saveError = `Fix the ${this.problems.size === 1 ? 'problem' : `${this.problems.size} problems`} marked in red, then save again.`;
      return false;
    }
    this.saving = true;
    try {
      const saved = await this.#client.saveConfig(this.#projectId, config);
      this.#adopt(saved);
      this.versions = sortVersions([
        { version: saved.version, createdAt: saved.createdAt, createdBy: saved.createdBy },
        ...this.versions.filter((v) => v.version !== saved.version),
      ]);
      this.notice = `Saved as version ${saved.version}.`;
      this.attempted = false;
      return true;
    } catch (error) {
      this.saveError = errorMessage(error);
      this.#serverIssues = { draft: JSON.stringify(config), issues: error instanceof DetailedApiError ? error.issues : [] };
      return false;
    } finally {
      this.saving = false;
    }
  }

  /** Throws the edits away: back to the current version. */
  revert(): void {
    if (this.current) this.#adopt(this.current);
  }

  addLabel(): void {
    if (!this.draft) return;
    const taken = this.draft.labels.map((l) => l.id);
    this.draft.labels.push({ id: configIdFrom('label', taken), name: '', color: nextLabelColor(this.draft.labels.length) });
  }

  /** Renames a label; a label that is not saved yet gets an id made from its name. */
  setLabelName(index: number, name: string): void {
    const label = this.draft?.labels[index];
    if (!label || !this.draft) return;
    label.name = name;
    if (!this.#savedLabelIds.has(label.id)) {
      label.id = configIdFrom(name || 'label', this.draft.labels.filter((_, i) => i !== index).map((l) => l.id));
    }
  }

  /** True for labels of the saved version: their id is fixed (regions refer to it). */
  isSavedLabel(id: string): boolean {
    return this.#savedLabelIds.has(id);
  }

  addCriterion(): void {
    if (!this.draft) return;
    const taken = this.draft.rubric.map((c) => c.id);
    this.draft.rubric.push({ id: configIdFrom('criterion', taken), name: '', description: '', min: 1, max: 7, step: 1 });
  }

  setCriterionName(index: number, name: string): void {
    const criterion = this.draft?.rubric[index];
    if (!criterion || !this.draft) return;
    criterion.name = name;
    if (!this.#savedCriterionIds.has(criterion.id)) {
      criterion.id = configIdFrom(name || 'criterion', this.draft.rubric.filter((_, i) => i !== index).map((c) => c.id));
    }
  }

  isSavedCriterion(id: string): boolean {
    return this.#savedCriterionIds.has(id);
  }

  /** Adds an instruction style (made into an id); false when empty or already there. */
  addStyle(name: string): boolean {
    if (!this.draft || !name.trim()) return false;
    const id = configIdFrom(name, []);
    if (this.draft.instructionStyles.includes(id)) return false;
    this.draft.instructionStyles.push(id);
    return true;
  }

  /** Adds a required field path; false when empty or already there. */
  addRequiredField(path: string): boolean {
    const value = path.trim();
    if (!this.draft || !value || this.draft.requiredFields.includes(value)) return false;
    this.draft.requiredFields.push(value);
    return true;
  }

  /** Removes entry `index` of a list part of the draft. */
  removeAt(list: 'labels' | 'rubric' | 'instructionStyles' | 'requiredFields', index: number): void {
    this.draft?.[list].splice(index, 1);
  }

  /** Moves entry `index` one place up (-1) or down (+1). */
  move(list: 'labels' | 'rubric' | 'instructionStyles', index: number, by: -1 | 1): void {
    const items = this.draft?.[list] as unknown[] | undefined;
    const target = index + by;
    if (!items || target < 0 || target >= items.length) return;
    const [entry] = items.splice(index, 1);
    items.splice(target, 0, entry);
  }

  #adopt(version: ProjectConfigVersion): void {
    this.current = version;
    this.draft = clone(version.config);
    this.#savedLabelIds = new Set(version.config.labels.map((l) => l.id));
    this.#savedCriterionIds = new Set(version.config.rubric.map((c) => c.id));
    this.#serverIssues = null;
  }
}

function sortVersions(items: ProjectConfigVersionMeta[]): ProjectConfigVersionMeta[] {
  return [...items].sort((a, b) => b.version - a.version);
}

/** `config.labels.0.id` → `labels.0.id` (the server validates the request body `{ config }`). */
export function stripConfigPrefix(path: string): string {
  return path.startsWith('config.') ? path.slice('config.'.length) : path;
}
