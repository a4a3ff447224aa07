/**
 * At most `perKey` operations at a time for each key (a tenant): an expensive operation either
 * gets a slot at once or is refused, never queued, so a refused request holds nothing (no
 * connection, no transaction) while it waits, and one tenant's flood leaves the others' slots free.
 */
export class ConcurrencyGate {
  private readonly running = new Map<string, number>();

  constructor(private readonly perKey: number) {}

  /**
   * A slot for `key`, released by calling the function returned; undefined when all are taken.
   *
   * @example
   * const release = gate.tryEnter(tenantId);
   * if (!release) throw tooBusy();
   * try { await work(); } finally { release(); }
   */
  tryEnter(key: string): (() => void) | undefined {
    const count = this.running.get(key) ?? 0;
    if (count >= this.perKey) return undefined;
    this.running.set(key, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.running.get(key) ?? 1) - 1;
      if (left === 0) this.running.delete(key);
      else this.running.set(key, left);
    };
  }

  /** Operations of `key` running now. */
  inFlight(key: string): number {
    return this.running.get(key) ?? 0;
  }
}
