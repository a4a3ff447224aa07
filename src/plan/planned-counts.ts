/**
 * From the instances needed per step to the instances planned per step:
 *
 * 1. each need is provisioned `lead` steps early and held `delay` steps after it passes, i.e.
 *    planned(t) = max(need over [t − delay, t + lead]);
 * 2. no step is shorter than the minimum: the horizon is cut into blocks of `minStep` steps from
 *    its start (a short last block joins the one before) and each block runs at its maximum.
 *
 * Both stages only take maxima over fixed windows, so the result never falls below the need and is
 * monotone: more demand never yields fewer instances anywhere, so a higher quantile can never
 * produce a cheaper plan. A greedy merge of short steps would waste less at ramps but loses that
 * guarantee. Blocks align to the horizon start, so a scale-up may begin up to `minStep − 1` steps
 * earlier than the lead time alone requires.
 */

export interface PlanningWindows {
  /** Steps of lead time. */
  readonly lead: number;
  /** Steps of scale-down delay. */
  readonly delay: number;
  /** Minimum step length in steps (≥ 1). */
  readonly minStep: number;
}

/**
 * Converts durations to whole steps, rounding up so no window is shorter than asked.
 *
 * @example
 * planningWindows({ leadTimeMs: 5_400_000, scaleDownDelayMs: 0, minStepMs: 0 }, 3_600_000); // { lead: 2, delay: 0, minStep: 1 }
 */
export function planningWindows(
  model: { leadTimeMs: number; scaleDownDelayMs: number; minStepMs: number },
  stepMs: number,
): PlanningWindows {
  return {
    lead: Math.ceil(model.leadTimeMs / stepMs),
    delay: Math.ceil(model.scaleDownDelayMs / stepMs),
    minStep: Math.max(1, Math.ceil(model.minStepMs / stepMs)),
  };
}

/**
 * Sliding maximum over [i − behind, i + ahead] in O(n) with a monotone deque.
 *
 * @example
 * windowMax(Int32Array.from([0, 0, 3, 0, 0]), 1, 1); // Int32Array [0, 3, 3, 3, 0]
 */
export function windowMax(values: Int32Array, behind: number, ahead: number): Int32Array {
  const n = values.length;
  const out = new Int32Array(n);
  const deque = new Int32Array(n);
  let head = 0;
  let tail = 0;
  let next = 0;
  for (let i = 0; i < n; i++) {
    const right = Math.min(n - 1, i + ahead);
    while (next <= right) {
      const v = values[next]!;
      while (tail > head && values[deque[tail - 1]!]! <= v) tail--;
      deque[tail++] = next++;
    }
    while (deque[head]! < i - behind) head++;
    out[i] = values[deque[head]!]!;
  }
  return out;
}

/**
 * @example
 * plannedCounts(Int32Array.from([1, 1, 1, 4, 1, 1, 1, 1]), { lead: 1, delay: 1, minStep: 2 });
 * // Int32Array [1, 1, 4, 4, 4, 4, 1, 1]
 */
export function plannedCounts(need: Int32Array, windows: PlanningWindows): Int32Array {
  const { lead, delay, minStep: block } = windows;
  // Scanning each widened block directly beats the deque while the widening is short.
  if (block > 1 && lead + delay <= 8 * block) return blockMax(need, lead, delay, block);
  const held = lead > 0 || delay > 0 ? windowMax(need, delay, lead) : Int32Array.from(need);
  return block > 1 ? blockMax(held, 0, 0, block) : held;
}

/**
 * Each block of `block` steps (a short last block joins the one before) runs at the maximum need
 * over the block widened by `delay` before and `lead` after: the same as the window maximum
 * followed by block maxima, read straight from the need.
 */
function blockMax(need: Int32Array, lead: number, delay: number, block: number): Int32Array {
  const n = need.length;
  const out = new Int32Array(n);
  for (let from = 0; from < n; from += block) {
    let to = Math.min(n, from + block);
    if (n - to < block) to = n;
    const last = Math.min(n, to + lead);
    let peak = 0;
    for (let i = Math.max(0, from - delay); i < last; i++) if (need[i]! > peak) peak = need[i]!;
    out.fill(peak, from, to);
    if (to === n) break;
  }
  return out;
}
