import type { OpenAPIHono } from '@hono/zod-openapi';
import { backupBytes } from '../../store/backup/backup-bytes.ts';
import { backupStamp } from '../../store/backup/backup-format.ts';
import { getCurrentTenant } from '../../store/tenant-store.ts';
import type { AppEnv } from '../app-env.ts';
import { inTenant } from '../in-tenant.ts';
import { securedRoute } from '../route.ts';
import { errorResponses } from '../schemas.ts';

const download = securedRoute('admin', {
  method: 'get',
  path: '/v1/backup',
  tags: ['tenancy'],
  summary: "A backup of the caller's tenant (gzip, for `lastplan restore`)",
  description:
    'Every row of the tenant from one read-only snapshot, each table with its row count and SHA-256 digest ' +
    '(the format `lastplan backup --tenant` writes). This is how a running server on PGlite is backed up, ' +
    'and how a municipality moves to another deployment: `lastplan restore FILE` there.',
  responses: {
    200: {
      description: 'The backup',
      content: { 'application/gzip': { schema: { type: 'string', format: 'binary' } } },
    },
    ...errorResponses,
  },
});

/** `GET /v1/backup` (admin): the tenant's backup, read first and then sent. */
export function registerBackupRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(download, async (c) => {
    const tenant = await inTenant(c, (tx) => getCurrentTenant(tx));
    const { summary, chunks } = await backupBytes(c.get('deps').database, {
      kind: 'tenant',
      tenantId: tenant.id,
      slug: tenant.slug,
    });
    return new Response(new Blob(chunks as Uint8Array<ArrayBuffer>[]), {
      status: 200,
      headers: {
        'content-type': 'application/gzip',
        'content-disposition': `attachment; filename="lastplan-${tenant.slug}-${backupStamp(summary.header.createdAt)}.ndjson.gz"`,
        'cache-control': 'no-store',
        'x-lastplan-backup-rows': String(summary.rows),
      },
    });
  });
}
