import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { main } from '../../src/cli/main.ts';
import type { Database } from '../../src/store/database.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { fakeIo } from '../support/fake-io.ts';

async function run(...args: string[]) {
  const io = fakeIo();
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('lastplan --version', () => {
  it('prints the package version, plain or as JSON', async () => {
    expect(await run('--version')).toEqual({ code: 0, out: `${pkg.version}\n`, err: '' });
    expect(JSON.parse((await run('-V', '--json')).out)).toEqual({ version: pkg.version });
  });
});

describe.each(testBackends())('--json on the admin commands, on %s', (backend) => {
  let dir: string;
  let database: (Database & { url?: string }) | undefined;
  let target: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lastplan-json-'));
    if (backend === 'postgres') {
      database = await openTestDatabase('postgres');
      target = ['--database-url', database.url as string];
    } else {
      target = ['--data-dir', join(dir, 'data')];
    }
    expect((await run('migrate', ...target)).code).toBe(0);
  });
  afterAll(async () => {
    await database?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints one JSON document per command and nothing on stderr', async () => {
    const slug = `json-${backend}`;
    const tenant = await run(
      'tenants',
      'create',
      '--slug',
      slug,
      '--name',
      'J',
      '--state',
      'BY',
      '--json',
      ...target,
    );
    expect(tenant.err).toBe('');
    expect(JSON.parse(tenant.out)).toMatchObject({ slug, federalState: 'BY' });

    const listed = JSON.parse((await run('tenants', 'list', '--json', ...target)).out) as {
      items: { slug: string }[];
    };
    expect(listed.items.map((t) => t.slug)).toContain(slug);

    const created = await run('tokens', 'create', '--tenant', slug, '--scopes', 'read', '--json', ...target);
    expect(created).toMatchObject({ code: 0, err: '' });
    const token = JSON.parse(created.out) as {
      id: string;
      secret: string;
      scopes: string[];
      expiresAt: null;
    };
    expect(token).toMatchObject({ tenant: slug, scopes: ['read'], expiresAt: null, name: 'cli' });
    expect(token.secret).toMatch(/^lp_/);

    const tokens = JSON.parse((await run('tokens', 'list', '--tenant', slug, '--json', ...target)).out) as {
      items: { id: string }[];
    };
    expect(tokens.items.map((t) => t.id)).toEqual([token.id]);
    expect(JSON.stringify(tokens)).not.toContain(token.secret);

    const revoked = JSON.parse(
      (await run('tokens', 'revoke', '--tenant', slug, token.id, '--json', ...target)).out,
    );
    expect(revoked).toMatchObject({ id: token.id, name: 'cli' });
    expect(typeof revoked.revokedAt).toBe('string');
  });

  it('refuses --json where a command has no JSON form', async () => {
    const migrate = await run('migrate', '--json', ...target);
    expect(migrate.code).toBe(2);
    expect(migrate.err).toMatch(/json/);
  });
});
