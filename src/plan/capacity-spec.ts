/**
 * The capacity model of a service as the API takes and stores it (durations as ISO-8601 text,
 * money as decimal text), and its conversion into the planner's values.
 */

import { parseDuration } from '../domain/duration.ts';
import { DomainError, type FieldError } from '../domain/errors.ts';
import { money } from '../domain/money.ts';
import type { PlanResources } from './build-plan.ts';
import { type CapacityModel, DEFAULT_PLANNING_QUANTILE, validateCapacityModel } from './capacity-model.ts';
import type { OwnHardware } from './plan-alternatives.ts';

export interface CapacitySpec {
  readonly driverMetric: string;
  readonly capacityPerType?: Readonly<Record<string, number>> | undefined;
  readonly perVcpu?: number | undefined;
  readonly perGibMemory?: number | undefined;
  readonly targetUtilisation: number;
  readonly minInstances: number;
  readonly maxInstances: number;
  readonly leadTime: string;
  readonly scaleDownDelay: string;
  readonly minStep: string;
  readonly quantile: number;
  /** Providers to plan across; default every catalog the tenant sees. */
  readonly providers?: readonly string[] | undefined;
  /** Plan on this type instead of the cheapest fitting one. */
  readonly instanceType?: { readonly provider: string; readonly name: string } | undefined;
  /** Block storage: a constant size, or the forecast of the service's own series. */
  readonly storage?:
    | {
        readonly gib?: number | undefined;
        readonly metric?: string | undefined;
        readonly class?: string | undefined;
      }
    | undefined;
  /** Internet egress per hour: a constant, or the forecast of the service's own series. */
  readonly egress?:
    | { readonly gibPerHour?: number | undefined; readonly metric?: string | undefined }
    | undefined;
  readonly backup?:
    | {
        readonly retentionDays: number;
        readonly dailyChangeRate: number;
        readonly fullBackupWeekday?: number | undefined;
        readonly targetProvider?: string | undefined;
        readonly storageClass?: string | undefined;
      }
    | undefined;
  /** Today's size, for the "current size" alternative. */
  readonly current?:
    | { readonly provider: string; readonly instanceType: string; readonly count: number }
    | undefined;
  readonly ownHardware?:
    | {
        readonly capexPerServer: string;
        readonly opexPerServerYear: string;
        readonly lifeYears: number;
        readonly capacityPerServer: number;
        readonly spareServers?: number | undefined;
        readonly vatBasis: 'net' | 'gross';
      }
    | undefined;
}

const ZERO_DURATION = /^P(T?0+[DHMSW]?|0+[DW]|T0+[HMS])$/;

/**
 * ISO-8601 duration to milliseconds; zero ("PT0H", "P0D") is allowed here, unlike in parseDuration.
 *
 * @example
 * durationMs('PT2H', '/leadTime', errors); // 7_200_000
 */
export function durationMs(text: string, pointer: string, errors: FieldError[]): number {
  if (ZERO_DURATION.test(text)) return 0;
  const ms = parseDuration(text);
  if (ms === undefined) {
    errors.push({ pointer, detail: `"${text}" is not an ISO-8601 duration like PT2H or P1D` });
    return 0;
  }
  return ms;
}

/**
 * The planner's capacity model from the spec; throws a validation error whose pointers name the
 * spec's fields (leadTime, not leadTimeMs).
 *
 * @example
 * capacityModelOf({ driverMetric: 'requests_per_second', perVcpu: 2, targetUtilisation: 0.6, minInstances: 2, maxInstances: 40, leadTime: 'PT2H', scaleDownDelay: 'PT6H', minStep: 'PT4H', quantile: 0.95 }).leadTimeMs; // 7_200_000
 */
export function capacityModelOf(spec: CapacitySpec): CapacityModel {
  const errors: FieldError[] = [];
  const model: CapacityModel = {
    driverMetric: spec.driverMetric,
    ...(spec.capacityPerType ? { capacityPerType: spec.capacityPerType } : {}),
    ...(spec.perVcpu !== undefined ? { perVcpu: spec.perVcpu } : {}),
    ...(spec.perGibMemory !== undefined ? { perGibMemory: spec.perGibMemory } : {}),
    targetUtilisation: spec.targetUtilisation,
    minInstances: spec.minInstances,
    maxInstances: spec.maxInstances,
    leadTimeMs: durationMs(spec.leadTime, '/leadTime', errors),
    scaleDownDelayMs: durationMs(spec.scaleDownDelay, '/scaleDownDelay', errors),
    minStepMs: durationMs(spec.minStep, '/minStep', errors),
    quantile: spec.quantile ?? DEFAULT_PLANNING_QUANTILE,
  };
  if (!(model.quantile > 0.5)) {
    errors.push({
      pointer: '/quantile',
      detail: 'plan on an upper quantile: above 0.5, e.g. 0.975 (the upper end of the 95 % band)',
    });
  }
  try {
    validateCapacityModel(model);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const renamed: Record<string, string> = {
      '/leadTimeMs': '/leadTime',
      '/scaleDownDelayMs': '/scaleDownDelay',
      '/minStepMs': '/minStep',
    };
    errors.push(...error.errors.map((e) => ({ ...e, pointer: renamed[e.pointer] ?? e.pointer })));
  }
  if (errors.length > 0) throw new DomainError('validation', 'capacity model is invalid', errors);
  return model;
}

/**
 * Own-hardware figures in the planner's terms (money in the tenant's currency).
 *
 * @example
 * ownHardwareOf(spec.ownHardware, 'EUR')?.lifeYears; // 5
 */
export function ownHardwareOf(spec: CapacitySpec['ownHardware'], currency: string): OwnHardware | undefined {
  if (!spec) return undefined;
  return {
    capexPerServer: money(spec.capexPerServer, currency),
    opexPerServerYear: money(spec.opexPerServerYear, currency),
    lifeYears: spec.lifeYears,
    capacityPerServer: spec.capacityPerServer,
    ...(spec.spareServers !== undefined ? { spareServers: spec.spareServers } : {}),
    basis: spec.vatBasis,
  };
}

/**
 * Backup settings in the planner's terms; sizes come from the storage series.
 *
 * @example
 * backupOf({ retentionDays: 28, dailyChangeRate: 0.05 })?.policy.retentionDays; // 28
 */
export function backupOf(spec: CapacitySpec['backup']): PlanResources['backup'] {
  if (!spec) return undefined;
  return {
    policy: {
      retentionDays: spec.retentionDays,
      dailyChangeRate: spec.dailyChangeRate,
      ...(spec.fullBackupWeekday !== undefined ? { fullBackupWeekday: spec.fullBackupWeekday } : {}),
    },
    ...(spec.targetProvider !== undefined ? { targetProvider: spec.targetProvider } : {}),
    ...(spec.storageClass !== undefined ? { storageClass: spec.storageClass } : {}),
  };
}
