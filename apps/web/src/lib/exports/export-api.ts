import { apiBasePath, type ExportJob, type ExportRequest } from '@concord/protocol';
import { ApiError } from '../api.ts';
import { createRest, parseError, type RestOptions } from '../projects/rest.ts';
import type { DownloadedFile } from '../save-file.ts';
import { getSession } from '../session.svelte.ts';

/** Typed client for the training-data export API (apps/server/src/exports/SPEC.md, section API). */
export type ExportApi = ReturnType<typeof createExportApi>;

/**
 * The API path (below `/api/v1`) of one file of an export: the file's path URL-encoded as one segment [X9].
 * @example exportFilePath('exp_1', 'train/data.jsonl') // '/exports/exp_1/files/train%2Fdata.jsonl'
 */
export function exportFilePath(exportId: string, path: string): string {
  return `/exports/${encodeURIComponent(exportId)}/files/${encodeURIComponent(path)}`;
}

/** The API path of an export's zip [X12]. */
export function exportArchivePath(exportId: string): string {
  return `/exports/${encodeURIComponent(exportId)}/archive`;
}

/**
 * Creates the export client: start, list and follow exports, and download their files and zip (fetched
 * with the session's token, since a plain link would carry none).
 * @example const api = createExportApi({ token: () => session.token }); const job = await api.start('prj_x', { format: 'trl-dpo' });
 */
export function createExportApi(options: RestOptions) {
  const request = createRest(options);
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const project = (projectId: string) => `/projects/${encodeURIComponent(projectId)}`;

  async function download(path: string, fallbackName: string): Promise<DownloadedFile> {
    const headers: Record<string, string> = {};
    const token = options.token();
    if (token) headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await doFetch(`${options.baseUrl ?? ''}${apiBasePath}${path}`, { headers });
    } catch {
      throw new ApiError({ status: 0, code: 'network', message: 'Cannot reach the server. Check your connection and try again.' });
    }
    if (response.status === 401) options.onUnauthorized?.();
    if (!response.ok) throw parseError(response.status, await response.text());
    return { blob: await response.blob(), fileName: fileNameOf(response.headers.get('content-disposition'), fallbackName) };
  }

  return {
    /** Starts an export (202, `running`); a format the task type does not take is a 422. */
    start: (projectId: string, body: Partial<ExportRequest> & Pick<ExportRequest, 'format'>) =>
      request<ExportJob>('POST', `${project(projectId)}/exports`, { json: body }),
    /** The project's latest exports, newest first. */
    list: (projectId: string) => request<{ items: ExportJob[] }>('GET', `${project(projectId)}/exports`),
    get: (exportId: string) => request<ExportJob>('GET', `/exports/${encodeURIComponent(exportId)}`),
    /** One file of a done export. */
    downloadFile: (exportId: string, path: string) => download(exportFilePath(exportId, path), path.split('/').join('_')),
    /** Every file of a done export in one zip. */
    downloadArchive: (exportId: string) => download(exportArchivePath(exportId), `${exportId}.zip`),
  };
}

/** The export client for the signed-in session (a 401 signs out). Call during component initialisation. */
export function useExportApi(): ExportApi {
  const session = getSession();
  return createExportApi({ token: () => session.token, onUnauthorized: () => session.clear() });
}

/** The server's file name (Content-Disposition) when it sent one, else the fallback; only safe characters. */
export function fileNameOf(contentDisposition: string | null, fallback: string): string {
  const sent = contentDisposition ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(contentDisposition)?.[1] : undefined;
  const name = (sent ? decodeURIComponent(sent) : fallback).split(/[\\/]/).at(-1) ?? '';
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '') || 'export';
}

