import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { assembleWebFiles, readWebAssets, writeWebAssets } from '../../src/web-assets.ts';

describe('web assets built once (npm run build) and read at start', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('serve the same bytes, ETags and compressed forms as a build in memory, with nothing compiled at start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lastplan-web-'));
    dirs.push(dir);
    const inputs = await writeWebAssets(dir);
    expect(inputs).toContain('web/index.ts');
    expect(inputs).toContain('web/public/index.html');
    const { files } = await assembleWebFiles();
    const assets = await readWebAssets(dir);
    for (const [path, built] of files) {
      const read = await assets.read(path);
      expect(read?.contentType, path).toBe(built.contentType);
      expect(read?.etag, path).toBe(built.etag);
      expect(Buffer.from(read?.body ?? []).equals(Buffer.from(built.body)), path).toBe(true);
      if (read?.gzip) expect(gunzipSync(read.gzip).equals(Buffer.from(built.body)), path).toBe(true);
    }
    const widgets = await assets.read('/widgets.js');
    expect(widgets?.br).toBeDefined();
    // Every dashboard URL answers with the app shell.
    const shell = new TextDecoder().decode(
      (await assets.read('/plans/3f2a0000-0000-4000-8000-000000000000'))?.body,
    );
    expect(shell).toContain('<script type="module" src="/dashboard.js"></script>');
    // Host pages load only the widgets: none of the dashboard's views travel with them.
    const widgetCode = new TextDecoder().decode(widgets?.body);
    expect(widgetCode).toContain('lastplan-forecast');
    expect(widgetCode).not.toContain('lastplan-view-service');
    expect(new TextDecoder().decode((await assets.read('/dashboard.js'))?.body)).toContain(
      'lastplan-view-service',
    );
    expect(await assets.read('/nope.js')).toBeUndefined();
  });
});
