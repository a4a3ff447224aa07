/**
 * The part of an OTLP `ExportMetricsServiceRequest` that lastplan reads, after decoding from
 * either JSON or protobuf. Both readers produce this shape, so the mapping to samples
 * (`otlp-metrics.ts`) is written, and tested, once. Each metric carries the path of its message
 * (`/resourceMetrics/0/scopeMetrics/1/metrics/2`) so rejections can point at it in either format.
 */

/** Attributes flattened to strings; empty values are dropped (Prometheus treats them as absent). */
export type OtlpAttributes = Record<string, string>;

export interface OtlpRequest {
  readonly resources: OtlpResource[];
}

export interface OtlpResource {
  readonly attributes: OtlpAttributes;
  /** Metrics of all scopes of this resource, in body order. */
  readonly metrics: OtlpMetric[];
}

export interface OtlpMetric {
  readonly name: string;
  readonly unit: string;
  readonly path: string;
  /** `undefined` when the metric carries no data field this reader understands. */
  readonly data: OtlpData | undefined;
}

/** `AggregationTemporality`: 0 unspecified, 1 delta, 2 cumulative. */
export type Temporality = number;

export type OtlpData =
  | { readonly type: 'gauge'; readonly points: OtlpNumberPoint[] }
  | {
      readonly type: 'sum';
      readonly temporality: Temporality;
      readonly monotonic: boolean;
      readonly points: OtlpNumberPoint[];
    }
  | {
      readonly type: 'histogram' | 'exponentialHistogram';
      readonly temporality: Temporality;
      readonly points: OtlpSummaryPoint[];
    }
  | { readonly type: 'summary'; readonly points: OtlpSummaryPoint[] };

interface OtlpPointBase {
  readonly attributes: OtlpAttributes;
  /** Epoch ms from `time_unix_nano`; NaN when the field was not a valid integer. */
  readonly timeMs: number;
  readonly flags: number;
  /** Set by a reader when a field had the wrong type; the point is then rejected with it. */
  readonly problem?: string;
}

export interface OtlpNumberPoint extends OtlpPointBase {
  /** `as_double` or `as_int`; `undefined` when neither was set. */
  readonly value: number | undefined;
}

/** The scalar parts of a histogram, exponential histogram or summary point. */
export interface OtlpSummaryPoint extends OtlpPointBase {
  readonly count: number;
  readonly sum: number | undefined;
  readonly max: number | undefined;
}

/** `DataPointFlags.FLAG_NO_RECORDED_VALUE`: the point marks a gap, it is not a measurement. */
export const FLAG_NO_RECORDED_VALUE = 1;

const NS_PER_MS = 1_000_000n;

/**
 * Converts nanoseconds since the epoch to whole milliseconds (floor).
 *
 * @example nanosToMillis(1795458188462123456n) // 1795458188462
 */
export function nanosToMillis(nanos: bigint): number {
  return Number(nanos / NS_PER_MS);
}

/** Longest text built from an array or map attribute; longer ones become `OVERLONG_ATTRIBUTE`. */
const MAX_LIST_TEXT = 2048;

/**
 * Stands for an array or map attribute too large to flatten; it is longer than any label value
 * may be, so the validator refuses the point with a reason instead of a megabyte label.
 */
export const OVERLONG_ATTRIBUTE = '…'.repeat(MAX_LIST_TEXT + 1);

/**
 * Flattens an array or map attribute to JSON text, built item by item and abandoned as soon as it
 * grows past the cap: nested lists re-escape their children, so without the cap a small body of
 * nested lists could expand into gigabytes of text.
 *
 * @example
 * const list = new AttributeListText(false);
 * list.add('a'); list.add('b');
 * list.text() // '["a","b"]'
 */
export class AttributeListText {
  readonly #values: string[] = [];
  readonly #entries: [string, string][] = [];
  #size = 0;

  constructor(readonly keyed: boolean) {}

  /** True while the text is within the cap: stop adding once it returns false. */
  get open(): boolean {
    return this.#size <= MAX_LIST_TEXT;
  }

  add(value: string, key = ''): void {
    this.#size += value.length + key.length;
    if (!this.open) return;
    if (this.keyed) this.#entries.push([key, value]);
    else this.#values.push(value);
  }

  text(): string {
    if (!this.open) return OVERLONG_ATTRIBUTE;
    return JSON.stringify(this.keyed ? Object.fromEntries(this.#entries) : this.#values);
  }
}
