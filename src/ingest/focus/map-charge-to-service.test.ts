import { describe, expect, it } from 'vitest';
import { type ChargeIdentity, mapChargeToService, type ServiceRule } from './map-charge-to-service.ts';

const rules: ServiceRule[] = [
  { serviceId: 'wahl-test', tag: { key: 'service', value: 'wahlschein' } },
  { serviceId: 'kfz', resourceId: 'arn:aws:ec2:*:instance/i-kfz-??' },
  { serviceId: 'portal', tag: { key: 'portal' } },
  { serviceId: 'ratsinfo', subAccountId: 'ocid1.compartment.oc1..aaaatest' },
  { serviceId: 'wahl-any', tag: { key: 'service', value: 'wahl*' } },
];

const charge = (changes: Partial<ChargeIdentity>): ChargeIdentity => ({
  tags: {},
  resourceId: null,
  subAccountId: null,
  ...changes,
});

describe('mapChargeToService', () => {
  it.each([
    ['exact tag value', charge({ tags: { service: 'wahlschein' } }), 'wahl-test'],
    ['tag value glob, after the exact rule', charge({ tags: { service: 'wahlamt' } }), 'wahl-any'],
    ['tag key only, any value', charge({ tags: { portal: '' } }), 'portal'],
    ['resource id glob', charge({ resourceId: 'arn:aws:ec2:eu-central-1:1:instance/i-kfz-01' }), 'kfz'],
    [
      '? is one character',
      charge({ resourceId: 'arn:aws:ec2:eu-central-1:1:instance/i-kfz-001' }),
      undefined,
    ],
    ['sub-account', charge({ subAccountId: 'ocid1.compartment.oc1..aaaatest' }), 'ratsinfo'],
    ['nothing matches', charge({ tags: { env: 'prod' } }), undefined],
    ['regex characters in data are literal', charge({ tags: { service: 'wahl(.*)' } }), 'wahl-any'],
    ['an inherited property is not a tag', charge({ tags: {} }), undefined],
  ])('%s', (_name, input, expected) => {
    expect(mapChargeToService(input, rules)).toBe(expected);
  });

  it('returns undefined without rules', () => {
    expect(mapChargeToService(charge({ tags: { service: 'x' } }), [])).toBeUndefined();
  });

  it('treats regex characters in patterns literally', () => {
    const dotted: ServiceRule[] = [{ serviceId: 's', resourceId: 'a.b' }];
    expect(mapChargeToService(charge({ resourceId: 'a.b' }), dotted)).toBe('s');
    expect(mapChargeToService(charge({ resourceId: 'axb' }), dotted)).toBeUndefined();
  });
});
