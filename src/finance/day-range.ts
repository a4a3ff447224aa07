import { DomainError } from '../domain/errors.ts';

/** Checks a from/to pair of days given in the query. */
export function dayRange(from: string, to: string): { from: string; to: string } {
  if (to < from) {
    const detail = `to (${to}) is before from (${from})`;
    throw new DomainError('validation', detail, [{ pointer: '/query/to', detail }]);
  }
  return { from, to };
}
