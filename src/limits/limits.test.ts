import { describe, expect, it } from 'vitest';
import { ConcurrencyGate } from './concurrency-gate.ts';
import { ExpiringCache } from './expiring-cache.ts';
import { TokenBuckets } from './token-buckets.ts';

describe('TokenBuckets', () => {
  it('allows a minute of requests at once, then one per refill interval, per key', () => {
    let now = 0;
    const buckets = new TokenBuckets(60, () => now);
    for (let i = 0; i < 60; i++) expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(1000);
    expect(buckets.take('b')).toBe(0);
    now += 500;
    expect(buckets.take('a')).toBe(500);
    now += 500;
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(1000);
    now += 10 * 60_000;
    for (let i = 0; i < 60; i++) expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBeGreaterThan(0);
  });

  it('forgets full buckets when it holds many keys', () => {
    let now = 0;
    const buckets = new TokenBuckets(1, () => now);
    for (let i = 0; i < 10_001; i++) buckets.take(`k${i}`);
    now += 60_000;
    expect(buckets.take('k0')).toBe(0);
    expect(buckets.take('k0')).toBe(60_000);
  });
});

describe('ConcurrencyGate', () => {
  it('gives each key its own slots and frees a slot once', () => {
    const gate = new ConcurrencyGate(2);
    const a1 = gate.tryEnter('a');
    const a2 = gate.tryEnter('a');
    expect(a1 && a2).toBeTruthy();
    expect(gate.tryEnter('a')).toBeUndefined();
    expect(gate.tryEnter('b')).toBeDefined();
    a1?.();
    a1?.();
    expect(gate.inFlight('a')).toBe(1);
    expect(gate.tryEnter('a')).toBeDefined();
    expect(gate.tryEnter('a')).toBeUndefined();
  });
});

describe('ExpiringCache', () => {
  it('keeps an entry for its time from when it was set, and drops the oldest when full', () => {
    let now = 0;
    const cache = new ExpiringCache<string, number>(1000, 2, () => now);
    cache.set('a', 1);
    now = 999;
    expect(cache.get('a')).toBe(1);
    now = 1000;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
    cache.clear();
    expect(cache.get('b')).toBeUndefined();
  });
});
