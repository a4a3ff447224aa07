/**
 * Checks the parts of a plan input beyond demand and capacity model: pricing options, backup
 * policy, today's size and own-hardware figures. One error lists every problem with its pointer.
 */
import { DomainError, type FieldError } from '../domain/errors.ts';
import { parseDecimal } from '../domain/money.ts';
import type { PlanInput } from './build-plan.ts';

const isWhole = (value: number, min: number) => Number.isSafeInteger(value) && value >= min;

/**
 * @example
 * validatePlanInput({ ...input, current: { provider: 'hetzner', instanceType: 'CX33', count: -1 } });
 * // throws DomainError('validation') with pointer "/current/count"
 */
export function validatePlanInput(input: PlanInput): PlanInput {
  const errors: FieldError[] = [];
  const add = (pointer: string, detail: string) => errors.push({ pointer, detail });
  const { pricing, resources, current, ownHardware } = input;
  if (pricing.on !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(pricing.on))
    add('/pricing/on', 'on must be YYYY-MM-DD');
  if (pricing.priceFactor !== undefined) {
    let factor = -1n;
    try {
      factor = parseDecimal(pricing.priceFactor);
    } catch {
      // reported below
    }
    if (factor <= 0n) add('/pricing/priceFactor', 'priceFactor must be a positive decimal');
  }
  if (input.catalogs.length === 0) add('/catalogs', 'choose at least one catalog');
  const policy = resources?.backup?.policy;
  if (policy) {
    if (!(Number.isFinite(policy.retentionDays) && policy.retentionDays >= 1)) {
      add('/resources/backup/policy/retentionDays', 'retentionDays must be at least 1');
    }
    if (!(policy.dailyChangeRate >= 0 && policy.dailyChangeRate <= 1)) {
      add('/resources/backup/policy/dailyChangeRate', 'dailyChangeRate must lie between 0 and 1');
    }
    const weekday = policy.fullBackupWeekday;
    if (weekday !== undefined && !(isWhole(weekday, 0) && weekday <= 6)) {
      add('/resources/backup/policy/fullBackupWeekday', 'fullBackupWeekday must be 0 (Sunday) to 6');
    }
  }
  if (current && !isWhole(current.count, 0)) add('/current/count', 'count must be a whole number ≥ 0');
  if (ownHardware) {
    if (!(ownHardware.lifeYears > 0 && Number.isFinite(ownHardware.lifeYears)))
      add('/ownHardware/lifeYears', 'lifeYears must be positive');
    if (!(ownHardware.capacityPerServer > 0 && Number.isFinite(ownHardware.capacityPerServer))) {
      add('/ownHardware/capacityPerServer', 'capacityPerServer must be positive');
    }
    if (ownHardware.spareServers !== undefined && !isWhole(ownHardware.spareServers, 0)) {
      add('/ownHardware/spareServers', 'spareServers must be a whole number ≥ 0');
    }
    if (ownHardware.capexPerServer.nanos < 0n)
      add('/ownHardware/capexPerServer', 'capexPerServer must not be negative');
    if (ownHardware.opexPerServerYear.nanos < 0n)
      add('/ownHardware/opexPerServerYear', 'opexPerServerYear must not be negative');
  }
  if (input.runnersUp !== undefined && !isWhole(input.runnersUp, 0))
    add('/runnersUp', 'runnersUp must be a whole number ≥ 0');
  if (errors.length > 0) throw new DomainError('validation', 'plan input is invalid', errors);
  return input;
}
