import type { Database } from '../database.ts';
import type { BackupScope } from './backup-format.ts';
import { type BackupSummary, writeBackup } from './write-backup.ts';

/**
 * A whole backup, gzip-compressed in memory. The snapshot is read at the database's pace, not at
 * a slow client's: on PGlite the transaction holds the one connection, so it must not wait on the
 * network. Memory holds only the compressed bytes (a tenth of the rows' text, or less).
 */
export async function backupBytes(
  database: Database,
  scope: BackupScope,
): Promise<{ summary: BackupSummary; chunks: Uint8Array[] }> {
  const gzip = new CompressionStream('gzip');
  const chunks: Uint8Array[] = [];
  const drained = (async () => {
    const reader = gzip.readable.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      chunks.push(value);
    }
  })();
  const writer = gzip.writable.getWriter();
  const encoder = new TextEncoder();
  try {
    const summary = await writeBackup(database, scope, (line) => writer.write(encoder.encode(`${line}\n`)));
    await writer.close();
    await drained;
    return { summary, chunks };
  } catch (error) {
    await writer.abort(error).catch(() => {});
    throw error;
  }
}
