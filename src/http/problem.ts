import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorKind, FieldError } from '../domain/errors.ts';

/** Base of the stable problem type URIs; each is documented in the README. */
export const PROBLEM_BASE = 'https://lastplan.de/problems/';

interface ProblemKind {
  readonly status: ContentfulStatusCode;
  readonly title: string;
  /** Last path segment of the problem type URI. */
  readonly slug: string;
  /** Seconds a client should wait before it retries (the `Retry-After` header); only for what a retry can fix. */
  readonly retryAfterSeconds?: number;
}

/** The one table from domain error kind to HTTP. A new kind without a row fails the type-check. */
export const problemKinds: Record<ErrorKind, ProblemKind> = {
  validation: { status: 400, title: 'The request is not valid', slug: 'validation' },
  unauthorized: { status: 401, title: 'Authentication required', slug: 'unauthorized' },
  forbidden: { status: 403, title: 'Not allowed', slug: 'forbidden' },
  'origin-not-allowed': {
    status: 403,
    title: 'This page may not use the token',
    slug: 'origin-not-allowed',
  },
  'not-found': { status: 404, title: 'Not found', slug: 'not-found' },
  conflict: { status: 409, title: 'Conflict with the stored state', slug: 'conflict' },
  'payload-too-large': { status: 413, title: 'Request body too large', slug: 'payload-too-large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type', slug: 'unsupported-media-type' },
  'malformed-body': { status: 400, title: 'The request body cannot be read', slug: 'malformed-body' },
  'insufficient-history': { status: 422, title: 'Not enough history', slug: 'insufficient-history' },
  'database-unavailable': {
    status: 503,
    title: 'Database unavailable',
    slug: 'database-unavailable',
    retryAfterSeconds: 5,
  },
  'rate-limited': { status: 429, title: 'Too many requests', slug: 'rate-limited', retryAfterSeconds: 1 },
  'refused-target': { status: 422, title: 'The target address is refused', slug: 'refused-target' },
};

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

export function problemOf(
  kind: ErrorKind,
  detail: string,
  extra: { errors?: readonly FieldError[]; requestId?: string; extensions?: Record<string, unknown> } = {},
): Problem {
  const row = problemKinds[kind];
  return {
    ...extra.extensions,
    type: `${PROBLEM_BASE}${row.slug}`,
    title: row.title,
    status: row.status,
    detail,
    ...(extra.requestId ? { instance: `urn:lastplan:request:${extra.requestId}` } : {}),
    ...(extra.errors && extra.errors.length > 0 ? { errors: extra.errors } : {}),
  };
}

export function problemResponse(
  c: Context,
  problem: Problem,
  headers: Record<string, string> = {},
): Response {
  return c.body(JSON.stringify(problem), problem.status as ContentfulStatusCode, {
    'content-type': 'application/problem+json',
    ...headers,
  });
}
