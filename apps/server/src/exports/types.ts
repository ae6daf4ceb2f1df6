import type { ExportJob, ExportRequest } from '@concord/protocol';

/** Exports of accepted work into training formats, run in the background (exports/SPEC.md). */
export interface ExportService {
  /** Checks the format against the project (422), records the job `running` and starts it [X10]. */
  start(input: { projectId: string; userId: string; request: ExportRequest }): Promise<ExportJob>;
  get(exportId: string): Promise<ExportJob | null>;
  /** A project's exports, newest first (at most `limit`). */
  list(projectId: string, limit: number): Promise<ExportJob[]>;
  /** The absolute folder of an export's files (server-generated from its id). */
  folderOf(job: Pick<ExportJob, 'id'>): string;
  /** Resolves when no export is running. */
  idle(): Promise<void>;
}
