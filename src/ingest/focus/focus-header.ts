import { DomainError } from '../../domain/errors.ts';
import { mandatoryFocusColumns, typedOptionalColumns } from './focus-columns.ts';

const knownColumns = new Map<string, string>(
  [...mandatoryFocusColumns, ...typedOptionalColumns].map((name) => [name.toLowerCase(), name]),
);

/** Where each column of a FOCUS file is. */
export interface FocusHeader {
  readonly width: number;
  /** Column index by canonical FOCUS name. */
  readonly index: ReadonlyMap<string, number>;
  readonly extensions: readonly (readonly [string, number])[];
  readonly others: readonly (readonly [string, number])[];
}

/**
 * Reads the header line: canonical FOCUS names (case-insensitively, as the spec's own samples
 * need), `x_` extensions, other columns; refuses duplicates and missing mandatory columns
 * (unless `assume` supplies them), naming every missing one.
 *
 * @example
 * readFocusHeader(['BilledCost', 'x_Team'], {}); // throws: missing mandatory columns BillingAccountId, ...
 */
export function readFocusHeader(
  fields: readonly string[],
  assume: Readonly<Record<string, string | undefined>> = {},
): FocusHeader {
  const index = new Map<string, number>();
  const extensions: [string, number][] = [];
  const others: [string, number][] = [];
  const seen = new Set<string>();
  fields.forEach((raw, position) => {
    const name = raw.trim();
    // Column names are case-sensitive in FOCUS, but the spec's own samples contain "SkuPriceid".
    const canonical = knownColumns.get(name.toLowerCase()) ?? name;
    if (seen.has(canonical)) {
      const detail = `column ${canonical} appears twice in the header`;
      throw new DomainError('validation', detail, [{ pointer: `/header/${position}`, detail }]);
    }
    seen.add(canonical);
    if (knownColumns.has(canonical.toLowerCase())) index.set(canonical, position);
    else if (canonical.startsWith('x_')) extensions.push([canonical, position]);
    else if (canonical !== '') others.push([canonical, position]);
  });
  const missing = mandatoryFocusColumns.filter(
    (column) => !index.has(column) && assume[column] === undefined,
  );
  if (missing.length > 0) {
    const detail = `not a FOCUS 1.0-1.2 file: missing mandatory column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`;
    throw new DomainError(
      'validation',
      detail,
      missing.map((column) => ({
        pointer: `/header/${column}`,
        detail: `mandatory FOCUS column ${column} is missing`,
      })),
      { missingColumns: missing },
    );
  }
  return { width: fields.length, index, extensions, others };
}
