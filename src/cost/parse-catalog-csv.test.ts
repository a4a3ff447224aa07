import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import { parseCatalogCsv } from './parse-catalog-csv.ts';

const HEADER =
  'provider,region,kind,name,vcpu,memory_gib,price,currency,unit,vat_basis,valid_on,source,term,included,note';
const csv = (...rows: string[]) => `${HEADER}\n${rows.join('\n')}\n`;

function problemsOf(text: string) {
  try {
    parseCatalogCsv(text);
  } catch (error) {
    if (error instanceof DomainError) return error.errors.map((e) => e.pointer);
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('parseCatalogCsv', () => {
  const text = csv(
    'rz,RZ Nord,instance,vm-4-16,4,16,0.05,EUR,hour,gross,2026-01-01,RV 2026/17,,,',
    'rz,RZ Nord,instance,vm-4-16,4,16,30,EUR,month_cap,gross,2026-01-01,RV 2026/17,,,',
    'rz,RZ Nord,commitment,vm-4-16,,,25.5,EUR,month,gross,2026-01-01,RV 2026/17,1y,,',
    'rz,RZ Nord,instance,vm-8-32,8,32,,EUR,hour,gross,2026-01-01,RV 2026/17,,,"no offer yet, ask ""Einkauf"""',
    'rz,RZ Nord,block_storage,ssd,,,0.08,EUR,gib_month,net,2026-02-01,Angebot 4711,,,',
    'rz,RZ Nord,object_storage,backup,,,5,EUR,base_month,net,2026-02-01,Angebot 4711,,500,',
    'rz,RZ Nord,object_storage,backup,,,0.01,EUR,gb_month,net,2026-02-01,Angebot 4711,,,',
    'rz,RZ Nord,egress,0-10TB,,,0,EUR,gb,net,2026-02-01,Angebot 4711,,,',
    'rz,RZ Nord,egress,10TB+,,,0.002,EUR,gb,net,2026-02-01,Angebot 4711,,,',
  );

  it('reads instances, caps, commitments, storage and tiers exactly', () => {
    const bundle = parseCatalogCsv(text);
    const [rz] = bundle.catalogs;
    expect(bundle.generated).toBe('2026-02-01');
    expect(
      rz?.instanceTypes.map((t) => [t.name, t.hourly?.amount.nanos, t.monthlyCap?.amount.nanos]),
    ).toEqual([
      ['vm-4-16', 50_000_000n, 30_000_000_000n],
      ['vm-8-32', undefined, undefined],
    ]);
    expect(rz?.instanceTypes[0]?.hourly?.basis).toBe('gross');
    expect(rz?.instanceTypes[0]?.commitments[0]?.term).toBe('1y');
    expect(rz?.missing).toContain('instance type "vm-8-32": no hourly or monthly price');
    expect(rz?.blockStorage[0]).toMatchObject({ name: 'ssd', sizeUnit: 'GiB' });
    expect(rz?.objectStorage[0]).toMatchObject({ name: 'backup', includedUnits: 500 });
    expect(rz?.egress?.tiers.map((t) => [t.fromUnits, t.toUnits, t.price.amount.nanos])).toEqual([
      [0, 10_000, 0n],
      [10_000, undefined, 2_000_000n],
    ]);
    expect(rz?.sourceKeys).toEqual(['Angebot 4711', 'RV 2026/17']);
  });

  it('accepts CRLF, a byte-order mark and a missing final newline', () => {
    const crlf = `\uFEFF${text.trimEnd().replaceAll('\n', '\r\n')}`;
    expect(parseCatalogCsv(crlf)).toEqual(parseCatalogCsv(text));
  });

  it.each([
    ['an empty file', '', [...Array(10).fill('/header'), '']],
    ['only a header', `${HEADER}\n`, ['']],
    ['an unknown column', `${HEADER},colour\n`, ['/header/15', '']],
    ['a comma decimal', csv('rz,R,instance,a,2,4,"0,05",EUR,hour,net,2026-01-01,S,,,'), ['/0/price']],
    ['a negative price', csv('rz,R,instance,a,2,4,-1,EUR,hour,net,2026-01-01,S,,,'), ['/0/price']],
    ['a bad kind', csv('rz,R,gpu,a,2,4,1,EUR,hour,net,2026-01-01,S,,,'), ['/0/kind']],
    ['a unit that does not fit', csv('rz,R,instance,a,2,4,1,EUR,gb,net,2026-01-01,S,,,'), ['/0/unit']],
    ['a German date', csv('rz,R,instance,a,2,4,1,EUR,hour,net,01.01.2026,S,,,'), ['/0/valid_on']],
    ['a VAT word', csv('rz,R,instance,a,2,4,1,EUR,hour,brutto,2026-01-01,S,,,'), ['/0/vat_basis']],
    ['no vCPU', csv('rz,R,instance,a,,4,1,EUR,hour,net,2026-01-01,S,,,'), ['/0/vcpu']],
    [
      'a term-less commitment',
      csv(
        'rz,R,instance,a,2,4,1,EUR,hour,net,2026-01-01,S,,,',
        'rz,R,commitment,a,,,1,EUR,hour,net,2026-01-01,S,,,',
      ),
      ['/1/term'],
    ],
    ['an orphan commitment', csv('rz,R,commitment,b,,,1,EUR,hour,net,2026-01-01,S,1y,,'), ['/0/name']],
    [
      'two regions',
      csv(
        'rz,R,instance,a,2,4,1,EUR,hour,net,2026-01-01,S,,,',
        'rz,Q,instance,b,2,4,1,EUR,hour,net,2026-01-01,S,,,',
      ),
      ['/1/region'],
    ],
  ])('rejects %s', (_name, input, pointers) => {
    expect(problemsOf(input)).toEqual(pointers);
  });

  it('reads any decimal price back exactly (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (nanos) => {
        const text = `${nanos / 1_000_000_000n}.${String(nanos % 1_000_000_000n).padStart(9, '0')}`;
        const bundle = parseCatalogCsv(csv(`rz,R,instance,a,2,4,${text},EUR,hour,net,2026-01-01,S,,,`));
        return bundle.catalogs[0]?.instanceTypes[0]?.hourly?.amount.nanos === nanos;
      }),
    );
  });
});
