import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../scripts/api-client';
import { projectRoot } from '../../scripts/local/backend';

/**
 * The process guard `npm start` installs: a server whose request handler leaves an error nothing
 * catches and a promise nobody awaits keeps serving, and the log names the errors' class and
 * code, never their message (which may echo patient data).
 */
let folder = '';
let child: ChildProcess | undefined;

afterAll(async () => {
  child?.kill('SIGKILL');
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('the local backend process guard', () => {
  it('logs a failure that escaped its request without its message, and the process keeps serving', async () => {
    folder = await mkdtemp(join(tmpdir(), 'oso-guard-'));
    const script = join(folder, 'server.mts');
    await writeFile(
      script,
      `
import { createServer } from 'node:http';
import { guardProcess } from ${JSON.stringify(join(projectRoot, 'scripts/local/crash-guard.ts'))};
guardProcess();
const server = createServer((request, response) => {
  if (request.url === '/fail') {
    // The injected failures: an error thrown outside any promise chain, and a rejection nobody handles.
    setImmediate(() => {
      throw Object.assign(new TypeError('Zephyrine Quillfeather'), { code: 'E_INJECTED' });
    });
    void Promise.reject(new RangeError('born 1961-07-23'));
  }
  response.end('served');
});
server.listen(0, '127.0.0.1', () => console.log('listening on ' + server.address().port));
`,
    );
    child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: projectRoot,
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'WARN' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    const port = await waitFor(
      'the server',
      async () => {
        if (child?.exitCode !== null) throw new Error(`the server exited:\n${output}`);
        return /listening on (\d+)/.exec(output)?.[1];
      },
      { timeoutMs: 20_000 },
    );
    const url = `http://127.0.0.1:${port}`;
    expect(await (await fetch(`${url}/fail`)).text()).toBe('served');
    await waitFor('both failures logged', async () =>
      output.includes('"errorName":"TypeError"') && output.includes('"errorName":"RangeError"')
        ? true
        : undefined,
    );

    // Still serving, and the log carries what went wrong without the data it carried.
    expect(await (await fetch(`${url}/next`)).text()).toBe('served');
    expect(child.exitCode).toBeNull();
    expect(output).toContain('"errorCode":"E_INJECTED"');
    expect(output).not.toContain('Zephyrine');
    expect(output).not.toContain('1961');
  });
});
