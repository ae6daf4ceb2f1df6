import type { ImportCounts, ImportFormat } from './run-import.ts';

export type { ImportCounts, ImportFormat } from './run-import.ts';

export type ImportStatus = 'running' | 'done' | 'failed';

/** One import run as the API shows it. */
export interface ImportInfo extends ImportCounts {
  id: string;
  projectId: string;
  format: ImportFormat;
  status: ImportStatus;
  fileName: string | null;
  /** Why the whole import failed (unreadable file, server shutdown), when it did. */
  failure: string | null;
  createdBy: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface ImportService {
  /**
   * Reads the whole file from `body` into a spool file (enforcing `config.importMaxBytes`: a bigger
   * file is a 413 and creates nothing), records the import as `running` and processes it in the
   * background. Throws 404/422 for a project that cannot take this format.
   */
  start(input: { projectId: string; userId: string | null; format: ImportFormat; fileName: string | null; body: AsyncIterable<Uint8Array> }): Promise<ImportInfo>;
  get(importId: string): Promise<ImportInfo | null>;
  /** A project's imports, newest first. */
  list(projectId: string, page: { limit: number; cursor?: string | undefined }): Promise<{ items: ImportInfo[]; nextCursor: string | null }>;
  /** Resolves once every import this instance runs has finished. */
  idle(): Promise<void>;
  /** Stops running imports between two batches (they end `failed`, resumable by importing again). */
  close(): Promise<void>;
}
