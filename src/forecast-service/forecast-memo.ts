/** A forecast answer as it goes on the wire, with the freshness stamp it was made under. */
export interface MemoisedForecast {
  readonly stamp: string;
  /** The JSON, UTF-8 encoded once. */
  readonly body: Uint8Array;
  /** A strong validator of the body (quoted), for If-None-Match. */
  readonly etag: string;
}

/**
 * The serialised answers of recent forecasts, in memory, least recently used first out: at most
 * `maxEntries` answers and `maxBytes` bytes of bodies. An entry is only good for the stamp it was stored
 * with; the caller reads the current stamp from the database on every request, so every instance
 * of the server sees new samples as soon as they commit, whichever instance stored them.
 *
 * @example
 * const memo = new ForecastMemo();
 * memo.set(key, { stamp, body, etag });
 * memo.get(key, stamp); // the entry, or undefined once the stamp moved on
 */
export class ForecastMemo {
  readonly #entries = new Map<string, MemoisedForecast>();
  #bytes = 0;

  constructor(
    readonly maxEntries = 2000,
    readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  /** The entry stored under `key` if it was made under `stamp`; a stale one is dropped. */
  get(key: string, stamp: string): MemoisedForecast | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.stamp !== stamp) {
      this.#bytes -= entry.body.byteLength;
      return undefined;
    }
    this.#entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: MemoisedForecast): void {
    const old = this.#entries.get(key);
    if (old) {
      this.#entries.delete(key);
      this.#bytes -= old.body.byteLength;
    }
    if (entry.body.byteLength > this.maxBytes) return;
    this.#entries.set(key, entry);
    this.#bytes += entry.body.byteLength;
    for (const [oldest, value] of this.#entries) {
      if (this.#entries.size <= this.maxEntries && this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= value.body.byteLength;
    }
  }
}
