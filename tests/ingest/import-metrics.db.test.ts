import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.ts';
import { main } from '../../src/cli/main.ts';
import { readService, type ServerDatabase, serverDatabase } from './ingest-server.ts';

function fakeIo(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    stdin: async () => '',
    env: { LASTPLAN_NO_PROGRESS: '1', ...env },
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

describe('lastplan import metrics against a running server', () => {
  let db: ServerDatabase;
  let url: string;
  let stop: () => Promise<unknown>;
  let dir: string;
  const t0 = Date.now() - 5 * 3_600_000;

  beforeAll(async () => {
    db = await serverDatabase('pglite');
    const started = await db.start();
    url = started.url;
    stop = () => started.server.stop();
    dir = await mkdtemp(join(tmpdir(), 'lastplan-import-'));
  }, 120_000);
  afterAll(async () => {
    await stop?.();
    await db?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it.each([false, true])(
    'streams a file (gzip %s), prints a summary and lists the bad line',
    async (gzip) => {
      const rows = ['service,metric,unit,timestamp,value,labels'];
      for (let i = 0; i < 2000; i++)
        rows.push(`import-${gzip},cpu_cores,cores,${new Date(t0 + i * 1000).toISOString()},${i % 7},pod=a`);
      rows.push(`import-${gzip},cpu_cores,cores,gestern,1,pod=a`);
      const file = join(dir, `samples-${gzip}.csv`);
      await writeFile(file, `${rows.join('\n')}\n`);
      const { io, out } = fakeIo({ LASTPLAN_API: url, LASTPLAN_TOKEN: db.token });
      const code = await main(['import', 'metrics', file, ...(gzip ? ['--gzip'] : [])], io);
      expect(out()).toMatch(/2000 samples stored .*2000 new, 0 updated, 0 unchanged; 1 rejected/);
      expect(out()).toMatch(/rejected line 2002: .*gestern/);
      expect(code).toBe(1);
      const stored = await readService(
        url,
        db.token,
        `import-${gzip}`,
        new Date(t0).toISOString(),
        new Date().toISOString(),
      );
      expect(stored[0]?.points).toHaveLength(2000);
    },
  );

  it('prints plain progress lines when stderr is not a terminal', async () => {
    const file = join(dir, 'small.csv');
    await writeFile(
      file,
      `service,metric,unit,timestamp,value\nklein,cpu_cores,cores,${new Date(t0).toISOString()},1\n`,
    );
    const { io, err } = fakeIo();
    const code = await main(['import', 'metrics', file, '--api', url, '--token', db.token], {
      ...io,
      env: {},
    });
    expect(code).toBe(0);
    expect(err()).toMatch(/^sent 100% of 0\.0 MB\n$/);
  });

  it.each([
    [
      'a missing file',
      ['nope.csv', '--api', 'http://127.0.0.1:39871', '--token', 'x'],
      /no such file: nope\.csv/,
    ],
    [
      'a server that is down',
      ['FILE', '--api', 'http://127.0.0.1:39871', '--token', 'x'],
      /cannot reach http:\/\/127\.0\.0\.1:39871: ECONNREFUSED/,
    ],
    [
      'a wrong token',
      ['FILE', '--token', 'lp_wrong_wrong_wrong_wrong_wrong'],
      /the server answered 401: .*\(check --token/,
    ],
    ['no server address', ['FILE', '--token', 'x'], /pass --api URL or set LASTPLAN_API/],
  ])('fails with one clear line for %s', async (_, args, message) => {
    const file = join(dir, 'one.csv');
    await writeFile(
      file,
      `service,metric,unit,timestamp,value\neins,cpu_cores,cores,${new Date(t0).toISOString()},1\n`,
    );
    const { io, err } = fakeIo();
    const withApi =
      args.includes('--api') || args.includes('--token') === false || _ === 'no server address'
        ? []
        : ['--api', url];
    const code = await main(
      ['import', 'metrics', ...args.map((a) => (a === 'FILE' ? file : a)), ...withApi],
      io,
    );
    expect(code).not.toBe(0);
    expect(err().trim().split('\n')).toHaveLength(1);
    expect(err()).toMatch(message);
  });
});
