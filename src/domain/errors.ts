/**
 * Typed domain errors. Domain code throws these with a literal `kind` and never an HTTP status;
 * `src/http/problem.ts` maps every kind to a status and a stable problem type, and the type-check
 * fails if a kind has no row there.
 */
export const errorKinds = [
  'validation',
  'unauthorized',
  'forbidden',
  'origin-not-allowed',
  'not-found',
  'conflict',
  'payload-too-large',
  'unsupported-media-type',
  'malformed-body',
  'insufficient-history',
  'database-unavailable',
  'rate-limited',
  'refused-target',
] as const;

export type ErrorKind = (typeof errorKinds)[number];

/** One field-level problem, located by a JSON pointer (RFC 6901) into the request. */
export interface FieldError {
  readonly pointer: string;
  readonly detail: string;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly errors: readonly FieldError[] = [],
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** Throws a validation error with one pointer; a shorthand for parsers and validators. */
export function invalid(pointer: string, detail: string): never {
  throw new DomainError('validation', detail, [{ pointer, detail }]);
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
