import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import type { Database } from '../database.ts';
import { BackupError, type BackupHeader, type BackupScope } from './backup-format.ts';
import { type BackupSummary, writeBackup } from './write-backup.ts';

/**
 * Writes a gzip-compressed backup to `path`. It is written under a temporary name and renamed
 * when complete, so a file with the final name is never a half backup.
 */
export async function writeBackupFile(
  database: Database,
  scope: BackupScope,
  path: string,
): Promise<BackupSummary> {
  const partial = `${path}.partial`;
  const gzip = createGzip({ level: 6 });
  const file = createWriteStream(partial);
  const piped = new Promise<void>((resolve, reject) => {
    gzip.pipe(file);
    file.on('finish', resolve);
    file.on('error', reject);
    gzip.on('error', reject);
  });
  try {
    const summary = await writeBackup(database, scope, async (line) => {
      if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
    });
    gzip.end();
    await piped;
    await rename(partial, path);
    return summary;
  } catch (error) {
    gzip.destroy();
    file.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}

/** The lines of a backup file; damage in the compressed stream becomes a `BackupError`. */
export async function* backupFileLines(path: string): AsyncGenerator<string> {
  const source = createReadStream(path);
  const gunzip = createGunzip();
  const lines = createInterface({ input: source.pipe(gunzip), crlfDelay: Number.POSITIVE_INFINITY });
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    lines.close();
  };
  source.on('error', fail);
  gunzip.on('error', fail);
  try {
    for await (const line of lines) {
      if (failure) break;
      yield line;
    }
  } catch (error) {
    failure ??= error as Error;
  } finally {
    source.destroy();
    gunzip.destroy();
  }
  if (failure) {
    const code = (failure as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new BackupError(`no backup at ${path}`);
    throw new BackupError(
      `${path} is not a readable gzip backup (${failure.message}): it is damaged or truncated`,
    );
  }
}

/** Reads only the header line, to migrate a restore target to the backup's schema first. */
export async function readBackupHeader(path: string): Promise<BackupHeader> {
  for await (const line of backupFileLines(path)) {
    try {
      const header = JSON.parse(line) as BackupHeader;
      if (header.lastplan === 'backup') return header;
    } catch {
      // reported below
    }
    break;
  }
  throw new BackupError(`${path} is not a lastplan backup`);
}
