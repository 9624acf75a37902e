import type { EventEmitter } from 'node:events';
import { logger } from '../../functions/adapters/logger';

/** What a log line may say of an error: its class and code, never its message (it may echo data). */
export function errorFacts(error: unknown): { errorName: string; errorCode?: string } {
  if (typeof error !== 'object' || error === null) return { errorName: typeof error };
  const { name, code } = error as { name?: unknown; code?: unknown };
  return {
    errorName: typeof name === 'string' && name ? name : 'Error',
    ...(typeof code === 'string' || typeof code === 'number' ? { errorCode: String(code) } : {}),
  };
}

/**
 * The last line of defence of `npm start`: one request's failure that escaped every handler (an
 * error event nothing listened to, a rejected promise nobody awaited) is logged and the process
 * keeps serving everyone else, as AWS would. The emulators and the runtime answer such failures
 * themselves where they can (a 500 for that request); this only stops one from ending the process.
 */
export function guardProcess(log: (message: string, facts: Record<string, string>) => void = logError): void {
  process.on('uncaughtException', (error, origin) => {
    log('a failure escaped its request; the local backend keeps serving', { ...errorFacts(error), origin });
  });
  process.on('unhandledRejection', (reason) => {
    log('a rejected promise was not handled; the local backend keeps serving', {
      ...errorFacts(reason),
      origin: 'unhandledRejection',
    });
  });
}

function logError(message: string, facts: Record<string, string>) {
  logger.error(message, facts);
}

/**
 * An emulator built on koa answers a request whose handler failed with a 500 and carries on, but
 * says nothing (it runs silent): log those failures the same way, by name and code.
 */
export function logServerErrors(app: EventEmitter, emulator: string): void {
  app.on('error', (error: { status?: number; code?: unknown; name?: unknown }) => {
    if ((error?.status ?? 500) < 500) return;
    logger.error('an emulator request failed; it was answered with a 500', {
      emulator,
      ...errorFacts(error),
    });
  });
}
