import type { components } from './openapi.gen.ts';

/**
 * The API's answers as the widgets read them, taken from the generated schema types
 * (`npm run gen:api-types`), so a change of the API shows up as a type error here instead of a
 * wrong field at run time.
 */
export type Schema<K extends keyof components['schemas']> = components['schemas'][K];

export type TenantDto = Schema<'Tenant'>;
export type SessionDto = Schema<'Session'>;
export type Role = SessionDto['roles'][number];
export type ServiceDto = Schema<'Service'>;
export type ServiceDetailDto = Schema<'ServiceDetail'>;
export type SeriesDto = Schema<'Series'>;
export type EventDto = Schema<'Event'>;
export type PlanSummaryDto = Schema<'PlanSummary'>;
export type AuditEventDto = Schema<'AuditEvent'>;
export type CapacitySpecDto = Schema<'CapacityModel'>;
export type StoredCapacityDto = Schema<'StoredCapacityModel'>;
export type InstanceTypesDto = Schema<'InstanceTypes'>;

/** A page of a list endpoint (`items` and the cursor of the next page, if any). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string | null;
}

export type CostImportResultDto = Schema<'CostImportResult'>;
export type CostImportPeriodDto = CostImportResultDto['periods'][number];
export type ExchangeRatesDto = Schema<'ExchangeRates'>;
export type ExchangeRateDto = Schema<'ExchangeRate'>;
export type ExchangeRateLookupDto = Schema<'ExchangeRateLookup'>;
export type ExchangeRateChangesDto = Schema<'ExchangeRateChanges'>;
export type EcbRateImportDto = Schema<'EcbRateImport'>;

/**
 * One imported billing period of `GET /v1/costs/imports` (the API's schema leaves the items
 * open; these are the fields the store writes, amounts as exact decimal text).
 */
export interface CostImportDto {
  readonly id: string;
  readonly periodKey: string;
  readonly format: 'focus' | 'plain';
  readonly fileName: string;
  readonly rows: number;
  readonly corrections: number;
  readonly billedTotals: readonly { readonly amount: string; readonly currency: string }[];
  readonly effectiveTotals: readonly { readonly amount: string; readonly currency: string }[];
  readonly warnings: readonly { readonly column: string; readonly provider: string; readonly rows: number }[];
  readonly bookedTotal: string;
  readonly importedAt: string;
}
export type GrantDto = Schema<'Grant'>;
export type GrantStatusDto = Schema<'GrantStatus'>;
export type BudgetDto = Schema<'Budget'>;
export type BudgetStatusDto = Schema<'BudgetStatus'>;
