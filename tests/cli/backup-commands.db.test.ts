import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Database } from '../../src/store/database.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { fakeIo } from '../support/fake-io.ts';

// A fresh PGlite folder runs initdb and every migration: seconds, and more on a busy machine.
describe.each(testBackends())(
  'backup, backup verify and restore commands on %s',
  { timeout: 180_000 },
  (backend) => {
    let dir: string;
    const databases: (Database & { url?: string })[] = [];
    let source: string[];
    let fresh: string[];

    async function target(name: string): Promise<string[]> {
      if (backend === 'pglite') return ['--data-dir', join(dir, name)];
      const database = await openTestDatabase('postgres', { migrated: false });
      databases.push(database);
      return ['--database-url', database.url as string];
    }

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'lastplan-backup-cli-'));
      source = await target('source');
      fresh = await target('restored');
    });
    afterAll(async () => {
      for (const database of databases) await database.close();
      await rm(dir, { recursive: true, force: true });
    });

    async function run(...args: string[]) {
      const io = fakeIo();
      const code = await main(args, io);
      return { code, out: io.out(), err: io.err() };
    }

    it('backs up, verifies and restores a deployment, and says what it did', async () => {
      expect((await run('migrate', ...source)).code).toBe(0);
      for (const slug of ['landkreis-x', 'stadt-y']) {
        expect(
          (await run('tenants', 'create', '--slug', slug, '--name', slug, '--state', 'nw', ...source)).code,
        ).toBe(0);
      }
      expect((await run('tokens', 'create', '--tenant', 'stadt-y', '--scopes', 'read', ...source)).code).toBe(
        0,
      );

      const file = join(dir, 'deployment.ndjson.gz');
      const backup = await run('backup', '--out', file, '--json', ...source);
      expect(backup).toMatchObject({ code: 0, err: '' });
      const summary = JSON.parse(backup.out);
      expect(summary).toMatchObject({
        file,
        scope: { kind: 'deployment' },
        tables: { tenants: { rows: 2 }, tokens: { rows: 1 } },
      });

      const verified = await run('backup', 'verify', file);
      expect(verified.code).toBe(0);
      expect(verified.out).toMatch(
        new RegExp(
          `is complete: the whole deployment as of .*, \\d+ tables, ${summary.rows} rows, every digest matches`,
        ),
      );

      const restored = await run('restore', file, ...fresh);
      expect(restored).toMatchObject({ code: 0, err: '' });
      expect(restored.out).toMatch(
        new RegExp(
          `^restored the whole deployment from .*: \\d+ tables, ${summary.rows} rows, every table's digest matches the backup\n$`,
        ),
      );
      expect((await run('tenants', 'list', ...fresh)).out).toMatch(/^landkreis-x\t.*\nstadt-y\t/);
      expect((await run('tokens', 'list', '--tenant', 'stadt-y', ...fresh)).out).toMatch(
        /\tactive\tapi\tread\t/,
      );

      const again = await run('restore', file, ...fresh);
      expect(again.code).toBe(1);
      expect(again.err).toMatch(/^lastplan: the target database is not empty \(table tenants has rows\)/);
    });

    it('exports one tenant by its slug, and refuses an unknown one', async () => {
      const file = join(dir, 'tenant.ndjson.gz');
      const backup = await run('backup', '--tenant', 'stadt-y', '--out', file, ...source);
      expect(backup.code).toBe(0);
      expect(backup.out).toMatch(
        /^wrote .*tenant\.ndjson\.gz: tenant stadt-y, \d+ tables, \d+ rows\n {2}tenants +1 rows/,
      );
      const unknown = await run('backup', '--tenant', 'nirgendwo', '--out', file, ...source);
      expect(unknown).toMatchObject({
        code: 1,
        err: 'lastplan: no tenant with slug "nirgendwo" (see: lastplan tenants list)\n',
      });
    });

    it('explains a damaged or missing file in one line', async () => {
      const missing = await run('backup', 'verify', join(dir, 'nope.gz'));
      expect(missing).toMatchObject({ code: 1 });
      expect(missing.err).toMatch(/^lastplan: no backup at .*nope\.gz\n$/);
      const usage = await run('restore', ...fresh);
      expect(usage).toMatchObject({ code: 2, err: 'lastplan: which backup? usage: lastplan restore FILE\n' });
    });

    it.runIf(backend === 'pglite')(
      'refuses a PGlite folder that a running server holds, and points to the way that works',
      async () => {
        // The lock of another live process, as a running server leaves it.
        const server = spawn('sleep', ['60']);
        await writeFile(join(dir, 'source', 'lastplan.pid'), `${server.pid}\nlastplan serve\n`);
        try {
          const busy = await run('backup', '--out', join(dir, 'busy.gz'), ...source);
          expect(busy.code).toBe(1);
          expect(busy.err).toMatch(
            /in use by lastplan serve .*stop it first, or use the API of the running server/,
          );
        } finally {
          server.kill();
          await rm(join(dir, 'source', 'lastplan.pid'), { force: true });
        }
      },
    );
  },
);
