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
