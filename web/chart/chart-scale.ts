/** A linear map from a data domain to a pixel range. */
export interface Scale {
  (value: number): number;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  invert(pixel: number): number;
}

/**
 * A linear scale; a zero-width domain maps everything to the middle of the range.
 *
 * @example linearScale([0, 10], [0, 100])(5) // 50
 */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const k = span === 0 ? 0 : (r1 - r0) / span;
  const scale = ((value: number) => (span === 0 ? (r0 + r1) / 2 : r0 + (value - d0) * k)) as Scale;
  Object.assign(scale, {
    domain,
    range,
    invert: (pixel: number) => (k === 0 ? d0 : d0 + (pixel - r0) / k),
  });
  return scale;
}

/**
 * Round tick values (1, 2, 2.5 or 5 times a power of ten) covering [0, max].
 *
 * @example niceTicks(0, 87, 5) // [0, 20, 40, 60, 80, 100]
 */
export function niceTicks(min: number, max: number, count: number): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (max <= min) return max === 0 ? [0, 1] : [Math.min(0, min), Math.max(0, max) || 1];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const first = Math.floor(min / step) * step;
  const out: number[] = [];
  for (let v = first; v < max + step * 0.999 && out.length < 50; v += step)
    out.push(Number(v.toPrecision(12)));
  return out;
}
