import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { jobCatalog } from '../../src/jobs/job-catalog.ts';

describe('the Worker’s Cron Triggers', () => {
  it('carry exactly the schedules of the job catalog, so every job runs on Workers too', async () => {
    const toml = await readFile(new URL('../../wrangler.toml', import.meta.url), 'utf8');
    const line = /^crons = \[(.*)\]$/m.exec(toml)?.[1] ?? '';
    const crons = [...line.matchAll(/"([^"]+)"/g)].map((match) => match[1]);
    expect(crons.sort()).toEqual([...new Set(jobCatalog.map((job) => job.cron))].sort());
  });
});
