import type { ColumnType, Generated, RawBuilder } from 'kysely';

/** Row types of the tables in `migrations/`, snake_case as in SQL; mapped to domain types in `store/`. */
export interface Schema {
  tenants: TenantRow;
  tokens: TokenRow;
  sessions: SessionRow;
  audit_events: AuditEventRow;
  services: ServiceRow;
  series: SeriesRow;
  samples: SampleRow;
  rollups_hourly: RollupRow;
  events: EventRow;
  forecast_cache: ForecastCacheRow;
  lastplan_migrations: MigrationRow;
  price_catalogs: PriceCatalogRow;
  exchange_rates: ExchangeRateRow;
  capacity_models: CapacityModelRow;
  plans: PlanRow;
  finance_settings: FinanceSettingsRow;
  cost_imports: CostImportRow;
  cost_records: CostRecordRow;
  grants: GrantRow;
  budget_lines: BudgetLineRow;
  alerts: AlertRow;
  alert_deliveries: AlertDeliveryRow;
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
  /** This deployment's number for the tenant: the high 32 bits of its series keys; not in backups. */
  num: Generated<number>;
  /** Raised by every change of the tenant's events (a trigger); not in backups. */
  context_version: Generated<string>;
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

export interface SessionRow {
  tenant_id: string;
  id: string;
  secret_hash: string;
  actor_kind: 'person' | 'token';
  subject: string;
  name: string;
  token_id: string | null;
  roles: string[];
  created_at: Timestamp;
  last_seen_at: Timestamp;
  idle_timeout_seconds: number;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface AuditEventRow {
  tenant_id: string;
  seq: Generated<string>;
  at: Timestamp;
  actor_kind: 'person' | 'token' | 'operator';
  actor_id: string;
  actor_name: string;
  action: string;
  resource_type: string;
  resource_id: string | null;
  detail: Json<Record<string, unknown>>;
  request_id: string;
  /** 'done' for a change that committed, 'refused' for an attempt the API refused. */
  outcome: ColumnType<'done' | 'refused', 'done' | 'refused' | undefined, never>;
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
  /** Assigned by the database on insert: the tenant's number in the high 32 bits. Read it as text. */
  series_key: ColumnType<number | string, never, never>;
  /** Raised by every write of the series' samples (bigint, read as text). */
  data_version: Generated<string>;
}

/** Partitioned by week of `ts`; `series_key` is `series.series_key` (tenant in the high 32 bits). */
export interface SampleRow {
  series_key: ColumnType<string, string | bigint, never>;
  ts: Timestamp;
  value: number;
}

/** Partitioned by month of `hour`. */
export interface RollupRow {
  series_key: ColumnType<string, string | bigint, never>;
  hour: Timestamp;
  count: number;
  sum: number;
  min: number;
  max: number;
  /** Counters: growth within the hour (resets handled); delta series: sum; gauges: null. */
  increase: ColumnType<number | null, number | null | undefined, number | null>;
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

export interface ForecastCacheRow {
  tenant_id: string;
  series_id: string;
  horizon_ms: number;
  levels: string;
  data_fingerprint: string;
  context_fingerprint: string;
  result: Json<unknown>;
  generated_at: Timestamp;
}

export interface MigrationRow {
  name: string;
  applied_at: Generated<Date>;
}

export interface PriceCatalogRow {
  tenant_id: string;
  id: string;
  provider: string;
  name: string;
  region: string;
  version: string;
  valid_on: string | null;
  source_keys: string[];
  price_count: number;
  format: 'json' | 'csv';
  document: string;
  document_sha256: string;
  created_at: Generated<Date>;
}

export interface ExchangeRateRow {
  tenant_id: string;
  base: string;
  quote: string;
  date: string;
  rate: string;
  source: string;
}

export interface CapacityModelRow {
  tenant_id: string;
  service_id: string;
  model: Json<Record<string, unknown>>;
  updated_at: DefaultTimestamp;
}

export interface PlanRow {
  tenant_id: string;
  id: string;
  service_id: string;
  version: number;
  horizon_from: Timestamp;
  horizon_to: Timestamp;
  quantile: number;
  currency: string;
  cost_p50: string;
  cost_planning: string;
  input: Json<unknown>;
  result: Json<unknown>;
  created_by: string;
  created_at: Generated<Date>;
  approved_by: string | null;
  approved_at: Timestamp | null;
  approval_comment: string | null;
}

export interface FinanceSettingsRow {
  tenant_id: string;
  mapping_rules: Json<unknown[]>;
  webhook_url: string | null;
  webhook_secret: string | null;
  updated_at: DefaultTimestamp;
}

/** A sum over the rows that state a value, and how many do not. */
export interface PartialTotalJson {
  amount: string | null;
  currency: string;
  unknownRows: number;
}

export interface CostImportRow {
  tenant_id: string;
  id: string;
  period_key: string;
  format: 'focus' | 'plain';
  file_name: string;
  hash: string;
  rows: number;
  corrections: number;
  first_line: number;
  last_line: number;
  billed_totals: Json<{ amount: string; currency: string }[]>;
  effective_totals: Json<{ amount: string; currency: string }[]>;
  /** Migration 0009: FOCUS ListCost and ContractedCost, amount null when no row states it. */
  list_totals: Json<PartialTotalJson[]>;
  contracted_totals: Json<PartialTotalJson[]>;
  warnings: Json<{ column: string; provider: string; rows: number }[]>;
  booked_total: string;
  currency: string;
  imported_at: DefaultTimestamp;
}

export interface CostRecordRow {
  tenant_id: string;
  id: Generated<number>;
  day: string;
  service_id: string | null;
  category: string;
  amount: string;
  currency: string;
  source: 'focus' | 'plain' | 'computed';
  import_id: string | null;
  line_ref: string;
  /** Set together when the amount was converted (migration 0008). */
  original_amount: string | null;
  original_currency: string | null;
  fx_base: string | null;
  fx_quote: string | null;
  fx_rate: string | null;
  fx_date: string | null;
  fx_source: string | null;
}

export interface GrantRow {
  tenant_id: string;
  id: string;
  programme: string;
  funder: string;
  reference_number: string;
  amount: string;
  currency: string;
  period_start: string;
  period_end: string;
  eligible_service_ids: string[];
  eligible_categories: string[];
  co_funding_rate: string;
  tranches: Json<{ day: string; amount: string; label?: string }[]>;
  own_share_budget_line_id: string | null;
  alert_thresholds: number[];
  unspent_alert_above: string | null;
  created_at: Generated<Date>;
}

export interface BudgetLineRow {
  tenant_id: string;
  id: string;
  name: string;
  fiscal_year: number;
  fiscal_year_start_month: number;
  amount: string;
  currency: string;
  service_ids: string[];
  categories: string[] | null;
  allocation_key: ColumnType<unknown, RawBuilder<unknown> | null | undefined, RawBuilder<unknown> | null>;
  alert_thresholds: number[];
  created_at: Generated<Date>;
}

export interface AlertRow {
  tenant_id: string;
  key: string;
  subject_kind: 'grant' | 'budget';
  subject_id: string;
  measure: string;
  threshold: number | null;
  value: string;
  limit_amount: string;
  currency: string;
  as_of: string;
  message: string;
  body: string;
  raised_at: Timestamp;
}

export interface AlertDeliveryRow {
  tenant_id: string;
  alert_key: string;
  state: 'pending' | 'delivered' | 'gave-up';
  attempts: number;
  next_attempt_at: Timestamp;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Timestamp | null;
}
