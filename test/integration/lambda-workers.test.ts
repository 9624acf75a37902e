import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions } from '../../infra/definitions';
import { LambdaWorkers } from '../../scripts/local/lambda-runtime';

/**
 * The local Lambda runtime's worker threads, with a handler written for the test at a real
 * function's entry path (in a project folder of its own): results and errors cross a JSON
 * boundary, logs reach this process's own stdout, the environment is the backend's, a crashed
 * environment fails only its invocation, and the caller's event loop never waits on a handler.
 */
let root = '';
const key = 'emailFeedbackProcessor' as const;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'oso-workers-'));
  const entry = join(root, functions[key].entry);
  await mkdir(dirname(entry), { recursive: true });
  await writeFile(join(root, 'package.json'), '{ "type": "module" }\n');
  await writeFile(
    entry,
    `
export async function handler(event: { action: string; ms?: number; marker?: string }, context: { functionName: string; getRemainingTimeInMillis(): number }) {
  switch (event.action) {
    case 'echo':
      console.log('log line ' + event.marker);
      return { event, probe: process.env.OSO_WORKER_PROBE, functionName: context.functionName, remaining: context.getRemainingTimeInMillis(), at: new Date(0) };
    case 'fail':
      throw Object.assign(new Error('stale'), { name: 'StaleSubmission' });
    case 'crash':
      setImmediate(() => { throw new TypeError('escaped'); });
      await new Promise((resume) => setTimeout(resume, 5_000));
      return 'unreachable';
    case 'block': {
      const end = Date.now() + (event.ms ?? 0);
      while (Date.now() < end) {}
      return 'done';
    }
    case 'sleep':
      await new Promise((resume) => setTimeout(resume, event.ms));
      return { started: Date.now() - (event.ms ?? 0), ended: Date.now() };
  }
  return undefined;
}
`,
  );
});
afterAll(async () => {
  delete process.env.OSO_WORKER_PROBE;
  if (root) await rm(root, { recursive: true, force: true });
});

describe('the local Lambda runtime (worker threads)', () => {
  it('crosses a JSON boundary with the live environment and the function’s context, and forwards logs', async () => {
    const workers = new LambdaWorkers(root, 2);
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      written.push(String(chunk));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
    try {
      process.env.OSO_WORKER_PROBE = 'set after the runtime started';
      const result = (await workers.invoke(key, {
        action: 'echo',
        marker: 'm-1',
        skipped: undefined,
      })) as Record<string, unknown>;
      expect(result).toEqual({
        event: { action: 'echo', marker: 'm-1' },
        probe: 'set after the runtime started',
        functionName: functions[key].id,
        remaining: expect.any(Number),
        at: '1970-01-01T00:00:00.000Z',
      });
      expect(result.remaining as number).toBeGreaterThan(29_000);
      // Written by the worker, seen by this process's stream before the result arrived.
      expect(written.some((line) => line.includes('log line m-1'))).toBe(true);
    } finally {
      process.stdout.write = write;
      await workers.stop();
    }
  });

  it('fails an invocation with the handler’s error name, and a crashed environment only its invocation', async () => {
    const workers = new LambdaWorkers(root, 1);
    try {
      await expect(workers.invoke(key, { action: 'fail' })).rejects.toMatchObject({
        name: 'StaleSubmission',
        message: 'stale',
      });
      await expect(workers.invoke(key, { action: 'crash' })).rejects.toMatchObject({
        name: 'Runtime.ExitError',
      });
      // A fresh environment takes the next invocation.
      expect(await workers.invoke(key, { action: 'block', ms: 1 })).toBe('done');
    } finally {
      await workers.stop();
    }
  });

  it('runs a CPU-bound handler off the caller’s event loop, bounds concurrency, and stops after the work under way', async () => {
    const workers = new LambdaWorkers(root, 2);
    // Warm both environments.
    await Promise.all([
      workers.invoke(key, { action: 'block', ms: 1 }),
      workers.invoke(key, { action: 'block', ms: 1 }),
    ]);

    let longestGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 10);
    const blocked = workers.invoke(key, { action: 'block', ms: 1_500 });
    // Two more than the second environment can take at once: they run one after the other.
    const sleeps = [
      workers.invoke(key, { action: 'sleep', ms: 300 }),
      workers.invoke(key, { action: 'sleep', ms: 300 }),
    ];
    const stopped = workers.stop();
    const [first, second] = (await Promise.all(sleeps)) as { started: number; ended: number }[];
    expect(await blocked).toBe('done');
    await stopped;
    clearInterval(ticker);

    expect(longestGap).toBeLessThan(200);
    expect(Math.max(first!.started, second!.started)).toBeGreaterThanOrEqual(
      Math.min(first!.ended, second!.ended) - 5,
    );
    await expect(workers.invoke(key, { action: 'block', ms: 1 })).rejects.toMatchObject({
      name: 'Runtime.Stopped',
    });
  });
});
