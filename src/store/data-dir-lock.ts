import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const LOCK_FILE = 'lastplan.pid';

export class DataDirBusyError extends Error {
  override readonly name = 'DataDirBusyError';
}

/**
 * Claims a PGlite data folder for this process. Two processes must never open one folder
 * (PGlite does not stop them, and both would write), so the server and the admin commands take
 * this lock first. A lock left by a process that has died is taken over.
 */
export async function lockDataDir(dataDir: string, holder: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(path, 'wx');
      await file.writeFile(`${process.pid}\n${holder}\n`);
      await file.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const [pidText = '', owner = 'another process'] = (await readFile(path, 'utf8').catch(() => '')).split(
        '\n',
      );
      const pid = Number(pidText);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new DataDirBusyError(
          `the data folder ${dataDir} is in use by ${owner} (pid ${pid}); stop it first, or use the API of the running server`,
        );
      }
      await rm(path, { force: true });
    }
  }
  throw new DataDirBusyError(`cannot lock the data folder ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Where the server that holds a PGlite folder listens for the operator's commands (`lastplan
 * backup` while it runs): a Unix socket in the folder, which only the folder's owner can reach; a
 * path too long for a socket (about 100 bytes) goes to the temporary folder under a name derived
 * from the folder's; a named pipe on Windows.
 *
 * @example controlSocketPath('./data') // '/srv/lastplan/data/lastplan.sock'
 */
export function controlSocketPath(dataDir: string): string {
  const folder = resolve(dataDir);
  const name = `lastplan-${createHash('sha256').update(folder).digest('hex').slice(0, 16)}`;
  if (process.platform === 'win32') return `\\\\.\\pipe\\${name}`;
  const inFolder = join(folder, 'lastplan.sock');
  return Buffer.byteLength(inFolder) <= 100 ? inFolder : join(tmpdir(), `${name}.sock`);
}
