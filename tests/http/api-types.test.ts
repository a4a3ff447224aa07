import { readFile } from 'node:fs/promises';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { apiTypes, apiTypesFile } from '../../scripts/gen-api-types.ts';
import type { components, operations } from '../../web/api/openapi.gen.ts';

describe('web/api/openapi.gen.ts', () => {
  it('is what the current OpenAPI document generates (else: npm run gen:api-types)', async () => {
    const committed = await readFile(apiTypesFile, 'utf8');
    expect(
      committed === (await apiTypes()),
      'web/api/openapi.gen.ts is stale: run npm run gen:api-types',
    ).toBe(true);
  });

  it('types the answers the widgets read (checked by tsc)', () => {
    type Service = components['schemas']['Service'];
    expectTypeOf<Service['key']>().toEqualTypeOf<string>();
    type Problem = operations['postPlans']['responses'][422]['content']['application/problem+json'];
    expectTypeOf<Problem['status']>().toEqualTypeOf<number>();
  });
});
