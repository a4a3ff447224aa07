/** A problem+json answer of the API, as a typed error the elements can show in words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly type: string,
  ) {
    super(`${title}: ${detail}`);
  }
}

export interface ApiOptions {
  /** Base URL of the lastplan server; '' for the page's own origin. */
  readonly api: string;
  readonly token: string;
  readonly fetch?: typeof fetch;
}

/** GETs a `/v1` resource; non-2xx answers become an `ApiError` with the problem's title and detail. */
export function getJson<T>(options: ApiOptions, path: string, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(options, 'GET', path, undefined, signal);
}

/** POSTs JSON to a `/v1` resource (same error handling as `getJson`). */
export function postJson<T>(options: ApiOptions, path: string, body: unknown = {}): Promise<T> {
  return requestJson<T>(options, 'POST', path, body);
}

async function requestJson<T>(
  options: ApiOptions,
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(`${options.api.replace(/\/+$/, '')}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${options.token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'Network error', (error as Error).message, 'about:blank');
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    throw new ApiError(
      response.status,
      typeof problem.title === 'string' ? problem.title : response.statusText,
      typeof problem.detail === 'string' ? problem.detail : '',
      typeof problem.type === 'string' ? problem.type : 'about:blank',
    );
  }
  return (await response.json()) as T;
}
