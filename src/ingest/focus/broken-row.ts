import { DomainError } from '../../domain/errors.ts';
import type { RowError } from './focus-charge.ts';

/**
 * A record the CSV reader could not split (text after a closing quote, a quote never closed):
 * one row error without a column, or a validation error if it is the header, without which no
 * row can be read.
 *
 * @example brokenRow({ line: 7, error: 'quoted field is not closed before the end of the input' }, false)
 */
export function brokenRow(
  record: { readonly line: number; readonly error: string },
  isHeader: boolean,
): RowError {
  if (isHeader) {
    const detail = `line ${record.line}: ${record.error}`;
    throw new DomainError('validation', detail, [{ pointer: '/header', detail }]);
  }
  return { line: record.line, column: null, message: record.error, periodKey: null };
}
