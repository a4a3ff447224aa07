import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { silentLogger } from '../../src/logger.ts';
import { backupFileLines } from '../../src/store/backup/backup-file.ts';
import { parseBackup } from '../../src/store/backup/parse-backup.ts';
import { digestDatabase } from '../../src/store/backup/write-backup.ts';
import type { Database } from '../../src/store/database.ts';
import { serveApp } from '../finance/serve-app.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { fakeIo } from '../support/fake-io.ts';
import { bearer, seedTenant, type TestTenant, testApp } from '../support/test-app.ts';

const ADMIN = 'backup-admin-token-0123456789';

describe.each(testBackends())(
  'GET /v1/backup and lastplan backup --api on %s',
  { timeout: 180_000 },
  (backend) => {
    let source: Database;
    let restored: Database & { url?: string };
    let server: Awaited<ReturnType<typeof serveApp>>;
    let app: ReturnType<typeof testApp>['app'];
    let tenantId: string;
    let neighbour: TestTenant;
    let dir: string;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'lastplan-backup-api-'));
      source = await openTestDatabase(backend);
      const seed = await seedDemo(source, {
        now: new Date('2025-02-01T00:00:00Z'),
        newId: () => crypto.randomUUID(),
        logger: silentLogger,
        adminToken: ADMIN,
      });
      tenantId = seed?.tenantId as string;
      neighbour = await seedTenant(source, 'nachbarort');
      app = testApp(source).app;
      server = await serveApp(app);
      restored = await openTestDatabase(backend, { migrated: false });
    });
    afterAll(async () => {
      await server?.close();
      for (const database of [source, restored]) await database?.close();
      await rm(dir, { recursive: true, force: true });
    });

    it("downloads the token's tenant from a running server, checks it, and restores it elsewhere identically", async () => {
      const file = join(dir, 'musterstadt.ndjson.gz');
      const io = fakeIo();
      const code = await main(['backup', '--api', server.url, '--token', ADMIN, '--out', file, '--json'], io);
      expect(io.err()).toBe('');
      expect(code).toBe(0);
      const summary = JSON.parse(io.out());
      expect(summary.scope).toEqual({ kind: 'tenant', tenantId, slug: 'musterstadt' });
      expect(summary.tables.samples.rows).toBeGreaterThan(1_000);

      const parsed = await parseBackup(backupFileLines(file));
      expect(parsed.tables.get('tenants')?.rows).toBe(1);

      const target = restored.url ? ['--database-url', restored.url] : ['--data-dir', join(dir, 'restored')];
      if (!restored.url) await restored.close();
      const restoreIo = fakeIo();
      expect(await main(['restore', file, ...target], restoreIo), restoreIo.err()).toBe(0);
      expect(restoreIo.out()).toMatch(
        /^restored tenant musterstadt from .*every table's digest matches the backup/,
      );

      const expected = await digestDatabase(source, { kind: 'tenant', tenantId, slug: 'musterstadt' });
      for (const [table, digest] of parsed.tables) expect(expected.get(table), table).toEqual(digest);
    });

    it("holds none of another tenant's rows", async () => {
      const response = await app.request('/v1/backup', { headers: bearer(neighbour.tokens.admin) });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/gzip');
      expect(response.headers.get('content-disposition')).toMatch(
        /^attachment; filename="lastplan-nachbarort-\d{8}T\d{6}Z\.ndjson\.gz"$/,
      );
      const text = new TextDecoder().decode(
        await new Response(response.body?.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer(),
      );
      expect(text).toContain(neighbour.id);
      expect(text).not.toContain(tenantId);
      const parsed = await parseBackup(
        (async function* () {
          yield* text.split('\n');
        })(),
      );
      expect(parsed.tables.get('services')?.rows).toBe(0);
      expect(parsed.tables.get('tokens')?.rows).toBe(5);
    });

    it('needs the admin scope, and the CLI says why not', async () => {
      const refused = await app.request('/v1/backup', { headers: bearer(neighbour.tokens.finance) });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const io = fakeIo();
      const code = await main(
        ['backup', '--api', server.url, '--token', neighbour.tokens.read, '--out', join(dir, 'x.gz')],
        io,
      );
      expect(code).toBe(1);
      expect(io.err()).toMatch(/^lastplan: the server answered 403: /);
      const mixed = fakeIo();
      expect(await main(['backup', '--api', server.url, '--token', ADMIN, '--tenant', 'x'], mixed)).toBe(2);
      expect(mixed.err()).toMatch(/--tenant does not go with --api/);
    });
  },
);
