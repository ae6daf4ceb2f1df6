import { can } from '@concord/protocol';
import type { Item, Member } from '../api-types.ts';
import { ApiError, errorMessage } from '../api.ts';
import { DetailedApiError, type FieldIssue } from '../projects/rest.ts';
import type { CalibrationApi, NewCalibration } from './calibration-api.ts';

/** At most this many items in one session (C1). */
export const maxSessionItems = 50;

/**
 * The trainer's form for a new session (C1): items (the gold ones chosen to begin with), participants
 * (the members who annotate; those with open flags chosen to begin with, F5), title and pass threshold.
 */
export class CalibrationForm {
  title = $state('');
  passThreshold = $state('');
  items = $state.raw<Item[]>([]);
  people = $state.raw<Member[]>([]);
  /** User ids with an open flag in the project (empty when the caller cannot read flags). */
  flagged = $state.raw<Set<string>>(new Set());
  chosenItems = $state.raw<Set<string>>(new Set());
  chosenPeople = $state.raw<Set<string>>(new Set());
  loading = $state(true);
  saving = $state(false);
  error = $state<string | null>(null);
  /** Field path → message, from this form's checks or the server's 422. */
  issues = $state.raw<Record<string, string>>({});
  readonly #api: Pick<CalibrationApi, 'items' | 'members' | 'openFlags' | 'create'>;
  readonly #projectId: string;
  readonly #userId: string;

  constructor(options: { api: Pick<CalibrationApi, 'items' | 'members' | 'openFlags' | 'create'>; projectId: string; userId: string }) {
    this.#api = options.api;
    this.#projectId = options.projectId;
    this.#userId = options.userId;
  }

  /** Loads items, members and open flags; chooses the gold items and the flagged annotators. */
  async load(): Promise<void> {
    try {
      const [items, members, flags] = await Promise.all([
        this.#api.items(this.#projectId),
        this.#api.members(this.#projectId),
        // Flags need quality.read; without it nobody is preselected.
        this.#api.openFlags(this.#projectId).catch(() => ({ items: [] })),
      ]);
      this.items = items.items;
      this.people = members.items.filter((m) => m.userId !== this.#userId && can(m.role, 'work.annotate'));
      this.flagged = new Set(flags.items.map((f) => f.userId));
      this.chosenItems = new Set(this.items.filter((i) => i.hasGold).slice(0, maxSessionItems).map((i) => i.id));
      this.chosenPeople = new Set(this.people.filter((p) => this.flagged.has(p.userId)).map((p) => p.userId));
      this.error = null;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
  }

  toggleItem(itemId: string, on: boolean): void {
    this.chosenItems = toggled(this.chosenItems, itemId, on);
  }

  togglePerson(userId: string, on: boolean): void {
    this.chosenPeople = toggled(this.chosenPeople, userId, on);
  }

  /** The request, or null with `issues` set when something is missing or out of range. */
  request(): NewCalibration | null {
    const issues: Record<string, string> = {};
    const title = this.title.trim();
    if (!title) issues.title = 'Give the session a title.';
    if (this.chosenItems.size === 0) issues.itemIds = 'Choose at least one item.';
    if (this.chosenItems.size > maxSessionItems) issues.itemIds = `Choose at most ${maxSessionItems} items.`;
    if (this.chosenPeople.size === 0) issues.participantIds = 'Choose at least one participant.';
    const threshold = this.passThreshold.trim() === '' ? undefined : Number(this.passThreshold);
    if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) issues.passThreshold = 'A share between 0 and 1, e.g. 0.8.';
    this.issues = issues;
    if (Object.keys(issues).length > 0) return null;
    const itemIds = this.items.map((i) => i.id).filter((id) => this.chosenItems.has(id));
    const participantIds = this.people.map((p) => p.userId).filter((id) => this.chosenPeople.has(id));
    return { title, itemIds, participantIds, ...(threshold === undefined ? {} : { passThreshold: threshold }) };
  }

  /** Creates the session; returns its id, or null when refused (issues or error set). */
  async submit(): Promise<string | null> {
    const request = this.request();
    if (!request || this.saving) return null;
    this.saving = true;
    this.error = null;
    try {
      return (await this.#api.create(this.#projectId, request)).id;
    } catch (error) {
      this.error = errorMessage(error);
      const problems = error instanceof DetailedApiError ? error.issues : error instanceof ApiError ? ((error.details as { problems?: FieldIssue[] } | undefined)?.problems ?? []) : [];
      // Per field of the form: `itemIds.3` is about the items.
      this.issues = Object.fromEntries(problems.map((i) => [i.path.split('.')[0] ?? i.path, i.message]));
      return null;
    } finally {
      this.saving = false;
    }
  }
}

function toggled(set: ReadonlySet<string>, id: string, on: boolean): Set<string> {
  const next = new Set(set);
  if (on) next.add(id);
  else next.delete(id);
  return next;
}
