/**
 * Storage cost per step from a GiB series: the price per unit-month spread over the month's hours,
 * or a base fee with included volume and a price beyond it. Quantities become micro-units
 * (bigint) before they meet a price, so only the final division rounds.
 */
import { divRound } from '../domain/money.ts';
import { type EffectiveStorage, GB_PER_GIB } from './effective-prices.ts';
import type { SizeUnit } from './price-catalog.ts';

const MICRO = 1_000_000n;
const MS_PER_HOUR = 3_600_000n;

/** A GiB quantity in micro-units of the price's size unit. */
export function toMicroUnits(gib: number, unit: SizeUnit): bigint {
  const units = unit === 'GB' ? gib * GB_PER_GIB : gib;
  return BigInt(Math.round(Math.max(0, units) * 1e6));
}

export interface StepCosts {
  /** Nano-units per step. */
  readonly perStep: BigInt64Array;
  readonly unpriced: readonly string[];
}

/**
 * Cost of holding `gib[i]` GiB during each step.
 *
 * @example
 * storageStepCosts([100], gp3, 3_600_000).perStep[0]; // 100 GiB × price ÷ 730 h, in nanos
 */
export function storageStepCosts(gib: ArrayLike<number>, store: EffectiveStorage, stepMs: number): StepCosts {
  const perStep = new BigInt64Array(gib.length);
  const denominator = MICRO * BigInt(store.hoursPerMonth) * MS_PER_HOUR;
  const included = toMicroUnits(store.includedUnits, 'GiB');
  let beyondUnpriced = false;
  for (let i = 0; i < gib.length; i++) {
    const units = toMicroUnits(gib[i] ?? 0, store.sizeUnit);
    let monthlyMicro = 0n;
    if (store.baseMonthly) {
      monthlyMicro += store.baseMonthly.nanos * MICRO;
      const beyond = units > included ? units - included : 0n;
      if (beyond > 0n) {
        if (store.perUnitMonth) monthlyMicro += store.perUnitMonth.nanos * beyond;
        else beyondUnpriced = true;
      }
    } else if (store.perUnitMonth) {
      monthlyMicro += store.perUnitMonth.nanos * units;
    }
    perStep[i] = divRound(monthlyMicro * BigInt(stepMs), denominator);
  }
  const unpriced = beyondUnpriced
    ? [
        `${store.provider} ${store.name}: storage beyond the ${store.includedUnits} ${store.sizeUnit} included has no price`,
      ]
    : [];
  return { perStep, unpriced };
}
