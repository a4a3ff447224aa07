/**
 * Token buckets by key: each key may spend `perMinute` requests a minute, refilled evenly, with a
 * burst of a whole minute's worth. Kept in memory, so the limit holds per process.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.perMs = perMinute / 60_000;
  }

  /**
   * Takes one token for `key`; returns 0 when it was there, else the milliseconds until the next one.
   *
   * @example new TokenBuckets(1).take('a'); // 0, then 60000 for the next minute
   */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key);
    const tokens = bucket
      ? Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.perMs)
      : this.perMinute;
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return Math.ceil((1 - tokens) / this.perMs);
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    if (this.buckets.size > 10_000) this.forgetFull(now);
    return 0;
  }

  /** Drops buckets that have filled up again: they behave like new ones, and memory stays bounded. */
  private forgetFull(now: number): void {
    for (const [key, bucket] of this.buckets)
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.perMinute) this.buckets.delete(key);
  }
}
