import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SHARE_ENV, Worker } from 'node:worker_threads';
import type { Context } from 'aws-lambda';
import type { FunctionKey } from '../../functions/contract';
import { functions } from '../../infra/definitions';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const loaded = new Map<FunctionKey, Handler>();

/** The same handler modules Lambda runs, imported from their entry files (once per thread). */
async function load(projectRoot: string, key: FunctionKey): Promise<Handler> {
  const cached = loaded.get(key);
  if (cached) return cached;
  const module = (await import(pathToFileURL(join(projectRoot, functions[key].entry)).href)) as {
    handler?: Handler;
  };
  if (typeof module.handler !== 'function') throw new Error(`${functions[key].entry} exports no handler`);
  loaded.set(key, module.handler);
  return module.handler;
}

/** The function's timeout, from its definition (Lambda's default here is 30 s, as in infra). */
export function timeoutMs(key: FunctionKey): number {
  return (functions[key].timeoutSeconds ?? 30) * 1000;
}

function lambdaContext(key: FunctionKey): Context {
  const deadline = Date.now() + timeoutMs(key);
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: functions[key].id,
    functionVersion: '$LATEST',
    invokedFunctionArn: localFunctionArn(key),
    memoryLimitInMB: String(functions[key].memoryMb ?? 256),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functions[key].id}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export function localFunctionArn(key: FunctionKey): string {
  return `arn:aws:lambda:us-east-1:000000000000:function:${functions[key].id}`;
}

/**
 * Invokes a handler in this thread as Lambda would: the event and the result cross a JSON
 * boundary, so a handler can never depend on sharing objects with its caller.
 */
export async function invoke(projectRoot: string, key: FunctionKey, event: unknown): Promise<unknown> {
  const handler = await load(projectRoot, key);
  const result = await handler(JSON.parse(JSON.stringify(event)), lambdaContext(key));
  return result === undefined ? null : JSON.parse(JSON.stringify(result));
}

/** What crosses from the runtime to an execution environment and back (see lambda-worker.ts). */
export type WorkerRequest = { readonly id: number; readonly key: FunctionKey; readonly event: string };
export type WorkerMessage =
  | { readonly kind: 'log'; readonly stream: 'stdout' | 'stderr'; readonly text: string }
  | { readonly kind: 'result'; readonly id: number; readonly result: string }
  | { readonly kind: 'error'; readonly id: number; readonly name: string; readonly message: string };

/** An invocation's failure as Lambda reports it: the error's name (errorType) and message. */
export class InvocationError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** At most this many invocations run at once, each in its own worker (the machine has 2 cores). */
export const DEFAULT_CONCURRENCY = 4;

/**
 * One Lambda execution environment: a worker thread that runs one invocation at a time and stays
 * warm between them. A timeout or a crash ends the environment (as Lambda resets one); the
 * invocation then fails and the next one gets a fresh environment.
 */
class ExecutionEnvironment {
  private readonly worker: Worker;
  private current: { id: number; resolve(value: unknown): void; reject(error: Error): void } | undefined;
  private nextId = 1;
  dead = false;

  constructor(
    projectRoot: string,
    /** Told once when the environment ends (a crash, a timeout, a stop). */
    private readonly onEnd: () => void,
  ) {
    this.worker = new Worker(new URL('./lambda-worker.mjs', import.meta.url), {
      workerData: { projectRoot },
      // process.env as the backend set it, live (tests switch settings while it runs).
      env: SHARE_ENV,
      // The bootstrap registers tsx itself: the same under `tsx` and under vitest.
      execArgv: [],
    });
    this.worker.on('message', (message: WorkerMessage) => this.receive(message));
    this.worker.on('error', (error) =>
      this.end(new InvocationError('Runtime.ExitError', `the runtime failed (${error.name})`)),
    );
    this.worker.on('exit', (code) =>
      this.end(new InvocationError('Runtime.ExitError', `the runtime exited with code ${code}`)),
    );
    // An idle environment must not keep the process alive.
    this.worker.unref();
  }

