import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../scripts/api-client';
import { type Endpoints, projectRoot } from '../../scripts/local/backend';
import { LOCK_FILE } from '../../scripts/local/data-lock';

/**
 * `npm start` twice on one data folder: the second refuses at once, in one line naming the folder
 * and the pid of the backend using it, and the first carries on. A lock left by a killed backend
 * does not keep the next one out.
 */
let dataDir = '';
const children: ChildProcess[] = [];

/** `npx tsx scripts/local/start.ts`, as a user runs it, in its own process group. */
function start() {
  const child = spawn('npx', ['tsx', 'scripts/local/start.ts'], {
    cwd: projectRoot,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', POWERTOOLS_LOG_LEVEL: 'WARN' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(child);
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output, exited };
}

const stopGroup = async (child: ChildProcess, exited?: Promise<unknown>) => {
  if (child.exitCode !== null || child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  await exited;
};

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('one backend per data folder', () => {
  it('takes over a stale lock, refuses a second start in one line, and the first keeps serving', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'oso-single-'));
    await mkdir(dataDir, { recursive: true });
    // A lock left by a backend that was killed: its pid names no live process.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    const deadPid = Number(gone.stdout);
    expect(deadPid).toBeGreaterThan(0);
    await writeFile(join(dataDir, LOCK_FILE), `${deadPid}\n`);

    const first = start();
    const endpoints = await waitFor(
      'the first backend to start',
      async () => {
        if (first.child.exitCode !== null)
          throw new Error(`the first backend exited:\n${first.output.stderr}`);
        return (
          (JSON.parse(await readFile(join(dataDir, 'endpoints.json'), 'utf8').catch(() => 'null')) as
            | Endpoints
            | undefined) ?? undefined
        );
      },
      { timeoutMs: 60_000 },
    );
    const holder = Number((await readFile(join(dataDir, LOCK_FILE), 'utf8')).trim());
    expect(holder).not.toBe(deadPid);

    const began = performance.now();
    const second = start();
    const code = await second.exited;
    const seconds = (performance.now() - began) / 1000;
    console.info(`second start refused in ${seconds.toFixed(1)} s`);
    expect(code).not.toBe(0);
    expect(second.output.stderr.trim().split('\n')).toEqual([
      `Another backend (pid ${holder}) is using ${dataDir}; stop it or set DATA_DIR.`,
    ]);
    expect(second.output.stdout).toBe('');
    expect(seconds).toBeLessThan(20);

    // The first is untouched: it answers, and its lock and endpoints are still its own.
    expect(first.child.exitCode).toBeNull();
    const answered = await fetch(`${endpoints.apiUrl}/cases/none`, {
      headers: { authorization: `Bearer ${endpoints.coordinatorToken}` },
    });
    expect(answered.status).toBe(404);
    expect(Number((await readFile(join(dataDir, LOCK_FILE), 'utf8')).trim())).toBe(holder);

    // Stopped, it lets the folder go.
    await stopGroup(first.child, first.exited);
    // npx may exit before the backend it started has finished stopping.
    await waitFor('the lock to be released', async () =>
      existsSync(join(dataDir, LOCK_FILE)) ? undefined : true,
    );
  }, 120_000);
});
