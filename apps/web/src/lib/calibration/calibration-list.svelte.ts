import { errorMessage } from '../api.ts';
import type { CalibrationApi, CalibrationListEntry } from './calibration-api.ts';

/** A project's calibration sessions with results, newest first; reloaded when one of them changes. */
export class CalibrationList {
  items = $state.raw<CalibrationListEntry[]>([]);
  loading = $state(true);
  error = $state<string | null>(null);
  readonly #api: Pick<CalibrationApi, 'list'>;
  readonly #projectId: string;
  #request = 0;

  constructor(options: { api: Pick<CalibrationApi, 'list'>; projectId: string }) {
    this.#api = options.api;
    this.#projectId = options.projectId;
  }

  async load(): Promise<void> {
    const request = ++this.#request;
    try {
      const { items } = await this.#api.list(this.#projectId);
      if (request !== this.#request) return;
      this.items = items;
      this.error = null;
    } catch (error) {
      if (request === this.#request) this.error = errorMessage(error);
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }

  /** A session of this project changed. */
  onEvent(event: { projectId: string }): void {
    if (event.projectId === this.#projectId) void this.load();
  }
}
