/**
 * Every receiver while its database is really gone: PGlite closed, or PostgreSQL cut off the
 * network (a TCP forwarder closed) with its server-side connections terminated. Senders must get
 * a 503 with Retry-After (OTLP: a google.rpc.Status UNAVAILABLE), which Prometheus and OTLP
 * exporters retry, never a 500 that an OTLP exporter drops; once the database is back, the same
 * bodies are stored and nothing stored before is lost.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSamples, type IngestFormat, ingestFormats } from '../../src/ingest/encode-samples.ts';
import { ProtoReader } from '../../src/ingest/protobuf-reader.ts';
import { sharedGoodSamples } from '../../src/ingest/shared-samples.ts';
import { createLogger } from '../../src/logger.ts';
import type { Database } from '../../src/store/database.ts';
import { testBackends } from '../support/databases.ts';
import { type Outage, outageOn } from '../support/outage.ts';
import { receiverPaths } from '../support/receiver-paths.ts';
import { bearer, seedTenant, type TestTenant, testApp, testNow } from '../support/test-app.ts';

const good = sharedGoodSamples(testNow.getTime() - 2 * 3_600_000);

function send(app: ReturnType<typeof testApp>['app'], token: string, format: IngestFormat) {
  const encoded = encodeSamples(format, good);
  return app.request(receiverPaths[format], {
    method: 'POST',
    headers: bearer(token, {
      'content-type': encoded.contentType,
      ...(encoded.contentEncoding ? { 'content-encoding': encoded.contentEncoding } : {}),
    }),
    body: encoded.body as Uint8Array<ArrayBuffer>,
  });
}

async function storedSamples(admin: Database, tenantId: string): Promise<number> {
  const result = await sql<{
    n: number;
  }>`select count(*)::int as n from samples x join series s on s.series_key = x.series_key where s.tenant_id = ${tenantId}::uuid`.execute(
    admin.db,
  );
  return result.rows[0]?.n ?? 0;
}

/** `google.rpc.Status.code` from its protobuf bytes. */
function rpcCode(bytes: Uint8Array): number {
  const r = new ProtoReader(bytes);
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 1) return r.varint();
    r.skip(wire);
  }
  return 0;
}

describe.each(testBackends())('the receivers while the database is unavailable on %s', (backend) => {
  let outage: Outage;
  const logLines: string[] = [];
  const logger = createLogger('info', (line) => logLines.push(line));
  const before: Partial<Record<IngestFormat, TestTenant>> = {};
  const during: Partial<Record<IngestFormat, TestTenant>> = {};

  beforeAll(async () => {
    outage = await outageOn(backend);
    for (const format of ingestFormats) {
      before[format] = await seedTenant(outage.admin, `before-${format}`);
      during[format] = await seedTenant(outage.admin, `during-${format}`);
    }
  }, 120_000);
  afterAll(async () => {
    await outage?.dispose();
  });

  it('answers 503 with Retry-After from every receiver, and stores the same bodies once it is back', async () => {
    const app = testApp(outage.database, { logger }).app;
    for (const format of ingestFormats) {
      const tenant = before[format] as TestTenant;
      expect((await send(app, tenant.tokens.ingest, format)).status).toBeLessThan(300);
    }
    await outage.begin();
    for (const format of ingestFormats) {
      const res = await send(app, (during[format] as TestTenant).tokens.ingest, format);
      expect(res.status, format).toBe(503);
      expect(res.headers.get('retry-after'), format).toBe('5');
      if (format === 'otlp-json') {
        expect(res.headers.get('content-type')).toBe('application/json');
        expect(await res.json()).toMatchObject({ code: 14 });
      } else if (format === 'otlp-protobuf') {
        expect(res.headers.get('content-type')).toBe('application/x-protobuf');
        expect(rpcCode(new Uint8Array(await res.arrayBuffer()))).toBe(14);
      } else {
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(await res.json()).toMatchObject({
          type: 'https://lastplan.de/problems/database-unavailable',
          status: 503,
          detail: expect.stringMatching(/retry/),
        });
      }
    }
    const warnings = logLines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'database unavailable');
    expect(warnings.length).toBeGreaterThanOrEqual(ingestFormats.length);
    expect(logLines.join('\n')).not.toMatch(/unexpected error/);

    const back = testApp(await outage.end(), { logger }).app;
    for (const format of ingestFormats) {
      const res = await send(back, (during[format] as TestTenant).tokens.ingest, format);
      expect(res.status, format).toBeLessThan(300);
    }
    for (const format of ingestFormats) {
      expect(await storedSamples(outage.admin, (before[format] as TestTenant).id), format).toBe(good.length);
      expect(await storedSamples(outage.admin, (during[format] as TestTenant).id), format).toBe(good.length);
    }
  }, 120_000);

  it('reports in the 503 what a CSV stream committed before the outage, and keeps it', async () => {
    const app = testApp(outage.database, { logger }).app;
    const tenant = await seedTenant(outage.admin, 'csv-stream');
    const rows = 60_000; // more than one committed chunk (50,000 samples)
    const from = testNow.getTime() - 20 * 3_600_000;
    const lines = (start: number, end: number) => {
      let text = start === 0 ? 'service,metric,unit,timestamp,value\n' : '';
      for (let i = start; i < end; i++)
        text += `kfz,cpu_cores,cores,${new Date(from + i * 1000).toISOString()},${i % 8}\n`;
      return new TextEncoder().encode(text);
    };
    let part = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        part++;
        if (part === 1) controller.enqueue(lines(0, 50_001));
        else if (part === 2) {
          // The first chunk is committed while the rest of the body is still on its way.
          for (let i = 0; i < 600 && (await storedSamples(outage.admin, tenant.id)) < 50_000; i++)
            await new Promise((r) => setTimeout(r, 200));
          await outage.begin();
          controller.enqueue(lines(50_001, rows));
        } else controller.close();
      },
    });
    const res = await app.request('/v1/metrics', {
      method: 'POST',
      headers: bearer(tenant.tokens.ingest, { 'content-type': 'text/csv' }),
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const problem = await res.json();
    expect(problem).toMatchObject({
      type: 'https://lastplan.de/problems/database-unavailable',
      committed: { accepted: 50_000 },
    });
    expect(problem.detail).toMatch(/50000 samples before this point were committed/);

    const back = testApp(await outage.end(), { logger }).app;
    expect(await storedSamples(outage.admin, tenant.id)).toBe(50_000);
    const retry = await back.request('/v1/metrics', {
      method: 'POST',
      headers: bearer(tenant.tokens.ingest, { 'content-type': 'text/csv' }),
      body: new Blob([lines(0, rows)]),
    });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ accepted: rows, unchanged: 50_000, inserted: rows - 50_000 });
    expect(await storedSamples(outage.admin, tenant.id)).toBe(rows);
  }, 300_000);
});
