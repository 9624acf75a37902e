import { parentPort, workerData } from 'node:worker_threads';
import { invoke, type WorkerMessage, type WorkerRequest } from './lambda-runtime';

/**
 * The runtime loop of one execution environment: one invocation at a time, handler modules
 * loaded once and kept warm. Everything the handlers write goes to the parent as whole writes
 * on the same channel as the results, so each log line reaches the parent's own stdout/stderr
 * before the invocation's result does.
 */
const port = parentPort;
if (!port) throw new Error('lambda-worker runs as a worker thread');
const { projectRoot } = workerData as { projectRoot: string };
const send = (message: WorkerMessage) => port.postMessage(message);

for (const stream of ['stdout', 'stderr'] as const) {
  process[stream].write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    send({
      kind: 'log',
      stream,
      text: typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'),
    });
    const callback = rest.find((argument) => typeof argument === 'function') as (() => void) | undefined;
    if (callback) queueMicrotask(callback);
    return true;
  }) as typeof process.stdout.write;
}

port.on('message', async ({ id, key, event }: WorkerRequest) => {
  try {
    const result = await invoke(projectRoot, key, JSON.parse(event));
    send({ kind: 'result', id, result: JSON.stringify(result) });
  } catch (error) {
    // Lambda's errorType and errorMessage.
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    send({ kind: 'error', id, name: name || 'Error', message });
  }
});
