import { ApiError, type ApiOptions } from './client.ts';

/** How far an upload is: bytes sent of all, and whether the server is now working on it. */
export interface UploadProgress {
  readonly sent: number;
  readonly total: number;
}

/**
 * POSTs a file to a `/v1` resource and reports the bytes sent as they go. XMLHttpRequest, not
 * fetch: Chromium's fetch reports no upload progress (only with streamed bodies, which need
 * HTTP/2 and `duplex: 'half'`). Authenticates like `getJson` (a token if given, else the
 * session cookie of the page's origin); a non-2xx answer becomes an `ApiError` with the
 * problem's title and detail, a request that got no answer an `ApiError` of status 0.
 */
export function uploadFile<T>(
  options: ApiOptions,
  path: string,
  file: Blob,
  contentType: string,
  onProgress: (progress: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${options.api.replace(/\/+$/, '')}${path}`);
    if (options.token) xhr.setRequestHeader('authorization', `Bearer ${options.token}`);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', contentType);
    xhr.responseType = 'text';
    xhr.upload.addEventListener('progress', (e) => {
      onProgress({ sent: e.loaded, total: e.lengthComputable ? e.total : file.size });
    });
    xhr.upload.addEventListener('load', () => onProgress({ sent: file.size, total: file.size }));
    xhr.addEventListener('load', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(xhr.responseText || '{}') as Record<string, unknown>;
      } catch {}
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as T);
        return;
      }
      reject(
        new ApiError(
          xhr.status,
          typeof body.title === 'string' ? body.title : xhr.statusText,
          typeof body.detail === 'string' ? body.detail : '',
          typeof body.type === 'string' ? body.type : 'about:blank',
        ),
      );
    });
    xhr.addEventListener('error', () =>
      reject(new ApiError(0, 'Network error', 'the upload got no answer', 'about:blank')),
    );
    xhr.addEventListener('abort', () => reject(new DOMException('upload aborted', 'AbortError')));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
