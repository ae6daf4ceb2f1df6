import { errorMessage } from '../api.ts';
import type { ImportFormat, ImportProgress, ImportRun, ImportSummary, MediaInfo } from '../api-types.ts';
import type { UploadProgress } from './upload.ts';

/** What the import flow needs from the server (the project API, or a fake in tests). */
export interface ImportClient {
  uploadMedia(projectId: string, file: File, onProgress?: (progress: UploadProgress) => void): Promise<MediaInfo[]>;
  startImport(projectId: string, input: { format: ImportFormat; file: Blob; fileName: string }): Promise<ImportRun>;
  getImport(importId: string): Promise<ImportRun>;
}

/** Subscribes to `import:progress` pushes; returns the unsubscribe function. */
export type ProgressFeed = (listener: (event: ImportProgress) => void) => () => void;

/** One media file being uploaded before the data file. */
export interface FileUpload {
  name: string;
  bytes: number;
  sent: number;
  status: 'waiting' | 'uploading' | 'done' | 'failed';
  error: string | null;
}

/**
 * `idle` → `uploading` (media, if any) → `posting` (the data file) → `running` (server-side, progress
 * pushed and polled) → `done` | `failed`. A failed upload stops before the data file is sent.
 */
export type ImportPhase = 'idle' | 'uploading' | 'posting' | 'running' | 'done' | 'failed';

interface Timers {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

export interface ImportFlowOptions {
  client: ImportClient;
  projectId: string;
  /** Live progress (socket.io); polling runs anyway as the fallback. */
  feed?: ProgressFeed;
  pollIntervalMs?: number;
  /** How many media files upload at once. */
  concurrency?: number;
  timers?: Timers;
  /** Called once when a run ends (done or failed), e.g. to reload the items. */
  onFinished?: (run: ImportRun) => void;
}

/** The per-line errors kept on screen. */
export const maxShownErrors = 1000;

/**
 * One import from the browser: uploads the media files (progress per file and in total), posts the
 * data file, then follows the run through socket pushes with polling as the fallback until it ends.
 * @example const flow = new ImportFlow({ client: api, projectId, feed }); await flow.start({ format: 'jsonl', dataFile, mediaFiles });
 */
export class ImportFlow {
  phase = $state<ImportPhase>('idle');
  uploads = $state<FileUpload[]>([]);
  run = $state<ImportRun | null>(null);
  /** Why the flow stopped (an upload, the post, or the run's own `failure`), or a polling problem. */
  error = $state<string | null>(null);
  /** How many records the data file holds, when the page could count them (sizes the progress bar). */
  expected = $state<number | null>(null);
  /** Share of the records processed (0..1), or null while that is unknown. */
  readonly fraction = $derived(
    this.phase === 'done' ? 1 : this.run && this.expected ? Math.min(1, this.run.linesDone / Math.max(1, this.expected)) : null,
  );
  readonly busy = $derived(this.phase === 'uploading' || this.phase === 'posting' || this.phase === 'running');
  readonly sentBytes = $derived(this.uploads.reduce((sum, u) => sum + u.sent, 0));
  readonly totalBytes = $derived(this.uploads.reduce((sum, u) => sum + u.bytes, 0));

  readonly #options: ImportFlowOptions;
  readonly #timers: Timers;
  #unsubscribe: (() => void) | null = null;
  #pollHandle: unknown = null;
  #generation = 0;

  constructor(options: ImportFlowOptions) {
    this.#options = options;
    this.#timers = options.timers ?? {
      setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
      clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
    };
  }

  /** Uploads the media files, posts the data file and follows the run. Resolves once the run is started (or the flow failed). */
  async start(input: { format: ImportFormat; dataFile: File; mediaFiles?: File[]; expectedRecords?: number | null }): Promise<void> {
    if (this.busy) return;
    const generation = this.#reset();
    this.expected = input.expectedRecords ?? null;
    const mediaFiles = input.mediaFiles ?? [];
    this.uploads = mediaFiles.map((file) => ({ name: file.name, bytes: file.size, sent: 0, status: 'waiting', error: null }));
    if (mediaFiles.length > 0) {
      this.phase = 'uploading';
      await this.#uploadAll(mediaFiles, generation);
      if (generation !== this.#generation) return;
      const failed = this.uploads.filter((u) => u.status === 'failed').length;
      if (failed > 0) {
        this.phase = 'failed';
        this.error = `${failed} of ${mediaFiles.length} media files could not be uploaded, so the data file was not sent. Fix or remove them and start again.`;
        return;
      }
    }
    this.phase = 'posting';
    let run: ImportRun;
    try {
      run = await this.#options.client.startImport(this.#options.projectId, {
        format: input.format,
        file: input.dataFile,
        fileName: input.dataFile.name,
      });
    } catch (error) {
      if (generation !== this.#generation) return;
      this.phase = 'failed';
      this.error = `The data file was refused: ${errorMessage(error)}`;
      return;
    }
    if (generation !== this.#generation) return;
    this.#follow(run, generation);
  }

  /** Follows a run started elsewhere (e.g. one still running when the page opened). */
  watch(run: ImportRun | ImportSummary): void {
    if (this.busy) return;
    this.#follow({ errors: [], ...run }, this.#reset());
  }

  /** Back to idle: forgets the last run and stops following it (the server keeps running it). */
  reset(): void {
    this.#reset();
  }

  /** Stops the socket subscription and polling; call when the page goes away. */
  dispose(): void {
    this.#generation++;
    this.#stop();
  }

  #reset(): number {
    this.#stop();
    this.phase = 'idle';
    this.uploads = [];
    this.run = null;
    this.error = null;
    this.expected = null;
    return ++this.#generation;
  }

