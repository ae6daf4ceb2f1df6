import type { ProjectConfig, TaskType } from '@concord/annotation-doc';
import { apiBasePath, type ItemState } from '@concord/protocol';
import type {
  DemoProjects,
  ImportFormat,
  ImportRun,
  ImportSummary,
  Item,
  MediaInfo,
  Page,
  Project,
  ProjectConfigVersion,
  ProjectConfigVersionMeta,
  TagCount,
} from '../api-types.ts';
import { type UploadProgress, type Uploader, xhrUpload } from '../imports/upload.ts';
import { getSession } from '../session.svelte.ts';
import { createRest, queryString, type RestOptions } from './rest.ts';

/** Typed client for the project side of the API: task types, configuration, items, media, imports, demo. */
export type ProjectApi = ReturnType<typeof createProjectApi>;

/**
 * Creates the project-side client (the general one in `api.ts` covers sign-in, documents and members).
 * @example const api = createProjectApi({ token: () => session.token }); await api.listItems('prj_x', { tag: 'ocr' });
 */
export function createProjectApi(options: RestOptions & { upload?: Uploader }) {
  const request = createRest(options);
  const upload = options.upload ?? xhrUpload;
  const id = (value: string) => encodeURIComponent(value);
  const project = (projectId: string) => `/projects/${id(projectId)}`;

  return {
    createProject: (input: { name: string; description?: string; taskType: TaskType }) =>
      request<Project>('POST', '/projects', { json: input }),
    /** Makes one demo project per task type, with a few items each. */
    createDemoProjects: () => request<DemoProjects>('POST', '/demo'),

    getConfig: (projectId: string) => request<ProjectConfigVersion>('GET', `${project(projectId)}/config`),
    /** Saves a new configuration version (managers); a bad config is a DetailedApiError with field issues. */
    saveConfig: (projectId: string, config: ProjectConfig) =>
      request<ProjectConfigVersion>('PUT', `${project(projectId)}/config`, { json: { config } }),
    listConfigVersions: (projectId: string) =>
      request<{ items: ProjectConfigVersionMeta[] }>('GET', `${project(projectId)}/config/versions`),

    listItems: (projectId: string, query: { limit?: number; cursor?: string | null; tag?: string | null; state?: ItemState | null } = {}) =>
      request<Page<Item>>('GET', `${project(projectId)}/items${queryString(query)}`),
    listTags: (projectId: string) => request<{ items: TagCount[] }>('GET', `${project(projectId)}/tags`),

    /** Uploads one media file, reporting bytes sent. */
    async uploadMedia(projectId: string, file: File, onProgress?: (progress: UploadProgress) => void): Promise<MediaInfo[]> {
      const answer = await upload<{ items: MediaInfo[] } | MediaInfo[]>({
        url: `${options.baseUrl ?? ''}${apiBasePath}${project(projectId)}/media`,
        token: options.token(),
        files: [file],
        onProgress,
      });
      return Array.isArray(answer) ? answer : answer.items;
    },
    /** Posts the data file as the raw body; the import then runs on the server (202). */
    startImport: (projectId: string, input: { format: ImportFormat; file: Blob; fileName: string }) =>
      request<ImportRun>('POST', `${project(projectId)}/imports${queryString({ format: input.format, fileName: input.fileName })}`, {
        raw: input.file,
        contentType: input.format === 'jsonl' ? 'application/x-ndjson' : 'application/json',
      }),
    getImport: (importId: string) => request<ImportRun>('GET', `/imports/${id(importId)}`),
    listImports: (projectId: string) => request<Page<ImportSummary>>('GET', `${project(projectId)}/imports`),
  };
}

/**
 * The project-side client for the signed-in session (token from the session; a 401 signs out, and the
 * root layout then goes to sign-in). Call during component initialisation.
 */
export function useProjectApi(): ProjectApi {
  const session = getSession();
  return createProjectApi({ token: () => session.token, onUnauthorized: () => session.clear() });
}
