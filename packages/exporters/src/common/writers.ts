import type { ExportFile } from '../types.ts';
import { toJson } from './json.ts';

/** A row writer over one file: rows are written as they come (constant memory). */
export interface RowWriter {
  /** Writes one row (a JSON value). */
  write(row: unknown): Promise<void>;
  /** Finishes the file and closes it. */
  close(): Promise<void>;
  /** Rows written so far (the next row's index). */
  readonly rows: number;
}

/** [E1] JSON Lines: one `toJson(row)` + `\n` per row; an empty file when there are no rows. */
export function createJsonlWriter(file: ExportFile): RowWriter {
  let rows = 0;
  return {
    async write(row) {
      await file.write(`${toJson(row)}\n`);
      rows += 1;
    },
    close: () => file.close(),
    get rows() {
      return rows;
    },
  };
}

/**
 * [E1] One JSON array, streamed: `[\n`, the rows joined by `,\n`, then `\n]\n` (`[\n]\n` when empty).
 * Each row is on its own line, so the file is also easy to diff.
 */
export function writeJsonArray(file: ExportFile): RowWriter {
  let rows = 0;
  let opened = false;
  return {
    async write(row) {
      const text = toJson(row);
      await file.write(opened ? `,\n${text}` : `[\n${text}`);
      opened = true;
      rows += 1;
    },
    async close() {
      await file.write(opened ? '\n]\n' : '[\n]\n');
      await file.close();
    },
    get rows() {
      return rows;
    },
  };
}
