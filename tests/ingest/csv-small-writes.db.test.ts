/**
 * One `POST /v1/metrics` CSV body sent to a running server process in writes of 1 to 7 bytes,
 * each flushed on its own TCP segment: quotes, doubled quotes, CRLF, the BOM and multi-byte
 * characters are torn apart on the wire, and every row must still be stored.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitAt } from '../../src/ingest/chunk-splits.ts';
import { testBackends } from '../support/databases.ts';
import type { Spawned } from '../support/spawn-server.ts';
import { readService, type ServerDatabase, serverDatabase } from './ingest-server.ts';

const ROWS = 60;
const iso = (ms: number) => new Date(ms).toISOString();

/** Rows of two services, one always quoted, with labels that need quotes and carry umlauts. */
function body(t0: number): string {
  const lines = ['\uFEFFservice,metric,unit,timestamp,value,labels'];
  for (let i = 0; i < ROWS; i++) {
    const ts = iso(t0 + i * 60_000);
    lines.push(
      i % 2 === 0
        ? `"kfz-zulassung",requests_per_second,1/s,${ts},${i}.5,"{""amt"":""Zulassungsstelle Süd"",""zone"":""a,b""}"`
        : `"buergerbuero-mitte","cpu_cores",cores,"${ts}",${i},standort=Rathaus Straße ${i % 3}`,
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** One write per line: the split the old reader lost a row at, a record boundary at a chunk edge. */
function lineByLine(text: string): Uint8Array[] {
  return text.split(/(?<=\r\n)/).map((line) => new TextEncoder().encode(line));
}

/**
 * Cuts the body into writes of 1 to 7 bytes, each line on writes of its own (a record boundary
 * at the edge of a chunk is where the old reader lost rows), the sizes shifting from line to line.
 */
function pieces(text: string): Uint8Array[] {
  const lines = text.split(/(?<=\r\n)/);
  return lines.flatMap((line, index) =>
    splitAt(
      new TextEncoder().encode(line),
      Array.from({ length: 7 }, (_, k) => 1 + ((index + k * 3) % 7)),
    ),
  );
}

/** Posts the pieces one write each, waiting for each to leave and a moment more, so the server reads them apart. */
function postInPieces(
  url: string,
  token: string,
  writes: Uint8Array[],
  pauseMs: number,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/v1/metrics`,
      { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.on('socket', (socket) => socket.setNoDelay(true));
    void (async () => {
      for (const piece of writes) {
        await new Promise<void>((done, fail) => req.write(piece, (error) => (error ? fail(error) : done())));
        await new Promise((r) => setTimeout(r, pauseMs));
      }
      req.end();
    })().catch(reject);
  });
}

describe.each(testBackends())('a CSV body in many small writes to a server on %s', (backend) => {
  let db: ServerDatabase;
  let server: Spawned;
  let url: string;

  beforeAll(async () => {
    db = await serverDatabase(backend);
    ({ url, server } = await db.start());
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  it.each([
    ['writes of 1 to 7 bytes', Date.UTC(2026, 10, 22), (text: string) => pieces(text), 1],
    ['one write per line', Date.UTC(2026, 10, 23), (text: string) => lineByLine(text), 10],
  ] as const)(
    'stores every row sent in %s',
    async (_name, t0, cut, pauseMs) => {
      const res = await postInPieces(url, db.token, cut(body(t0)), pauseMs);
      expect(res.status, res.body).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ accepted: ROWS, rejected: [] });

      const from = iso(t0 - 60_000);
      const to = iso(t0 + ROWS * 60_000);
      const kfz = await readService(url, db.token, 'kfz-zulassung', from, to);
      expect(kfz).toHaveLength(1);
      expect(kfz[0]?.labels).toEqual({ amt: 'Zulassungsstelle Süd', zone: 'a,b' });
      expect(kfz[0]?.points.map((p) => p.value)).toEqual(
        Array.from({ length: ROWS / 2 }, (_, k) => 2 * k + 0.5),
      );
      const office = await readService(url, db.token, 'buergerbuero-mitte', from, to);
      expect(office.map((s) => s.labels.standort).sort()).toEqual([
        'Rathaus Straße 0',
        'Rathaus Straße 1',
        'Rathaus Straße 2',
      ]);
      expect(office.reduce((n, s) => n + s.points.length, 0)).toBe(ROWS / 2);
    },
    120_000,
  );
});
