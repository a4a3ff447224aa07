import { divRound, NANOS_PER_UNIT } from '../domain/money.ts';

const NANOS_PER_CENT = NANOS_PER_UNIT / 100n;

/**
 * The part of a spend a grant pays: the co-funding rate of it rounded once to the cent (half away
 * from zero), never below zero (credits) and never above the grant. The grant view and the proof
 * of use both take it from the cumulative spend, so their funded figures agree to the cent.
 *
 * @example
 * fundedShare(1_000_050_000_000n, 800_000_000n, 50_000_000_000_000n); // 800_040_000_000n (800.04)
 */
export function fundedShare(spendNanos: bigint, rateNanos: bigint, capNanos: bigint): bigint {
  if (spendNanos <= 0n) return 0n;
  const share = divRound(spendNanos * rateNanos, NANOS_PER_UNIT * NANOS_PER_CENT) * NANOS_PER_CENT;
  // Math.min does not take bigints
  return share > capNanos ? capNanos : share;
}
