import { DomainError } from '../domain/errors.ts';
import { NANOS_PER_UNIT } from '../domain/money.ts';

const NANOS_PER_CENT = NANOS_PER_UNIT / 100n;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/**
 * Splits `total` (an integer, e.g. cents) into parts proportional to `weights`, with the parts
 * adding up to `total` exactly: every part is its exact share rounded down, and the units left
 * over go to the largest remainders (ties to the earlier part). Each part is within one unit of
 * its exact share. Weights may be negative (credits) as long as they do not sum to zero.
 *
 * @example
 * apportion(100n, [1n, 1n, 1n]); // [34n, 33n, 33n]
 */
export function apportion(total: bigint, weights: readonly bigint[]): bigint[] {
  let sum = weights.reduce((a, b) => a + b, 0n);
  if (weights.length === 0) {
    if (total === 0n) return [];
    throw new DomainError('validation', 'cannot split an amount among nobody');
  }
  if (sum === 0n) {
    if (total === 0n) return weights.map(() => 0n);
    throw new DomainError('validation', 'cannot split an amount by weights that sum to zero');
  }
  let sign = 1n;
  if (sum < 0n) {
    sum = -sum;
    sign = -1n;
  }
  const parts = weights.map((weight) => {
    const numerator = total * weight * sign;
    const floor = floorDiv(numerator, sum);
    return { floor, remainder: numerator - floor * sum };
  });
  let left = total - parts.reduce((a, p) => a + p.floor, 0n);
  const order = parts
    .map((_, index) => index)
    .sort((a, b) => {
      const ra = parts[a]!.remainder;
      const rb = parts[b]!.remainder;
      return ra > rb ? -1 : ra < rb ? 1 : a - b;
    });
  const result = parts.map((p) => p.floor);
  for (const index of order) {
    if (left <= 0n) break;
    result[index]! += 1n;
    left--;
  }
  return result;
}

/**
 * Rounds exact line amounts (nano-units) to cents so that the lines add up to `total` cents
 * (default: their exact total rounded to the cent, half away from zero); each line is off by less
 * than one cent when the total is within a cent of the exact one. Ties go to the earlier line.
 *
 * @example
 * roundLinesToCents([3_333_333_333n, 3_333_333_333n, 3_333_333_334n]); // [333n, 333n, 334n]
 * roundLinesToCents([3_333_333_333n, 3_333_333_333n], 66n);            // [33n, 33n]
 */
export function roundLinesToCents(nanos: readonly bigint[], total?: bigint): bigint[] {
  const exact = nanos.reduce((a, b) => a + b, 0n);
  const half = NANOS_PER_CENT / 2n;
  // Total rounded half away from zero, like every booked figure.
  const target =
    total ?? (exact < 0n ? -((-exact + half) / NANOS_PER_CENT) : (exact + half) / NANOS_PER_CENT);
  const floors = nanos.map((n) => floorDiv(n, NANOS_PER_CENT));
  let left = target - floors.reduce((a, b) => a + b, 0n);
  const remainders = nanos.map((n, index) => ({ index, remainder: n - floors[index]! * NANOS_PER_CENT }));
  remainders.sort((a, b) =>
    a.remainder > b.remainder ? -1 : a.remainder < b.remainder ? 1 : a.index - b.index,
  );
  const result = [...floors];
  for (const { index } of remainders) {
    if (left <= 0n) break;
    result[index]! += 1n;
    left--;
  }
  return result;
}
