import type { AppDeps } from '../deps.ts';
import { DomainError } from '../domain/errors.ts';
import type { TenantWork } from '../tenancy-service/tenant-work.ts';
import {
  type ImportResult,
  loadImportContext,
  type ParseOptions,
  parseCostFile,
  writeCostImports,
} from './import-costs.ts';

/**
 * Cost files are streamed past the app's generic body limit (a 100,000-row FOCUS export is about
 * 70 MB); this one bounds what an import may hold in memory, about 350,000 FOCUS rows.
 */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

/** Passes the body through, failing with 413 once it grows past `limit` bytes. */
function limited(body: ReadableStream<Uint8Array>, limit: number): ReadableStream<Uint8Array> {
  let bytes = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        if (bytes > limit) {
          throw new DomainError(
            'payload-too-large',
            `a cost file may have at most ${limit} bytes; split it by billing period`,
          );
        }
        controller.enqueue(chunk);
      },
    }),
  );
}

/**
 * Imports a streamed FOCUS or plain cost CSV: reads the tenant's rules, services and rates in a
 * transaction of its own (`readAlone`), parses the upload holding no connection, and writes each
 * billing period whole or not at all in the request's transaction (`write`).
 */
export async function importCostFile(
  tenant: { readonly readAlone: TenantWork; readonly write: TenantWork },
  body: ReadableStream<Uint8Array>,
  options: ParseOptions,
  deps: Pick<AppDeps, 'fxMaxAgeDays' | 'newId' | 'clock'>,
): Promise<ImportResult> {
  const context = await tenant.readAlone((tx) => loadImportContext(tx, { fxMaxAgeDays: deps.fxMaxAgeDays }));
  const parsed = await parseCostFile(context, limited(body, MAX_IMPORT_BYTES), options);
  return tenant.write((tx, tenantId) =>
    writeCostImports(tx, tenantId, parsed, context.currency, deps.newId, deps.clock()),
  );
}
