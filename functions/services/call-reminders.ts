import { bookingsBetween } from '../adapters/booking-store';
import { notifyOnce } from '../adapters/notifier';
import { REMINDER_AHEAD, reminderKey, remindersDue } from '../core/booking/reminders';
import { callReminderForVisitor } from '../core/messages/patient';
import { callToTell } from './bookings';

/**
 * The sweep: every confirmed call starting within the next day gets the reminders now due, each
 * once (a sweep run twice, or retried, finds the claim and sends nothing). Returns how many were sent.
 */
export async function sendDueReminders(now: Date): Promise<number> {
  const until = new Date(now.getTime() + REMINDER_AHEAD.day);
  let sent = 0;
  for (const booking of await bookingsBetween(now.toISOString(), until.toISOString())) {
    for (const ahead of remindersDue(booking, now)) {
      const message = callReminderForVisitor(
        booking.visitor.email,
        booking.visitor.language,
        callToTell(booking),
        ahead,
      );
      if (await notifyOnce(booking.bookingId, reminderKey(booking, ahead), message)) sent += 1;
    }
  }
  return sent;
}
