import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Database } from '../../src/store/database.ts';
import { openPglite } from '../../src/store/open-pglite.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { fakeIo } from '../support/fake-io.ts';

describe.each(testBackends())('admin commands on %s', (backend) => {
  let dir: string;
  let database: (Database & { url?: string }) | undefined;
  let target: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lastplan-cli-'));
    if (backend === 'postgres') {
      database = await openTestDatabase('postgres');
      target = ['--database-url', database.url as string];
    } else {
      target = ['--data-dir', join(dir, 'data')];
    }
  });
  afterAll(async () => {
    await database?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function run(...args: string[]) {
    const io = fakeIo();
    const code = await main([...args, ...target], io);
    return { code, out: io.out(), err: io.err() };
  }

  it('migrates, then reports nothing pending', async () => {
    const first = await run('migrate');
    expect(first.code).toBe(0);
    expect((await run('migrate', '--status')).out).toBe('up to date\n');
  });

  it('creates and lists tenants', async () => {
    const created = await run(
      'tenants',
      'create',
      '--slug',
      'landkreis-x',
      '--name',
      'Landkreis X',
      '--state',
      'nw',
    );
    expect(created).toMatchObject({ code: 0, err: '' });
    expect(created.out).toMatch(/^created tenant landkreis-x \([0-9a-f-]{36}\)\n$/);
    const list = await run('tenants', 'list');
    expect(list.out).toMatch(/^landkreis-x\tNW\tEurope\/Berlin\tLandkreis X\t/m);
  });

  it('creates a token, prints its secret once on stdout, lists and revokes it', async () => {
    const created = await run(
      'tokens',
      'create',
      '--tenant',
      'landkreis-x',
      '--scopes',
      'read,ingest',
      '--expires',
      '90d',
      '--name',
      'prometheus',
    );
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/^lp_[A-Za-z0-9_-]{43}\n$/);
    expect(created.err).toMatch(/scopes read,ingest, expires \d{4}-/);
    const id = /created token ([0-9a-f-]{36})/.exec(created.err)?.[1] as string;
    const list = await run('tokens', 'list', '--tenant', 'landkreis-x');
    expect(list.out).toContain(`${id}\tactive\tapi\tread,ingest\t`);
    expect(list.out).not.toContain(created.out.trim());
    expect((await run('tokens', 'revoke', '--tenant', 'landkreis-x', id)).code).toBe(0);
    expect((await run('tokens', 'list', '--tenant', 'landkreis-x')).out).toContain(`${id}\trevoked`);
    // The operator's changes are in the tenant's audit trail, as the API's are.
    const db = database ?? (await openPglite({ dataDir: join(dir, 'data') }));
    try {
      const rows = await db.db
        .selectFrom('audit_events')
        .select(['action', 'actor_kind', 'actor_name', 'resource_id', 'request_id'])
        .orderBy('seq')
        .execute();
      expect(rows.map((row) => row.action)).toEqual(['tenant.create', 'token.create', 'token.revoke']);
      expect(rows[2]).toMatchObject({ actor_kind: 'operator', resource_id: id });
      expect(rows[2]?.actor_name).toMatch(/ \(lastplan CLI\)$/);
      expect(rows[2]?.request_id).toMatch(/^cli-[0-9a-f-]{36}$/);
    } finally {
      if (!database) await db.close();
    }
  });

  it.each([
    [
      ['tokens', 'create', '--tenant', 'landkreis-x', '--scopes', 'read,superuser'],
      1,
      'unknown scope "superuser"',
    ],
    [
      ['tokens', 'create', '--tenant', 'landkreis-x', '--scopes', 'read', '--expires', 'forever'],
      1,
      'must be a duration such as 90d',
    ],
    [['tokens', 'create', '--scopes', 'read'], 2, '--tenant is required'],
    [['tokens', 'create', '--tenant', 'nirgendwo', '--scopes', 'read'], 1, 'no tenant with slug "nirgendwo"'],
    [['tokens', 'revoke', '--tenant', 'landkreis-x', 'not-an-id'], 1, 'has no token not-an-id'],
    [
      ['tenants', 'create', '--slug', 'Bad Slug', '--name', 'x', '--state', 'BY'],
      1,
      'slug "Bad Slug" must be',
    ],
    [
      ['tenants', 'create', '--slug', 'ok', '--name', 'x', '--state', 'XX'],
      1,
      'federal state "XX" is not one of',
    ],
    [['tenants', 'create', '--slug', 'landkreis-x', '--name', 'x', '--state', 'BY'], 1, 'exists already'],
    [
      ['tokens', 'create', '--tenant', 'landkreis-x', '--scopes', 'read', '--bogus'],
      2,
      "Unknown option '--bogus'",
    ],
  ])('%j fails with one clear line and exit %i', async (args, code, message) => {
    const result = await run(...args);
    expect(result.code).toBe(code);
    expect(result.out).toBe('');
    expect(result.err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(result.err).toMatch(/^lastplan: /);
    expect(result.err).toContain(message);
  });
});

