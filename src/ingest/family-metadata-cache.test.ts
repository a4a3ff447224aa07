import { describe, expect, it } from 'vitest';
import { FamilyMetadataCache } from './family-metadata-cache.ts';
import type { FamilyMetadata } from './prometheus-naming.ts';

const gauge = (family: string, help = ''): FamilyMetadata => ({ family, type: 'gauge', unit: '', help });

describe('FamilyMetadataCache', () => {
  it('keeps each tenant apart and lets a later entry replace an earlier one', () => {
    const cache = new FamilyMetadataCache();
    cache.remember('a', [gauge('up', 'first')]);
    cache.remember('b', [{ family: 'up', type: 'counter', unit: '', help: '' }]);
    cache.remember('a', [gauge('up', 'second')]);
    expect(cache.lookup('a')('up')?.help).toBe('second');
    expect(cache.lookup('b')('up')?.type).toBe('counter');
    expect(cache.lookup('c')('up')).toBeUndefined();
  });

  it('sees what is remembered after the lookup was taken', () => {
    const cache = new FamilyMetadataCache();
    cache.remember('a', [gauge('up')]);
    const lookup = cache.lookup('a');
    cache.remember('a', [gauge('load')]);
    expect(lookup('load')?.type).toBe('gauge');
  });

  it('starts a fresh table for a sender with too many families', () => {
    const cache = new FamilyMetadataCache();
    cache.remember('a', [gauge('old')]);
    cache.remember(
      'a',
      Array.from({ length: 20_000 }, (_, i) => gauge(`m${i}`)),
    );
    expect(cache.lookup('a')('old')).toBeUndefined();
    expect(cache.lookup('a')('m19999')?.type).toBe('gauge');
  });
});
