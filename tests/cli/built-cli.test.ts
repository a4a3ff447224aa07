import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtCli } from '../../bin/built-cli.js';
import { forecastJson } from '../../src/forecast/forecast-json.ts';
import { projectRoot } from '../support/spawn-server.ts';

describe('builtCli', () => {
  let root: string;
  const url = (): URL => pathToFileURL(`${root}/`);
  const startedAt = Date.UTC(2026, 0, 1);

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'lastplan-built-'));
    await mkdir(join(root, 'dist/cli'), { recursive: true });
    await mkdir(join(root, 'src'));
    await writeFile(join(root, 'src/a.ts'), 'export const a = 1;\n');
    await utimes(join(root, 'src/a.ts'), new Date(startedAt - 1000), new Date(startedAt - 1000));
    await writeFile(join(root, 'dist/cli/main.js'), 'export const main = () => 0;\n');
    await writeFile(join(root, 'dist/cli/inputs.json'), JSON.stringify({ startedAt, inputs: ['src/a.ts'] }));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('uses the bundle while no source changed since the build started', () => {
    expect(builtCli(url())?.href).toBe(pathToFileURL(join(root, 'dist/cli/main.js')).href);
  });

  it('ignores a bundle whose source changed after the build started', async () => {
    await utimes(join(root, 'src/a.ts'), new Date(startedAt + 1), new Date(startedAt + 1));
    expect(builtCli(url())).toBeUndefined();
  });

  it('ignores a bundle whose source is gone, or that has no list of inputs', async () => {
    await rm(join(root, 'src/a.ts'));
    expect(builtCli(url())).toBeUndefined();
    await rm(join(root, 'dist/cli/inputs.json'));
    expect(builtCli(url())).toBeUndefined();
  });

  it('finds nothing in a fresh clone', async () => {
    await rm(join(root, 'dist'), { recursive: true });
    expect(builtCli(url())).toBeUndefined();
  });
});

describe('bin/lastplan.js forecast --stdin-json', () => {
  it('prints what the forecaster computes in-process, whether it runs the bundle or the sources', async () => {
    // Three weeks across the change to summer time in Berlin: the command reads the zone's offsets
    // from Date (TZ set to the zone), the process here from Intl.
    const input = {
      timestamps: Array.from({ length: 24 * 21 }, (_, i) =>
        new Date(Date.UTC(2026, 2, 16) + i * 3_600_000).toISOString(),
      ),
      values: Array.from({ length: 24 * 21 }, (_, i) => 10 + 5 * Math.sin((2 * Math.PI * i) / 24) + (i % 7)),
      horizon: 48,
      levels: [80, 95],
    };
    const child = promisify(execFile)('node', ['bin/lastplan.js', 'forecast', '--stdin-json'], {
      cwd: projectRoot,
    });
    child.child.stdin?.end(JSON.stringify(input));
    const { stdout } = await child;
    const { elapsed_ms: elapsed, ...printed } = JSON.parse(stdout);
    const { elapsed_ms: _, ...expected } = forecastJson(input);
    expect(printed).toEqual(expected);
    expect(elapsed).toBeGreaterThan(0);
  });
});