describe('the command line without a database', () => {
  it.each([
    ['serve'],
    ['migrate'],
    ['tenants', 'create'],
    ['tenants', 'list'],
    ['tokens', 'create'],
    ['tokens', 'list'],
    ['tokens', 'revoke'],
    ['forecast'],
  ])('%s --help prints usage and exits 0', async (...words) => {
    const io = fakeIo();
    expect(await main([...words, '--help'], io)).toBe(0);
    expect(io.out()).toMatch(/^Usage: lastplan /);
  });

  it('lists the commands with --help and refuses unknown ones', async () => {
    const help = fakeIo();
    expect(await main(['--help'], help)).toBe(0);
    expect(help.out()).toContain('tokens create');
    const unknown = fakeIo();
    expect(await main(['deploy'], unknown)).toBe(2);
    expect(unknown.err()).toBe('lastplan: unknown command "deploy"; run "lastplan --help" for the list\n');
    const partial = fakeIo();
    expect(await main(['tokens'], partial)).toBe(2);
    expect(partial.err()).toContain('needs a subcommand: create, list, revoke');
  });

  it('refuses a PGlite folder that a running server holds', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lastplan-lock-'));
    // The parent of this test process is alive: it stands in for a running server.
    await writeFile(join(dir, 'lastplan.pid'), `${process.ppid}\na lastplan server\n`);
    const io = fakeIo();
    expect(await main(['tenants', 'list', '--data-dir', dir], io)).toBe(1);
    expect(io.err()).toBe(
      `lastplan: the data folder ${dir} is in use by a lastplan server (pid ${process.ppid}); stop it first, or use the API of the running server\n`,
    );
    await rm(dir, { recursive: true, force: true });
  });

  it('takes over a lock left by a process that died', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lastplan-stale-'));
    await writeFile(join(dir, 'lastplan.pid'), '2147483646\na lastplan server\n');
    const io = fakeIo();
    expect(await main(['tenants', 'list', '--data-dir', dir], io)).toBe(0);
    expect(io.out()).toBe('no tenants\n');
    await rm(dir, { recursive: true, force: true });
  });

  it('names a bad environment variable in one line', async () => {
    const io = fakeIo({ DATABASE_URL: 'mysql://db/x' });
    expect(await main(['tenants', 'list'], io)).toBe(1);
    expect(io.err()).toBe(
      'lastplan: DATABASE_URL: must start with postgres:// or postgresql://, got mysql://\n',
    );
  });

  it('forecasts a series from standard input as JSON, and explains bad input', async () => {
    const start = Date.parse('2026-11-01T00:00:00Z');
    const input = {
      timestamps: Array.from({ length: 24 * 14 }, (_, i) => new Date(start + i * 3_600_000).toISOString()),
      values: Array.from({ length: 24 * 14 }, (_, i) => 10 + 5 * Math.sin((i / 24) * 2 * Math.PI)),
      horizon: 24,
      levels: [80, 95],
    };
    const io = fakeIo({}, JSON.stringify(input));
    expect(await main(['forecast', '--stdin-json'], io)).toBe(0);
    const result = JSON.parse(io.out());
    for (const key of ['mean', 'lower80', 'upper80', 'lower95', 'upper95'])
      expect(result[key]).toHaveLength(24);
    expect(typeof result.elapsed_ms).toBe('number');
    const bad = fakeIo({}, '{"timestamps":[');
    expect(await main(['forecast', '--stdin-json'], bad)).toBe(1);
    expect(bad.err()).toMatch(/^lastplan: standard input is not valid JSON/);
  });
});
