import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../scripts/openapi-document.ts';
import { operationIdOf } from '../../src/http/route.ts';

describe('GET /openapi.json under Redocly’s recommended rules', () => {
  it('has no error and no warning', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: await openApiDocument(),
      absoluteRef: 'openapi.json',
      config,
    });
    const found = problems
      .map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`)
      // /healthz and /readyz take no input, so no client error (4XX) exists for them to declare.
      .filter((line) => !/operation-4xx-response #\/paths\/~1(healthz|readyz)\/get\/responses/.test(line));
    expect(found).toEqual([]);
  });

  it('lints at all: a document with a missing operationId is reported', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const broken = JSON.parse(await openApiDocument()) as {
      paths: { '/v1/services': { get: { operationId?: string } } };
    };
    delete broken.paths['/v1/services'].get.operationId;
    const problems = await lintFromString({ source: JSON.stringify(broken), absoluteRef: 'o.json', config });
    expect(problems.map((p) => p.ruleId)).toContain('operation-operationId');
  });

  it.each([
    ['get', '/v1/services/{id}', 'getServicesById'],
    ['post', '/otlp/v1/metrics', 'postOtlpV1Metrics'],
    ['delete', '/v1/exchange-rates/{base}/{quote}/{date}', 'deleteExchangeRatesByBaseByQuoteByDate'],
    ['get', '/healthz', 'getHealthz'],
  ])('names %s %s %s', (method, path, id) => {
    expect(operationIdOf(method, path)).toBe(id);
  });
});
