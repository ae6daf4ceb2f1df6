import { queryString } from '../projects/rest.ts';
import type { ReportWindow } from './report-window.ts';

/** The tables of a report that can be downloaded ([R3]). */
export const exportTables = ['slices', 'annotators', 'pairs', 'fields', 'flags'] as const;
export type ExportTable = (typeof exportTables)[number];

/** The download formats ([R3]). */
export const exportFormats = ['csv', 'json'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** How each table is named on its button. */
export const exportTableLabels: Record<ExportTable, string> = {
  slices: 'Slices',
  annotators: 'Annotators',
  pairs: 'Pairs',
  fields: 'Fields',
  flags: 'Flags',
};

/** What to download: one table of one project's report, in one format, over the shown window. */
export interface ExportRequest {
  projectId: string;
  table: ExportTable;
  format: ExportFormat;
  window: ReportWindow | null;
}

/**
 * The API path (below `/api/v1`) of an export, with the window the dashboard shows.
 * @example exportPath({ projectId: 'prj_1', table: 'slices', format: 'csv', window: null }) // '/projects/prj_1/quality/export?format=csv&table=slices'
 */
export function exportPath(request: ExportRequest): string {
  const query = queryString({ format: request.format, table: request.table, from: request.window?.from, to: request.window?.to });
  return `/projects/${encodeURIComponent(request.projectId)}/quality/export${query}`;
}

/**
 * The file name to save an export as: the server's (Content-Disposition) when it sent one, else
 * `quality-<table>-<project>[-<from>_<to>].<format>` with only safe characters.
 * @example exportFileName({ projectId: 'prj_1', table: 'pairs', format: 'json', window: null }) // 'quality-pairs-prj_1.json'
 */
export function exportFileName(request: ExportRequest, contentDisposition?: string | null): string {
  const sent = contentDisposition ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(contentDisposition)?.[1] : undefined;
  if (sent) return safeName(decodeURIComponent(sent));
  const span = request.window ? `-${request.window.from.slice(0, 10)}_${request.window.to?.slice(0, 10) ?? 'now'}` : '';
  return safeName(`quality-${request.table}-${request.projectId}${span}.${request.format}`);
}

function safeName(name: string): string {
  const base = name.split(/[\\/]/).at(-1) ?? '';
  return base.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '') || 'export';
}
