import { describe, expect, it } from 'vitest';
import { loadFixtureCatalog } from '../cost/test-catalog.ts';
import { toJson } from '../plan/plan-json.ts';
import { catalogDocuments, priceCount, readCatalogDocument } from './catalog-documents.ts';
import { builtinRows } from './ensure-builtin-catalogs.ts';

const csv = [
  'provider,region,kind,name,vcpu,memory_gib,price,currency,unit,vat_basis,valid_on,source',
  'rz-a,RZ A,instance,vm-2-8,2,8,0.03,EUR,hour,gross,2026-06-01,Angebot 1',
  'rz-b,RZ B,instance,vm-4-16,4,16,0.05,EUR,hour,net,2026-03-01,Angebot 2',
  'rz-b,RZ B,block_storage,ssd,,,0.08,EUR,gib_month,net,2026-02-01,Angebot 2',
].join('\n');

describe('catalogDocuments', () => {
  it('splits the shared catalog into one document per provider that reads back to the same catalog', async () => {
    const { catalogs } = await builtinRows();
    const bundle = loadFixtureCatalog();
    expect(catalogs.map((c) => c.provider)).toEqual(bundle.catalogs.map((c) => c.provider));
    for (const row of catalogs) {
      const read = readCatalogDocument({ ...row, sha256: `${row.sha256}-fresh` });
      expect(toJson(read)).toEqual(toJson(bundle.catalogs.find((c) => c.provider === row.provider)));
      expect(row.id).toBe(`builtin:${row.provider}:2026-11-23`);
    }
  });

  it('keeps a CSV whole and picks each provider when reading back', async () => {
    const { documents } = await catalogDocuments('csv', csv);
    expect(documents.map((d) => [d.catalog.provider, d.priceCount, d.validOn])).toEqual([
      ['rz-a', 1, '2026-06-01'],
      ['rz-b', 2, '2026-02-01'],
    ]);
    const b = documents[1]!;
    expect(readCatalogDocument({ ...b, provider: 'rz-b' }).instanceTypes[0]?.name).toBe('vm-4-16');
    expect(new Set(documents.map((d) => d.sha256)).size).toBe(2);
  });

  it.each([
    ['json', {}, '/sources'],
    ['json', { generated: '2026-01-01', sources: {}, providers: [] }, '/providers'],
    ['csv', '', '/header'],
    ['csv', 'provider,region\n', '/header'],
  ] as const)('answers %s %j with a validation error at %s', async (format, body, pointer) => {
    await expect(catalogDocuments(format, body)).rejects.toMatchObject({
      kind: 'validation',
      errors: expect.arrayContaining([expect.objectContaining({ pointer })]),
    });
  });

  it('counts every published figure', () => {
    const hetzner = loadFixtureCatalog().catalogs.find((c) => c.provider === 'hetzner')!;
    expect(priceCount(hetzner)).toBeGreaterThan(hetzner.instanceTypes.length);
  });
});
