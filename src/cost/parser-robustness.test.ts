import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import { parseCatalogCsv } from './parse-catalog-csv.ts';
import { parseCatalog } from './price-catalog.ts';
import { catalogPath } from './test-catalog.ts';

/** Bad input must end in a validation error with pointers, never in a TypeError (a 500). */
function onlyDomainErrors(run: () => unknown): boolean {
  try {
    run();
    return true;
  } catch (error) {
    return error instanceof DomainError && error.kind === 'validation' && error.errors.length > 0;
  }
}

const fixture = JSON.parse(readFileSync(catalogPath, 'utf8')) as Record<string, unknown>;

describe('catalog parsers on arbitrary input (property)', () => {
  it('parseCatalog accepts or rejects any JSON value cleanly', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => onlyDomainErrors(() => parseCatalog(value))));
  });

  it('parseCatalog rejects cleanly when any provider field is replaced by any JSON value', () => {
    const providers = fixture.providers as Record<string, unknown>[];
    fc.assert(
      fc.property(
        fc.nat(providers.length - 1),
        fc.constantFrom('id', 'region', 'compute', 'block_storage', 'object_storage', 'egress', 'caveats'),
        fc.jsonValue(),
        (index, key, value) => {
          const copy = structuredClone(fixture) as { providers: Record<string, unknown>[] };
          copy.providers[index]![key] = value;
          return onlyDomainErrors(() => parseCatalog(copy));
        },
      ),
    );
  });

  it('parseCatalog rejects cleanly when any price field of a compute entry is replaced', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('value', 'unit', 'currency', 'basis', 'sources', 'valid_on', 'confidence'),
        fc.jsonValue(),
        (key, value) => {
          const copy = structuredClone(fixture) as {
            providers: { compute: Record<string, Record<string, unknown>>[] }[];
          };
          copy.providers[6]!.compute[0]!.price_hourly![key] = value;
          return onlyDomainErrors(() => parseCatalog(copy));
        },
      ),
    );
  });

  it('parseCatalogCsv accepts or rejects any text cleanly', () => {
    const header =
      'provider,region,kind,name,vcpu,memory_gib,price,currency,unit,vat_basis,valid_on,source\n';
    fc.assert(fc.property(fc.string(), (text) => onlyDomainErrors(() => parseCatalogCsv(text))));
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { maxLength: 14 }), { maxLength: 6 }), (rows) =>
        onlyDomainErrors(() => parseCatalogCsv(header + rows.map((r) => r.join(',')).join('\n'))),
      ),
    );
  });

  it('finds the shared fixture valid', () => {
    expect(onlyDomainErrors(() => parseCatalog(fixture))).toBe(true);
  });
});
