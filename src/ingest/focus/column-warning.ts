import type { Money } from '../../domain/money.ts';

/** A mandatory FOCUS column a provider left empty on some rows of a billing period. */
export interface ColumnWarning {
  readonly column: string;
  /** ProviderName of the rows. */
  readonly provider: string;
  readonly rows: number;
}

/** A sum over the rows that state the value; `amount` is null when none of them does. */
export interface PartialTotal {
  readonly currency: string;
  readonly amount: Money | null;
  /** Rows left out of `amount` because their value is unknown. */
  readonly unknownRows: number;
}

/**
 * The warning as a sentence, in English and German.
 *
 * @example
 * columnWarningText({ column: 'ContractedCost', provider: 'Oracle', rows: 5 }).en;
 * // 'ContractedCost is empty on 5 rows of Oracle: stored as unknown, not as 0 (FOCUS calls the column mandatory)'
 */
export function columnWarningText(warning: ColumnWarning): { readonly en: string; readonly de: string } {
  const { column, provider, rows } = warning;
  return {
    en: `${column} is empty on ${rows} row${rows === 1 ? '' : 's'} of ${provider}: stored as unknown, not as 0 (FOCUS calls the column mandatory)`,
    de: `${column} ist in ${rows} Zeile${rows === 1 ? '' : 'n'} von ${provider} leer: als unbekannt gespeichert, nicht als 0 (FOCUS verlangt die Spalte)`,
  };
}
