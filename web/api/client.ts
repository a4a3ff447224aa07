/** A problem+json answer of the API, as a typed error the elements can show in words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly type: string,
    /** The problem's field errors (`errors`: a JSON pointer into the request and what is wrong there). */
    readonly errors: readonly { readonly pointer: string; readonly detail: string }[] = [],
  ) {
    super(`${title}: ${detail}`);
  }
}

/** Any failure as an `ApiError`: a thrown non-API error (status 0) reads like a request that got no answer. */
export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'Error', String(error), 'about:blank');
}

export interface ApiOptions {
  /** Base URL of the lastplan server; '' for the page's own origin. */
  readonly api: string;
  /** A token; '' sends none, so the dashboard's session cookie authenticates (same origin only). */
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

/** PATCHes a `/v1` resource with a partial change (same error handling as `getJson`). */
export function patchJson<T>(options: ApiOptions, path: string, body: unknown): Promise<T> {
  return requestJson<T>(options, 'PATCH', path, body);
}

/** PUTs JSON to a `/v1` resource, replacing it (same error handling as `getJson`). */
export function putJson<T>(options: ApiOptions, path: string, body: unknown): Promise<T> {
  return requestJson<T>(options, 'PUT', path, body);
}

/** DELETEs a `/v1` resource (same error handling as `getJson`). */
export function deleteResource(options: ApiOptions, path: string): Promise<unknown> {
  return requestJson<unknown>(options, 'DELETE', path, undefined);
}

async function requestJson<T>(
  options: ApiOptions,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
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
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw await networkError(options, error as Error);
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    const type = typeof problem.type === 'string' ? problem.type : 'about:blank';
    throw new ApiError(
      response.status,
      typeof problem.title === 'string' ? problem.title : response.statusText,
      typeof problem.detail === 'string' ? problem.detail : '',
      // A widget on another page whose token is refused: nobody there can sign in.
      response.status === 401 && crossOrigin(options) ? TOKEN_REFUSED : type,
      fieldErrors(problem.errors),
    );
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

function fieldErrors(errors: unknown): { pointer: string; detail: string }[] {
  if (!Array.isArray(errors)) return [];
  return errors
    .filter(
      (e): e is { pointer: string; detail: string } =>
        typeof e?.pointer === 'string' && typeof e?.detail === 'string',
    )
    .map(({ pointer, detail }) => ({ pointer, detail }));
}

/** Type of the error when a widget on another page is refused its token (401): it needs a new one. */
export const TOKEN_REFUSED = 'lastplan:token-refused';

function crossOrigin(options: ApiOptions): boolean {
  const base = options.api.replace(/\/+$/, '');
  return base !== '' && new URL(base, location.href).origin !== location.origin;
}

/** Type of the error when the server answers but refuses this page's origin (CORS). */
export const ORIGIN_REFUSED = 'lastplan:origin-refused';

/**
 * A failed fetch is either an unreachable server or a CORS refusal, which the browser does not
 * tell apart. `/widgets.js` is served to every origin, so if it answers, the server is up and
 * the API refused this origin: the embed token does not list it (or is expired or revoked).
 */
async function networkError(options: ApiOptions, error: Error): Promise<ApiError> {
  const base = options.api.replace(/\/+$/, '');
  if (base && new URL(base, location.href).origin !== location.origin) {
    try {
      const probe = await (options.fetch ?? fetch)(`${base}/widgets.js`, { method: 'HEAD' });
      if (probe.ok) return new ApiError(0, 'Origin refused', error.message, ORIGIN_REFUSED);
    } catch {}
  }
  return new ApiError(0, 'Network error', error.message, 'about:blank');
}
