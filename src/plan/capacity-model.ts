/**
 * How much load one instance carries. Capacity is given per instance type in driver units (from a
 * load test), or derived from vCPU and memory (units per vCPU, per GiB): an instance then carries
 * the smaller of the two, since whichever runs out first limits it.
 */
import { DomainError, type FieldError } from '../domain/errors.ts';

export interface CapacityModel {
  /** E.g. `requests_per_second` or `cpu_cores`. */
  readonly driverMetric: string;
  /** Measured capacity per instance type, keyed "provider/type" or just "type". */
  readonly capacityPerType?: Readonly<Record<string, number>>;
  /** Derived capacity: driver units one vCPU carries. */
  readonly perVcpu?: number;
  /** Derived capacity: driver units one GiB of memory carries. */
  readonly perGibMemory?: number;
  /** Share of capacity to plan for, in (0, 1], e.g. 0.7. */
  readonly targetUtilisation: number;
  readonly minInstances: number;
  readonly maxInstances: number;
  /** How long before the need a scale-up must start (provisioning, warm-up). */
  readonly leadTimeMs: number;
  /** How long to keep capacity after the need drops. */
  readonly scaleDownDelayMs: number;
  /** No step of the schedule is shorter than this (no flapping). */
  readonly minStepMs: number;
  /** Forecast quantile to plan on; by default the upper end of the 95 % band the widgets show. */
  readonly quantile: number;
}

export const DEFAULT_PLANNING_QUANTILE = 0.975;

/** Counts are held in 32-bit arrays; a million instances of one service is beyond any Kommune. */
export const MAX_INSTANCES = 1_000_000;

export interface SizedType {
  readonly provider: string;
  readonly name: string;
  readonly vcpu: number;
  readonly memoryGib: number;
}

/**
 * Capacity of one instance of `type` in driver units, or `undefined` if the model cannot say.
 *
 * @example
 * capacityOf({ ...model, perVcpu: 50, perGibMemory: 20 }, { provider: 'hetzner', name: 'CX33', vcpu: 4, memoryGib: 8 }); // 160
 */
export function capacityOf(model: CapacityModel, type: SizedType): number | undefined {
  const measured =
    model.capacityPerType?.[`${type.provider}/${type.name}`] ?? model.capacityPerType?.[type.name];
  if (measured !== undefined) return measured;
  const limits: number[] = [];
  if (model.perVcpu !== undefined) limits.push(type.vcpu * model.perVcpu);
  if (model.perGibMemory !== undefined) limits.push(type.memoryGib * model.perGibMemory);
  return limits.length > 0 ? Math.min(...limits) : undefined;
}

/**
 * Checks a capacity model; pointers name the field.
 *
 * @example
 * validateCapacityModel({ ...model, targetUtilisation: 1.2 }); // throws DomainError('validation') at /targetUtilisation
 */
export function validateCapacityModel(model: CapacityModel): CapacityModel {
  const errors: FieldError[] = [];
  const add = (pointer: string, detail: string) => errors.push({ pointer, detail });
  if (!model.driverMetric) add('/driverMetric', 'driverMetric is required');
  if (!(model.targetUtilisation > 0 && model.targetUtilisation <= 1)) {
    add('/targetUtilisation', 'targetUtilisation must be in (0, 1]');
  }
  if (!Number.isSafeInteger(model.minInstances) || model.minInstances < 0)
    add('/minInstances', 'minInstances must be a whole number ≥ 0');
  if (
    !Number.isSafeInteger(model.maxInstances) ||
    model.maxInstances < Math.max(1, model.minInstances) ||
    model.maxInstances > MAX_INSTANCES
  ) {
    add('/maxInstances', `maxInstances must be a whole number from max(1, minInstances) to ${MAX_INSTANCES}`);
  }
  for (const key of ['leadTimeMs', 'scaleDownDelayMs', 'minStepMs'] as const) {
    if (!Number.isSafeInteger(model[key]) || model[key] < 0)
      add(`/${key}`, `${key} must be a whole number of ms ≥ 0`);
  }
  if (!(model.quantile > 0 && model.quantile < 1)) add('/quantile', 'quantile must lie between 0 and 1');
  for (const key of ['perVcpu', 'perGibMemory'] as const) {
    const value = model[key];
    if (value !== undefined && !(value > 0 && Number.isFinite(value)))
      add(`/${key}`, `${key} must be positive`);
  }
  for (const [name, value] of Object.entries(model.capacityPerType ?? {})) {
    if (!(value > 0 && Number.isFinite(value)))
      add(
        `/capacityPerType/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`,
        'capacity must be positive',
      );
  }
  if (!model.capacityPerType && model.perVcpu === undefined && model.perGibMemory === undefined) {
    add('/capacityPerType', 'give capacityPerType or perVcpu/perGibMemory');
  }
  if (errors.length > 0) throw new DomainError('validation', 'capacity model is invalid', errors);
  return model;
}
