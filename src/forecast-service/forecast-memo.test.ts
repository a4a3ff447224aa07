import { describe, expect, it } from 'vitest';
import { ForecastMemo } from './forecast-memo.ts';

const entry = (stamp: string, bytes = 10) => ({ stamp, body: new Uint8Array(bytes), etag: `"${stamp}"` });

describe('ForecastMemo', () => {
  it('answers only for the stamp an entry was stored with, and drops it once the stamp moved on', () => {
    const memo = new ForecastMemo();
    memo.set('a', entry('v1'));
    expect(memo.get('a', 'v1')?.etag).toBe('"v1"');
    expect(memo.get('a', 'v2')).toBeUndefined();
    expect(memo.get('a', 'v1')).toBeUndefined();
    expect(memo.size).toBe(0);
  });

  it('keeps at most so many entries and bytes, the least recently used go first', () => {
    const memo = new ForecastMemo(3, 100);
    memo.set('a', entry('1'));
    memo.set('b', entry('1'));
    memo.set('c', entry('1'));
    memo.get('a', '1');
    memo.set('d', entry('1'));
    expect(memo.get('b', '1')).toBeUndefined();
    expect(memo.get('a', '1')).toBeDefined();
    memo.set('e', entry('1', 95));
    expect(memo.size).toBe(1);
    expect(memo.get('e', '1')).toBeDefined();
    memo.set('huge', entry('1', 101));
    expect(memo.get('huge', '1')).toBeUndefined();
  });
});
