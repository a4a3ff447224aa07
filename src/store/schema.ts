import type { ColumnType, Generated, RawBuilder } from 'kysely';

/** Row types of the tables in `migrations/`, snake_case as in SQL; mapped to domain types in `store/`. */
export interface Schema {
  tenants: TenantRow;
  tokens: TokenRow;
  services: ServiceRow;
  series: SeriesRow;
  samples: SampleRow;
  rollups_hourly: RollupRow;
  events: EventRow;
  lastplan_migrations: MigrationRow;
}

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** jsonb: read as a value, written as JSON text; optional on insert where the column has a default. */
type Json<T> = ColumnType<T, RawBuilder<T> | undefined, RawBuilder<T>>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface TenantRow {
  id: string;
  slug: string;
  name: string;
  federal_state: string;
  time_zone: Generated<string>;
  currency: Generated<string>;
  vat_mode: Generated<'gross' | 'net'>;
  created_at: Generated<Date>;
}

export interface TokenRow {
  tenant_id: string;
  id: string;
  name: string;
  kind: 'api' | 'embed';
  token_hash: string;
  scopes: string[];
  resources: Generated<string[]>;
  allowed_origins: Generated<string[]>;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface ServiceRow {
  tenant_id: string;
  id: string;
  key: string;
  name: string;
  description: Generated<string>;
  owner: Generated<string>;
  cost_centre: Generated<string>;
  tags: Json<Record<string, string>>;
  created_at: Generated<Date>;
  updated_at: DefaultTimestamp;
}

export interface SeriesRow {
  tenant_id: string;
  id: string;
  service_id: string;
  metric: string;
  unit: string;
  kind: 'gauge' | 'counter' | 'delta';
  labels: Json<Record<string, string>>;
  labels_key: Generated<string>;
  created_at: Generated<Date>;
}

export interface SampleRow {
  tenant_id: string;
  series_id: string;
  ts: Timestamp;
  value: number;
}

export interface RollupRow {
  tenant_id: string;
  series_id: string;
  hour: Timestamp;
  count: number;
  sum: number;
  min: number;
  max: number;
}

export interface EventRow {
  tenant_id: string;
  id: string;
  kind: string;
  name: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  region: Generated<string>;
  service_ids: Generated<string[]>;
  expected_uplift: string | null;
  created_at: Generated<Date>;
}

export interface MigrationRow {
  name: string;
  applied_at: Generated<Date>;
}
