import { ApiError } from '../api.ts';
import { parseError } from '../projects/rest.ts';

/** Bytes sent so far of one upload. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadRequest {
  url: string;
  token: string | null;
  /** Sent as multipart `file` fields, in order. */
  files: File[];
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

/** Posts files as multipart form data and resolves with the JSON answer; tests pass a fake. */
export type Uploader = <T>(request: UploadRequest) => Promise<T>;

/**
 * The browser uploader: XMLHttpRequest, because fetch reports no upload progress. Errors are ApiErrors
 * parsed like every other answer (status 0 for a network failure or an abort).
 */
export const xhrUpload: Uploader = <T>(request: UploadRequest) =>
  new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', request.url);
    xhr.setRequestHeader('accept', 'application/json');
    if (request.token) xhr.setRequestHeader('authorization', `Bearer ${request.token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) request.onProgress?.({ loaded: event.loaded, total: event.total });
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as T);
        } catch {
          reject(new ApiError({ status: xhr.status, code: 'bad_response', message: 'The server sent an unreadable answer.' }));
        }
      } else {
        reject(parseError(xhr.status, xhr.responseText));
      }
    };
    xhr.onerror = () =>
      reject(new ApiError({ status: 0, code: 'network', message: 'Cannot reach the server. Check your connection and try again.' }));
    xhr.onabort = () => reject(new ApiError({ status: 0, code: 'aborted', message: 'The upload was cancelled.' }));
    request.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    for (const file of request.files) form.append('file', file, file.name);
    xhr.send(form);
  });
