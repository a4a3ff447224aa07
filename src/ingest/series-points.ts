import type { SampleInput, SeriesKind } from './sample.ts';
import { conversionFactor } from './units.ts';

/** The stored identity a sample is written against: the series keeps its first unit and kind. */
export interface StoredSeriesShape {
  readonly unit: string;
  readonly kind: SeriesKind;
}

export interface PointRules {
  /** Epoch ms: older samples are refused, because their raw data would be gone before the rollup (retention). */
  readonly oldestTs?: number | undefined;
  /**
   * The sender only guessed the kind (remote write before the family's metadata arrived), so a
   * series keeps the kind it was stored with instead of refusing the samples: a counter still
   * refuses a negative value.
   */
  readonly kindIsHint?: boolean | undefined;
}

/** Conversion factors (or the reason there is none) from a sample's unit, cached per series. */
type Factors = Map<string, readonly [number, number] | string>;

/**
 * The samples of one series as timestamp → value in the series' unit (last write wins), and the
 * samples refused per reason: another kind, older than the retention, an inconvertible unit.
 *
 * @example seriesPoints({ unit: 'bytes', kind: 'gauge' }, [{ …, unit: 'KiB', ts: 0, value: 1 }]).points // Map { 0 => 1024 }
 */
export function seriesPoints(
  series: StoredSeriesShape,
  samples: readonly SampleInput[],
  rules: PointRules = {},
): { points: Map<number, number>; refused: Map<string, number> } {
  const points = new Map<number, number>();
  const refused = new Map<string, number>();
  const factors: Factors = new Map();
  const oldest = rules.oldestTs;
  for (const sample of samples) {
    let reason: string | undefined;
    let value = sample.value;
    if (sample.kind !== series.kind && (!rules.kindIsHint || (series.kind !== 'gauge' && value < 0))) {
      reason = `series is stored as a ${series.kind}, not a ${sample.kind}`;
    } else if (oldest !== undefined && sample.ts < oldest) {
      reason = `timestamp ${new Date(sample.ts).toISOString()} is older than the raw-sample retention (${new Date(oldest).toISOString()})`;
    } else if (sample.unit !== series.unit) {
      let factor = factors.get(sample.unit);
      if (factor === undefined) {
        const found = conversionFactor(sample.unit, series.unit);
        factor = found.ok ? found.value : `${found.reason}; the series is stored in '${series.unit}'`;
        factors.set(sample.unit, factor);
      }
      if (typeof factor === 'string') reason = factor;
      else value = (value * factor[0]) / factor[1];
    }
    if (reason === undefined) points.set(sample.ts, value);
    else refused.set(reason, (refused.get(reason) ?? 0) + 1);
  }
  return { points, refused };
}
