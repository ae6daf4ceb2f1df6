import { apiBasePath, type QualityFlag, type QualityReport } from '@concord/protocol';
import { ApiError } from '../api.ts';
import { createRest, parseError, queryString, type RestOptions, type RestRequest } from '../projects/rest.ts';
import type { DownloadedFile } from '../save-file.ts';
import { getSession } from '../session.svelte.ts';
import type { CalibrationWithResults } from './calibration-history.ts';
import { exportFileName, exportPath, type ExportRequest } from './export-links.ts';
import type { ReportWindow } from './report-window.ts';


/** Typed client for the quality API (apps/server/src/quality/SPEC.md, section API). */
export type QualityApi = ReturnType<typeof createQualityApi>;

/**
 * Creates the quality client: the report over a window [R1], flags [F5], clearing a flag by hand [F4],
 * calibration results [C8] and the exports [R3] (fetched with the session's token, since a plain link would carry none).
 * @example const api = createQualityApi({ token: () => session.token }); const report = await api.report('prj_x', null);
 */
export function createQualityApi(options: RestOptions) {
  const request: RestRequest = createRest(options);
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const project = (projectId: string) => `/projects/${encodeURIComponent(projectId)}`;

  return {
    /** The report over a window; null uses the project's `windowDays`. */
    report: (projectId: string, window: ReportWindow | null) =>
      request<QualityReport>('GET', `${project(projectId)}/quality${queryString({ from: window?.from, to: window?.to })}`),
    flags: (projectId: string, state: 'open' | 'cleared') =>
      request<{ items: QualityFlag[] }>('GET', `${project(projectId)}/quality/flags${queryString({ state })}`),
    clearFlag: (projectId: string, flagId: string, note: string) =>
      request<QualityFlag>('POST', `${project(projectId)}/quality/flags/${encodeURIComponent(flagId)}/clear`, { json: { note } }),
    /** The project's calibration sessions with their results [C8]. */
    calibrations: (projectId: string) => request<{ items: CalibrationWithResults[] }>('GET', `${project(projectId)}/calibrations`),

    /** Downloads one table of the report. */
    async exportFile(what: ExportRequest): Promise<DownloadedFile> {
      const headers: Record<string, string> = {};
      const token = options.token();
      if (token) headers.authorization = `Bearer ${token}`;
      let response: Response;
      try {
        response = await doFetch(`${options.baseUrl ?? ''}${apiBasePath}${exportPath(what)}`, { headers });
      } catch {
        throw new ApiError({ status: 0, code: 'network', message: 'Cannot reach the server. Check your connection and try again.' });
      }
      if (response.status === 401) options.onUnauthorized?.();
      if (!response.ok) throw parseError(response.status, await response.text());
      return { blob: await response.blob(), fileName: exportFileName(what, response.headers.get('content-disposition')) };
    },
  };
}

/** The quality client for the signed-in session (a 401 signs out). Call during component initialisation. */
export function useQualityApi(): QualityApi {
  const session = getSession();
  return createQualityApi({ token: () => session.token, onUnauthorized: () => session.clear() });
}