  run(key: FunctionKey, event: unknown): Promise<unknown> {
    const id = this.nextId++;
    const payload = JSON.stringify(event ?? null);
    return new Promise((resolve, reject) => {
      const limit = timeoutMs(key);
      const timer = setTimeout(() => {
        this.end(new InvocationError('Sandbox.Timedout', `Task timed out after ${limit / 1000} seconds`));
        void this.worker.terminate();
      }, limit);
      const settle =
        <T>(done: (value: T) => void) =>
        (value: T) => {
          clearTimeout(timer);
          this.current = undefined;
          this.worker.unref();
          done(value);
        };
      this.current = { id, resolve: settle(resolve), reject: settle(reject) };
      this.worker.ref();
      this.worker.postMessage({ id, key, event: payload } satisfies WorkerRequest);
    });
  }

  private receive(message: WorkerMessage) {
    if (message.kind === 'log') {
      // Through this process's own streams, so whatever watches them (the privacy test) sees it.
      process[message.stream].write(message.text);
      return;
    }
    if (!this.current || this.current.id !== message.id) return;
    if (message.kind === 'result') this.current.resolve(JSON.parse(message.result));
    else this.current.reject(new InvocationError(message.name, message.message));
  }

  private end(error: Error) {
    if (!this.dead) {
      this.dead = true;
      this.onEnd();
    }
    this.current?.reject(error);
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * Runs handlers the way Lambda does, off the caller's event loop: each invocation in a warm worker
 * thread of its own, at most `concurrency` at once (the rest wait their turn), with the same
 * environment variables and the function's timeout. Results and errors cross a JSON boundary.
 */
export class LambdaWorkers {
  private readonly idle: ExecutionEnvironment[] = [];
  private readonly environments = new Set<ExecutionEnvironment>();
  private readonly waiting: (() => void)[] = [];
  private readonly active = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(
    private readonly projectRoot: string,
    private readonly concurrency = DEFAULT_CONCURRENCY,
  ) {}

  invoke(key: FunctionKey, event: unknown): Promise<unknown> {
    if (this.stopping)
      return Promise.reject(new InvocationError('Runtime.Stopped', 'the local runtime is stopping'));
    const invocation = this.run(key, event);
    this.active.add(invocation);
    void invocation.then(
      () => this.active.delete(invocation),
      () => this.active.delete(invocation),
    );
    return invocation;
  }

  private async run(key: FunctionKey, event: unknown): Promise<unknown> {
    const environment = await this.acquire();
    try {
      return await environment.run(key, event);
    } finally {
      this.release(environment);
    }
  }

  private async acquire(): Promise<ExecutionEnvironment> {
    for (;;) {
      const warm = this.idle.pop();
      if (warm) return warm;
      if (this.environments.size < this.concurrency) {
        const fresh: ExecutionEnvironment = new ExecutionEnvironment(this.projectRoot, () => {
          // Ended: its slot is free again.
          this.environments.delete(fresh);
          const index = this.idle.indexOf(fresh);
          if (index >= 0) this.idle.splice(index, 1);
          this.waiting.shift()?.();
        });
        this.environments.add(fresh);
        return fresh;
      }
      await new Promise<void>((resume) => this.waiting.push(resume));
    }
  }

  private release(environment: ExecutionEnvironment) {
    if (environment.dead) return;
    this.idle.push(environment);
    this.waiting.shift()?.();
  }

  /** Waits for the invocations under way (and those waiting their turn), then ends every worker. */
  async stop(): Promise<void> {
    this.stopping = true;
    while (this.active.size > 0) await Promise.allSettled([...this.active]);
    await Promise.allSettled([...this.environments].map((environment) => environment.terminate()));
    this.environments.clear();
    this.idle.length = 0;
  }
}
