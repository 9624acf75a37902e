import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { type FunctionKey, functions } from '../../infra/definitions';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const loaded = new Map<FunctionKey, Handler>();

/** The same handler modules Lambda runs, imported in-process from their entry files. */
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

function lambdaContext(key: FunctionKey): Context {
  const deadline = Date.now() + (functions[key].timeoutSeconds ?? 30) * 1000;
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
 * Invokes a handler as Lambda would: the event and the result cross a JSON boundary, so a
 * handler can never depend on sharing objects with its caller.
 */
export async function invoke(projectRoot: string, key: FunctionKey, event: unknown): Promise<unknown> {
  const handler = await load(projectRoot, key);
  const result = await handler(JSON.parse(JSON.stringify(event)), lambdaContext(key));
  return result === undefined ? null : JSON.parse(JSON.stringify(result));
}
