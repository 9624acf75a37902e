import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The file in the data folder that names the process using it. */
export const LOCK_FILE = 'backend.lock';

/** Another live process holds the data folder: two backends on one folder corrupt each other's data. */
export class DataDirInUseError extends Error {
  readonly code = 'DATA_DIR_IN_USE';
  constructor(
    readonly pid: number,
    /** The folder as the user named it. */
    readonly folder: string,
  ) {
    super(`Another backend (pid ${pid}) is using ${folder}; stop it or set DATA_DIR.`);
    this.name = 'DataDirInUseError';
  }
}

export interface DataLock {
  release(): Promise<void>;
}

/** Folders this process holds: a lock naming this pid is live only if it is in here. */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data folder for this process: creates `backend.lock` holding this pid, exclusively.
 * A lock whose process is gone (a kill, a crash) is taken over; a live one is refused at once
 * with DataDirInUseError. `folder` is how the message names the folder.
 */
export async function lockDataDir(dataDir: string, folder: string): Promise<DataLock> {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      heldHere.add(path);
      return {
        release: async () => {
          if (!heldHere.delete(path)) return;
          const holder = await readFile(path, 'utf8').catch(() => '');
          if (Number(holder.trim()) === process.pid) await unlink(path).catch(() => undefined);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const text = await readFile(path, 'utf8').catch(() => '');
    const pid = Number(text.trim());
    const live =
      Number.isInteger(pid) && pid > 0 && (pid === process.pid ? heldHere.has(path) : isAlive(pid));
    if (live) throw new DataDirInUseError(pid, folder);
    // Stale (its process is gone, or a pid reused by this very process): remove it if unchanged, retry.
    if ((await readFile(path, 'utf8').catch(() => '')) === text) await unlink(path).catch(() => undefined);
  }
  throw new Error(`could not lock the data folder ${folder}`);
}
