import type { Booking } from './booking';

/** Reminders go a day and an hour before the call. */
export const REMINDER_AHEAD = { day: 24 * 3_600_000, hour: 3_600_000 } as const;
export type ReminderAhead = keyof typeof REMINDER_AHEAD;

/** How often the sweep looks for reminders due (EventBridge schedule; locally, on the business clock). */
export const REMINDER_SWEEP_MINUTES = 5;

/**
 * Which reminders are due for a booking at `now`: a confirmed call whose reminder's instant has
 * come and whose next one has not (a sweep that missed the day reminder until the hour's sends
 * only the hour's). The day reminder is skipped when the visitor was told the time (confirmed
 * or moved) less than a day before the call: that email was their reminder. Each is sent once
 * (the caller's notifyOnce, keyed on the call's start, so a moved call is reminded anew).
 */
export function remindersDue(booking: Booking, now: Date): ReminderAhead[] {
  if (booking.status !== 'confirmed') return [];
  const start = Date.parse(booking.start);
  const left = start - now.getTime();
  if (left <= 0) return [];
  if (left <= REMINDER_AHEAD.hour) return ['hour'];
  if (left > REMINDER_AHEAD.day) return [];
  const told = Math.max(
    Date.parse(booking.confirmedAt ?? booking.heldAt),
    booking.movedAt ? Date.parse(booking.movedAt) : 0,
  );
  return start - told > REMINDER_AHEAD.day ? ['day'] : [];
}

/** The key a reminder is sent once under. */
export const reminderKey = (booking: Pick<Booking, 'start'>, ahead: ReminderAhead): string =>
  `call-reminder-${ahead}-${booking.start}`;
