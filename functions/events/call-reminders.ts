import { logger } from '../adapters/logger';
import { scheduledEvent } from '../core/inputs/events';
import { parseInput } from '../core/parse-input';
import { sendDueReminders } from '../services/call-reminders';

/** The scheduled sweep for strategy-call reminders; "now" is the tick's own time. */
export async function handler(raw: unknown): Promise<void> {
  const event = parseInput(scheduledEvent, raw, 'the scheduled event');
  const sent = await sendDueReminders(new Date(event.time));
  if (sent > 0) logger.info('call reminders sent', { sent });
}
