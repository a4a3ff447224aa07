import { svg, type TemplateResult } from 'lit';

/**
 * A small line of values (a "small multiple"), decorative: the figures beside it carry the
 * meaning. Scaled to its own range; a flat series is a line in the middle.
 *
 * @example sparkline([1, 3, 2], 120, 28)
 */
export function sparkline(values: readonly number[], width = 120, height = 28): TemplateResult {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const step = values.length > 1 ? (width - 2) / (values.length - 1) : 0;
  const points = values
    .map(
      (v, i) =>
        `${(1 + i * step).toFixed(1)},${(max === min ? height / 2 : height - 2 - ((v - min) / span) * (height - 4)).toFixed(1)}`,
    )
    .join(' ');
  return svg`<svg class="spark" viewBox="0 0 ${width} ${height}" width=${width} height=${height} aria-hidden="true" focusable="false"><polyline points=${points}></polyline></svg>`;
}
