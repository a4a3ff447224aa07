import { chmod, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from '../logger.ts';
import { backupBytes } from '../store/backup/backup-bytes.ts';
import { type BackupScope, backupStamp } from '../store/backup/backup-format.ts';
import { controlSocketPath } from '../store/data-dir-lock.ts';
import type { Database } from '../store/database.ts';
import { findTenantBySlug } from '../store/tenant-store.ts';

/**
 * The operator's way into a server that holds a PGlite folder, which no other process may open:
 * `GET /backup` (the whole deployment) and `GET /backup?tenant=SLUG` on the folder's control socket
 * (`controlSocketPath`), answered with the backup file, read from one snapshot while the server
 * goes on serving. Only the folder's owner can connect (the socket is 0600 in the folder), as only
 * the owner could read the folder itself; nothing is reachable over the network.
 *
 * @example const close = await openControlSocket(database, './data', logger);
 */
export async function openControlSocket(
  database: Database,
  dataDir: string,
  logger: Logger,
): Promise<() => Promise<void>> {
  const path = controlSocketPath(dataDir);
  // This process holds the folder's lock: a socket left there is a dead server's.
  if (process.platform !== 'win32') await rm(path, { force: true });
  const server = createServer((req, res) => {
    answer(database, req, res).catch((error: unknown) => {
      logger.error('control socket request failed', { error: (error as Error).message });
      if (!res.headersSent) reply(res, 500, `the backup failed: ${(error as Error).message}`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  if (process.platform !== 'win32') await chmod(path, 0o600);
  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (process.platform !== 'win32') await rm(path, { force: true });
  };
}

async function answer(database: Database, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://control');
  if (url.pathname !== '/backup') return reply(res, 404, `no command ${url.pathname}; there is /backup`);
  if (req.method !== 'GET') return reply(res, 405, 'GET /backup only');
  const slug = url.searchParams.get('tenant');
  let scope: BackupScope = { kind: 'deployment' };
  if (slug) {
    const tenant = await findTenantBySlug(database, slug);
    if (!tenant) return reply(res, 404, `no tenant with slug "${slug}" (see: lastplan tenants list)`);
    scope = { kind: 'tenant', tenantId: tenant.id, slug: tenant.slug };
  }
  const { summary, chunks } = await backupBytes(database, scope);
  res.writeHead(200, {
    'content-type': 'application/gzip',
    'content-disposition': `attachment; filename="lastplan-backup-${backupStamp(summary.header.createdAt)}.ndjson.gz"`,
    'x-lastplan-backup-rows': String(summary.rows),
  });
  for (const chunk of chunks) res.write(chunk);
  res.end();
}

function reply(res: ServerResponse, status: number, detail: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status, detail }));
}
