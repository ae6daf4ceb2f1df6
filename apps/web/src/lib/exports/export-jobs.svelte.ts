import type { ExportJob, ExportProgress, ExportRequest } from '@concord/protocol';
import { ApiError, errorMessage } from '../api.ts';
import type { LoadStatus } from '../load-status.ts';
import type { DownloadedFile } from '../save-file.ts';
import type { ExportApi } from './export-api.ts';

/** How often a running export is read again when no `export:progress` arrives (the poll fallback). */
export const pollIntervalMs = 2_000;

export interface ExportJobsOptions {
  api: Pick<ExportApi, 'list' | 'start' | 'get' | 'downloadFile' | 'downloadArchive'>;
  projectId: string;
  /** Hands a downloaded file to the browser (tests record it). */
  save: (file: DownloadedFile) => void;
  /** Timers (tests pass fakes). */
  setInterval?: (run: () => void, ms: number) => unknown;
  clearInterval?: (timer: unknown) => void;
}

/**
 * A project's exports, newest first: started here, followed live by `export:progress` and, while any
 * is running, by reading the running ones every 2 s (a missed push, another tab's export); files and
 * the zip downloaded with the session's token.
 * @example const jobs = new ExportJobs({ api, projectId, save: saveFile }); await jobs.load(); await jobs.start(request);
 */
export class ExportJobs {
  jobs = $state<ExportJob[]>([]);
  status = $state<LoadStatus>('loading');
  error = $state<string | null>(null);
  starting = $state(false);
  startError = $state<string | null>(null);
  /** `exportId` or `exportId/path` of the download under way. */
  downloading = $state<string | null>(null);
  downloadError = $state<string | null>(null);
  readonly running = $derived(this.jobs.some((job) => job.status === 'running'));
  readonly #options: ExportJobsOptions;
  #timer: unknown = null;
  #destroyed = false;

  constructor(options: ExportJobsOptions) {
    this.#options = options;
  }

  async load(): Promise<void> {
    try {
      const { items } = await this.#options.api.list(this.#options.projectId);
      this.jobs = items;
      this.status = 'ready';
      this.error = null;
      this.#schedule();
    } catch (error) {
      this.status = error instanceof ApiError && error.isNotFound ? 'not-found' : 'error';
      this.error = errorMessage(error);
    }
  }

  /** Starts an export; it goes to the top of the list. Returns the job, or null when the server refused. */
  async start(request: ExportRequest): Promise<ExportJob | null> {
    this.starting = true;
    this.startError = null;
    try {
      const job = await this.#options.api.start(this.#options.projectId, request);
      this.#put(job, true);
      this.#schedule();
      return job;
    } catch (error) {
      this.startError = errorMessage(error);
      return null;
    } finally {
      this.starting = false;
    }
  }

  /** A push from the socket: moves the bar; the end (done or failed) reads the job for its files and counts. */
  onProgress(progress: ExportProgress): void {
    if (progress.projectId !== this.#options.projectId) return;
    const job = this.jobs.find((j) => j.id === progress.exportId);
    if (!job) {
      void this.#refresh(progress.exportId);
      return;
    }
    // A late push must not move a finished job back.
    if (job.status !== 'running') return;
    this.#put({ ...job, itemsTotal: progress.itemsTotal, itemsDone: Math.max(job.itemsDone, progress.itemsDone) });
    if (progress.status !== 'running') void this.#refresh(progress.exportId);
  }

  async downloadFile(job: ExportJob, path: string): Promise<void> {
    await this.#download(`${job.id}/${path}`, () => this.#options.api.downloadFile(job.id, path));
  }

  async downloadArchive(job: ExportJob): Promise<void> {
    await this.#download(job.id, () => this.#options.api.downloadArchive(job.id));
  }

  /** Stops the polling (the page is gone). */
  destroy(): void {
    this.#destroyed = true;
    this.#stopTimer();
  }

  async #download(key: string, fetchFile: () => Promise<DownloadedFile>): Promise<void> {
    this.downloading = key;
    this.downloadError = null;
    try {
      this.#options.save(await fetchFile());
    } catch (error) {
      this.downloadError = errorMessage(error);
    } finally {
      this.downloading = null;
    }
  }

  async #refresh(exportId: string): Promise<void> {
    try {
      const job = await this.#options.api.get(exportId);
      if (job.projectId === this.#options.projectId) this.#put(job, true);
    } catch {
      // The next poll tries again; a vanished job stays as last seen.
    }
    this.#schedule();
  }

  #put(job: ExportJob, add = false): void {
    const index = this.jobs.findIndex((j) => j.id === job.id);
    if (index >= 0) this.jobs[index] = job;
    else if (add) this.jobs = [job, ...this.jobs].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  #schedule(): void {
    if (this.#destroyed) return;
    if (!this.running) {
      this.#stopTimer();
      return;
    }
    if (this.#timer !== null) return;
    const every = this.#options.setInterval ?? ((run, ms) => setInterval(run, ms));
    this.#timer = every(() => void this.#poll(), pollIntervalMs);
  }

  async #poll(): Promise<void> {
    const running = this.jobs.filter((job) => job.status === 'running');
    await Promise.all(running.map((job) => this.#refresh(job.id)));
  }

  #stopTimer(): void {
    if (this.#timer === null) return;
    (this.#options.clearInterval ?? ((timer) => clearInterval(timer as ReturnType<typeof setInterval>)))(this.#timer);
    this.#timer = null;
  }
}
