import { logger } from '../../functions/adapters/logger';
import { type FunctionKey, functionKeys } from '../../functions/contract';
import { functions } from '../../infra/definitions';
import type { BusinessClock } from './clock';

/**
 * The definitions' scheduled functions (EventBridge rate rules in AWS) on the business clock:
 * each runs every `everyMinutes` of business time with the tick's instant as the event's
 * `time`. A clock moved past several ticks at once runs the function once, as EventBridge
 * does not replay the ticks it missed either; a stopped clock ticks only when a test moves it.
 */
export function startSchedules(
  clock: BusinessClock,
  invoke: (key: FunctionKey, event: unknown) => Promise<unknown>,
): () => void {
  const cancels = new Map<FunctionKey, () => void>();
  for (const key of functionKeys) {
    const schedule = functions[key].schedule;
    if (!schedule) continue;
    const period = schedule.everyMinutes * 60_000;
    const arm = (at: number) => {
      cancels.set(
        key,
        clock.at(new Date(at), () => {
          const tick = clock.now();
          void invoke(key, {
            'detail-type': 'Scheduled Event',
            source: 'aws.events',
            time: tick.toISOString(),
            detail: {},
          }).catch((error: Error) => logger.error('scheduled run failed', { key, errorName: error.name }));
          arm(at + period > tick.getTime() ? at + period : tick.getTime() + period);
        }),
      );
    };
    arm(clock.now().getTime() + period);
  }
  return () => {
    for (const cancel of cancels.values()) cancel();
  };
}
