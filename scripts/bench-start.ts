// `npm run bench:start`: how long `npx lastplan` takes to be useful, in fresh processes, as an
// operator meets it: the server from the start command to its first answer (a first start on an
// empty data folder, which creates the database and the demo, then a second start on it), and
// the wall time of short CLI commands. Prints the load average beside the figures; timings on a
// busy machine are rough.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin/lastplan.js');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts `lastplan serve` and returns the milliseconds until GET /healthz and GET / both answer 200. */
async function timeToFirstAnswer(dataDir: string): Promise<{ healthz: number; dashboard: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [bin, 'serve'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), LASTPLAN_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  try {
    let healthz = 0;
    for (;;) {
      if (performance.now() - started > 120_000) throw new Error('the server did not answer within 120 s');
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) {
        healthz = performance.now() - started;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const page = await fetch(`http://127.0.0.1:${port}/`);
    if (!page.ok) throw new Error(`GET / answered ${page.status}`);
    return { healthz, dashboard: performance.now() - started };
  } finally {
    child.kill('SIGINT');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

async function wallTime(args: string[], input?: string): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['pipe', 'ignore', 'ignore'] });
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`lastplan ${args.join(' ')} exited ${code}`)),
    );
    child.stdin.end(input ?? '');
  });
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const HOUR = 3_600_000;
const start = Date.parse('2026-10-01T00:00:00Z');
const series = JSON.stringify({
  timestamps: Array.from({ length: 24 * 28 }, (_, i) => new Date(start + i * HOUR).toISOString()),
  values: Array.from({ length: 24 * 28 }, (_, i) => 100 + 40 * Math.sin((2 * Math.PI * i) / 24)),
  horizon: 24,
  levels: [80, 95],
});

const dir = await mkdtemp(join(tmpdir(), 'lastplan-bench-start-'));
try {
  const rows: [string, string][] = [];
  const first = await timeToFirstAnswer(join(dir, 'data'));
  rows.push([
    'serve, first start (empty folder: database, migrations, demo)',
    `${Math.round(first.healthz)} ms to /healthz, ${Math.round(first.dashboard)} ms to /`,
  ]);
  const again: number[] = [];
  for (let i = 0; i < 3; i++) again.push((await timeToFirstAnswer(join(dir, 'data'))).healthz);
  rows.push(['serve, later start (median of 3)', `${Math.round(median(again))} ms to /healthz`]);
  const version: number[] = [];
  const forecast: number[] = [];
  for (let i = 0; i < 5; i++) {
    version.push(await wallTime(['--version']));
    forecast.push(await wallTime(['forecast', '--stdin-json'], series));
  }
  rows.push(['lastplan --version (median of 5)', `${Math.round(median(version))} ms wall`]);
  rows.push([
    'lastplan forecast --stdin-json, 4 weeks hourly (median of 5)',
    `${Math.round(median(forecast))} ms wall`,
  ]);
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
