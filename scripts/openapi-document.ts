import { createApp } from '../src/app.ts';
import { silentLogger } from '../src/logger.ts';
import type { Database } from '../src/store/database.ts';

const noDatabase = {} as Database;

/** The app's OpenAPI document as served; building it needs no database. */
export async function openApiDocument(version = '0.0.0'): Promise<string> {
  const app = createApp({
    database: noDatabase,
    clock: () => new Date(0),
    newId: () => '00000000-0000-4000-8000-000000000000',
    logger: silentLogger,
    maxBodyBytes: 1024,
    version,
  });
  const res = await app.request('/openapi.json');
  return res.text();
}
