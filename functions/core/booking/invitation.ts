import { createEvent } from 'ics';
import { SLOT_MINUTES } from './availability';
import type { Booking } from './booking';

/**
 * The call as an iCalendar invitation (RFC 5545, written by the `ics` library): a 30-minute
 * event in UTC (every calendar shows it in its own zone), the meeting link as its location and
 * URL, the booking id in its UID so a later change updates the same event. A move is the same
 * UID at a later SEQUENCE (the booking's version); a cancellation is METHOD:CANCEL, which
 * calendars read as "remove it".
 */
export function callInvitation(
  booking: Pick<Booking, 'bookingId' | 'start' | 'visitor' | 'version'>,
  meeting: { readonly url: string; readonly organizerEmail: string; readonly title: string },
  change: 'invite' | 'cancel' = 'invite',
): string {
  const { error, value } = createEvent({
    uid: `${booking.bookingId}@oncology-second-opinion`,
    productId: 'oncology-second-opinion',
    method: change === 'cancel' ? 'CANCEL' : 'REQUEST',
    status: change === 'cancel' ? 'CANCELLED' : 'CONFIRMED',
    sequence: booking.version,
    start: Date.parse(booking.start),
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { minutes: SLOT_MINUTES },
    title: meeting.title,
    description: `${meeting.title}\n${meeting.url}\nBooking ${booking.bookingId}`,
    location: meeting.url,
    url: meeting.url,
    organizer: { name: 'Coordinators', email: meeting.organizerEmail },
    attendees: [
      { name: booking.visitor.fullName, email: booking.visitor.email, rsvp: false, role: 'REQ-PARTICIPANT' },
    ],
  });
  if (error || !value)
    throw new Error(`the invitation could not be written: ${error?.message ?? 'no output'}`);
  return value;
}
