import type { QualityFlag, QualityFlagEvent, QualityReport, QueueCounts } from '@concord/protocol';
import { ApiError, errorMessage } from '../api.ts';
import type { LoadStatus } from '../load-status.ts';
import type { CalibrationWithResults } from './calibration-history.ts';
import type { ExportFormat, ExportTable } from './export-links.ts';
import type { DownloadedFile } from '../save-file.ts';
import type { QualityApi } from './quality-api.ts';
import { dayWindow, presetWindow, type ReportWindow } from './report-window.ts';

type DashboardApi = Pick<QualityApi, 'report' | 'flags' | 'clearFlag' | 'exportFile' | 'calibrations'>;

export interface QualityDashboardOptions {
  api: DashboardApi;
  projectId: string;
  /** Hands a downloaded export to the browser (`saveFile` of save-file.ts); tests collect them. */
  save: (file: DownloadedFile) => void;
  /** Delay before reloading after `work:counts` (many arrive while people work). */
  countsReloadMs?: number;
  /** Delay before reloading after `quality:flag` (short: a QA lead waits for it). */
  flagReloadMs?: number;
  now?: () => Date;
}

/**
 * The quality dashboard of one project: the report over a window ([R1]; the project's `windowDays`
 * until a preset or days are chosen), reloaded when flags change ([F2] `quality:flag`) or work moves
 * (`work:counts`), at most once per delay; clearing flags by hand ([F4]); exports ([R3]).
 * @example const dash = new QualityDashboard({ api, projectId, save: saveFile }); await dash.load();
 */
export class QualityDashboard {
  report = $state.raw<QualityReport | null>(null);
  status = $state<LoadStatus>('loading');
  error = $state<string | null>(null);
  refreshing = $state(false);
  /** The window asked for; null is the project's own `windowDays`. */
  window = $state.raw<ReportWindow | null>(null);
  /** The preset shown (days), or null for the project's default or chosen days. */
  preset = $state<number | null>(null);
  windowError = $state<string | null>(null);
  /** Flags being cleared, and the refusals by flag id. */
  clearing = $state.raw<ReadonlySet<string>>(new Set());
  clearErrors = $state.raw<ReadonlyMap<string, string>>(new Map());
  /** Flags cleared earlier, once asked for. */
  cleared = $state.raw<QualityFlag[] | null>(null);
  clearedError = $state<string | null>(null);
  /** Calibration sessions with results [C8], once loaded; a failure leaves the rest of the dashboard. */
  calibrations = $state.raw<CalibrationWithResults[] | null>(null);
  calibrationsError = $state<string | null>(null);
  /** The export being downloaded (`table.format`), and a failed one's message. */
  exporting = $state<string | null>(null);
  exportError = $state<string | null>(null);
  readonly #options: QualityDashboardOptions;
  #request = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #due = Infinity;

  constructor(options: QualityDashboardOptions) {
    this.#options = options;
  }

  get projectId(): string {
    return this.#options.projectId;
  }

  /** Loads the report over the current window; a slower earlier request never overwrites a later one. */
  async load(): Promise<void> {
    const request = ++this.#request;
    this.refreshing = true;
    try {
      const report = await this.#options.api.report(this.projectId, this.window);
      if (request !== this.#request) return;
      this.report = report;
      this.status = 'ready';
      this.error = null;
    } catch (error) {
      if (request !== this.#request) return;
      if (error instanceof ApiError && error.isNotFound && !this.report) this.status = 'not-found';
      else if (!this.report) this.status = 'error';
      this.error = errorMessage(error);
    } finally {
      if (request === this.#request) this.refreshing = false;
    }
  }

  /** Loads the calibration sessions and their results [C8]. */
  async loadCalibrations(): Promise<void> {
    try {
      this.calibrations = (await this.#options.api.calibrations(this.projectId)).items;
      this.calibrationsError = null;
    } catch (error) {
      this.calibrationsError = errorMessage(error);
    }
  }

  /** Shows the last `days` days. */
  async showPreset(days: number): Promise<void> {
    this.preset = days;
    this.windowError = null;
    this.window = presetWindow({ days, now: this.#options.now?.() });
    await this.load();
  }

  /** Shows two calendar days, both included; false (and a message) when they do not make a window. */
  async showDays(days: { from: string; to: string }): Promise<boolean> {
    const window = dayWindow(days);
    if (!window) {
      this.windowError = 'Choose a start day on or before the end day.';
      return false;
    }
    this.preset = null;
    this.windowError = null;
    this.window = window;
    await this.load();
    return true;
  }

  /** Back to the project's own window (`windowDays`). */
  async showDefault(): Promise<void> {
    this.preset = null;
    this.windowError = null;
    this.window = null;
    await this.load();
  }

  /** A flag of this project was raised or cleared: reload soon. */
  onFlag(event: QualityFlagEvent): void {
    if (event.projectId !== this.projectId) return;
    this.#schedule(this.#options.flagReloadMs ?? 300);
    if (event.flag.state !== 'cleared') return;
    if (this.cleared) void this.loadCleared();
    // A calibration pass clears flags [C7]: its results are new too.
    if (event.flag.clearedBySession && this.calibrations) void this.loadCalibrations();
  }

  /** Work moved in this project (a submission may have changed the numbers): reload, at most every few seconds. */
  onCounts(counts: QueueCounts): void {
    if (counts.projectId !== this.projectId) return;
    this.#schedule(this.#options.countsReloadMs ?? 3_000);
  }

  /** Clears a flag by hand with a note [F4]; false (and the reason, by flag) when refused or without a note. */
  async clearFlag(flagId: string, note: string): Promise<boolean> {
    const text = note.trim();
    if (!text) {
      this.#setClearError(flagId, 'Write why the flag is cleared.');
      return false;
    }
    if (this.clearing.has(flagId)) return false;
    this.clearing = new Set([...this.clearing, flagId]);
    this.#setClearError(flagId, null);
    try {
      await this.#options.api.clearFlag(this.projectId, flagId, text);
      await this.load();
      if (this.cleared) await this.loadCleared();
      return true;
    } catch (error) {
      this.#setClearError(flagId, errorMessage(error));
      return false;
    } finally {
      const next = new Set(this.clearing);
      next.delete(flagId);
      this.clearing = next;
    }
  }

  /** Loads the flags cleared so far (by calibration or by hand) [F4] [F5]. */
  async loadCleared(): Promise<void> {
    try {
      this.cleared = (await this.#options.api.flags(this.projectId, 'cleared')).items;
      this.clearedError = null;
    } catch (error) {
      this.clearedError = errorMessage(error);
    }
  }

  /** Downloads one table of the report over the shown window [R3]. */
  async download(table: ExportTable, format: ExportFormat): Promise<void> {
    if (this.exporting) return;
    this.exporting = `${table}.${format}`;
    this.exportError = null;
    try {
      const file = await this.#options.api.exportFile({ projectId: this.projectId, table, format, window: this.window });
      this.#options.save(file);
    } catch (error) {
      this.exportError = errorMessage(error);
    } finally {
      this.exporting = null;
    }
  }

  destroy(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Reloads after `delay`, unless a reload is already due sooner. */
  #schedule(delay: number): void {
    const due = Date.now() + delay;
    if (this.#timer !== undefined && this.#due <= due) return;
    clearTimeout(this.#timer);
    this.#due = due;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#due = Infinity;
      void this.load();
    }, delay);
  }

  #setClearError(flagId: string, message: string | null): void {
    const next = new Map(this.clearErrors);
    if (message === null) next.delete(flagId);
    else next.set(flagId, message);
    this.clearErrors = next;
  }
}
