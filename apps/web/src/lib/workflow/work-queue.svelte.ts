import type { Task, WorkReturned } from '@concord/protocol';
import { errorMessage } from '../api.ts';
import { groupTasks } from './task-order.ts';
import type { WorkflowApi } from './workflow-api.ts';

/**
 * The annotator's queue page: their tasks (returned work first) and "Start labeling", which takes the
 * next task (their own in-progress work, then returned work, then a new item [Q1]) or says nothing is left.
 */
export class WorkQueue {
  tasks = $state.raw<Task[]>([]);
  loading = $state(true);
  error = $state<string | null>(null);
  starting = $state(false);
  startError = $state<string | null>(null);
  /** Set when `next` answered 204. */
  nothingLeft = $state(false);
  /** The newest return pushed while the page is open, to announce. */
  returned = $state.raw<WorkReturned | null>(null);
  readonly groups = $derived(groupTasks(this.tasks));
  readonly #api: Pick<WorkflowApi, 'listTasks' | 'next'>;
  readonly #projectId: string;

  constructor(options: { api: Pick<WorkflowApi, 'listTasks' | 'next'>; projectId: string }) {
    this.#api = options.api;
    this.#projectId = options.projectId;
  }

  async load(): Promise<void> {
    try {
      this.tasks = (await this.#api.listTasks(this.#projectId)).items;
      this.error = null;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
  }

  /** Takes the next task; null (and `nothingLeft`) when the queue is empty or the server refused. */
  async start(): Promise<Task | null> {
    if (this.starting) return null;
    this.starting = true;
    this.startError = null;
    this.nothingLeft = false;
    try {
      const task = await this.#api.next(this.#projectId);
      if (!task) this.nothingLeft = true;
      return task;
    } catch (error) {
      this.startError = errorMessage(error);
      return null;
    } finally {
      this.starting = false;
    }
  }

  /** A reviewer returned work of this project: reload and announce it. */
  async onReturned(event: WorkReturned): Promise<void> {
    if (event.projectId !== this.#projectId) return;
    this.returned = event;
    await this.load();
  }

  /** An item of one of the tasks changed state: reload (accepted work moves to done). */
  async onItemState(event: { projectId: string; itemId: string }): Promise<void> {
    if (event.projectId === this.#projectId && this.tasks.some((t) => t.itemId === event.itemId)) await this.load();
  }
}