  async #uploadAll(files: File[], generation: number): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < files.length && generation === this.#generation) {
        const index = next++;
        await this.#uploadOne(files[index]!, index, generation);
      }
    };
    const workers = Math.max(1, Math.min(this.#options.concurrency ?? 3, files.length));
    await Promise.all(Array.from({ length: workers }, worker));
  }

  async #uploadOne(file: File, index: number, generation: number): Promise<void> {
    const update = (patch: Partial<FileUpload>) => {
      if (generation !== this.#generation) return;
      this.uploads = this.uploads.map((u, i) => (i === index ? { ...u, ...patch } : u));
    };
    update({ status: 'uploading' });
    try {
      await this.#options.client.uploadMedia(this.#options.projectId, file, (p) => update({ sent: Math.min(p.loaded, file.size) }));
      update({ status: 'done', sent: file.size });
    } catch (error) {
      update({ status: 'failed', error: errorMessage(error) });
    }
  }

  #follow(run: ImportRun, generation: number): void {
    this.run = run;
    this.phase = 'running';
    if (run.status !== 'running') {
      this.#finish(run, generation);
      return;
    }
    this.#unsubscribe = this.#options.feed?.((event) => this.#onPush(event, generation)) ?? null;
    this.#schedulePoll(generation);
  }

  #onPush(event: ImportProgress, generation: number): void {
    const run = this.run;
    if (generation !== this.#generation || !run || event.importId !== run.id || this.phase !== 'running') return;
    // Pushes and polls race: never go backwards.
    if (event.linesDone >= run.linesDone) {
      this.run = { ...run, linesDone: event.linesDone, created: event.created, skipped: event.skipped, failed: event.failed };
    }
    // The push carries no error list: fetch the final state now instead of waiting for the next poll.
    if (event.status !== 'running') void this.#poll(generation);
  }

  #schedulePoll(generation: number): void {
    if (this.#pollHandle !== null) this.#timers.clearTimeout(this.#pollHandle);
    this.#pollHandle = this.#timers.setTimeout(() => {
      this.#pollHandle = null;
      void this.#poll(generation);
    }, this.#options.pollIntervalMs ?? 1500);
  }

  async #poll(generation: number): Promise<void> {
    const current = this.run;
    if (!current || generation !== this.#generation || this.phase !== 'running') return;
    let run: ImportRun;
    try {
      run = await this.#options.client.getImport(current.id);
    } catch (error) {
      if (generation !== this.#generation || this.phase !== 'running') return;
      this.error = `Could not check the import (${errorMessage(error)}); still trying.`;
      this.#schedulePoll(generation);
      return;
    }
    if (generation !== this.#generation || this.phase !== 'running') return;
    this.error = null;
    const latest = this.run ?? run;
    // A push may have moved further than this answer: keep the larger counters while running.
    this.run = run.status === 'running' && latest.linesDone > run.linesDone ? { ...run, ...pick(latest) } : run;
    if (run.status === 'running') this.#schedulePoll(generation);
    else this.#finish(run, generation);
  }

  #finish(run: ImportRun, generation: number): void {
    if (generation !== this.#generation) return;
    this.#stop();
    this.run = run;
    this.phase = run.status === 'done' ? 'done' : 'failed';
    this.error = run.status === 'failed' ? (run.failure ?? 'The import failed.') : null;
    this.#options.onFinished?.(run);
  }

  #stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    if (this.#pollHandle !== null) this.#timers.clearTimeout(this.#pollHandle);
    this.#pollHandle = null;
  }
}

function pick(run: ImportRun): Pick<ImportRun, 'linesDone' | 'created' | 'skipped' | 'failed'> {
  return { linesDone: run.linesDone, created: run.created, skipped: run.skipped, failed: run.failed };
}

/** The per-line errors as plain text, one `line N: message` per line (for the clipboard). */
export function errorsAsText(errors: ImportRun['errors']): string {
  return errors
    .slice(0, maxShownErrors)
    .map((e) => `line ${e.line}: ${e.message}`)
    .join('\n');
}
