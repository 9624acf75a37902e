import { audit } from '../adapters/audit-log';
import {
  claimSlot,
  getBooking,
  listAvailability,
  markRefundDue,
  releaseSlot,
  saveBooking,
  takenSlots,
} from '../adapters/booking-store';
import { notifyOnce } from '../adapters/notifier';
import { ConfigurationError, setting } from '../adapters/settings';
import { findGrant, issueToken, subjects } from '../adapters/token-store';
import type { Actor } from '../core/actor';
import { type FreeSlot, freeSlots } from '../core/booking/availability';
import {
  BOOKING_LEAD_MINUTES,
  BOOKING_WINDOW_DAYS,
  type Booking,
  type BookingPayment,
  decideBookingPayment,
  decideCancellation,
  newHold,
  type Visitor,
} from '../core/booking/booking';
import { callInvitation } from '../core/booking/invitation';
import { ConflictError, NotFoundError } from '../core/errors';
import { newId } from '../core/ids';
import {
  type CallToTell,
  callCancelledForVisitor,
  callConfirmedForVisitor,
  callMovedForVisitor,
} from '../core/messages/patient';
import { formatMoney, type Money } from '../core/money';

/** The call's price; a deployment without one (or without coordinators' hours) takes no bookings. */
export function callPrice(): Money {
  const price = setting('strategyCallPrice');
  if (!price || !setting('strategyCallMeetingUrl'))
    throw new ConflictError('booking_off', 'Calls cannot be booked here: no price or meeting link is set.');
  return price;
}

/** The free slots of the next weeks, on the business clock. */
export async function bookableSlots(now: Date): Promise<FreeSlot[]> {
  const coordinators = await listAvailability();
  const to = new Date(now.getTime() + BOOKING_WINDOW_DAYS * 86_400_000);
  const taken = await takenSlots(
    coordinators.map((coordinator) => coordinator.coordinatorId),
    { from: now.toISOString(), to: to.toISOString(), now },
  );
  return freeSlots(coordinators, taken, { from: now, to, now, leadMinutes: BOOKING_LEAD_MINUTES });
}

/**
 * The one slot starting at `start`, when it is bookable now: the same rule as the page's list
 * (lead time, window, the coordinators' hours and claims), worked out for that instant only.
 */
async function freeSlotAt(start: string, now: Date): Promise<FreeSlot | undefined> {
  const at = Date.parse(start);
  if (Number.isNaN(at) || at >= now.getTime() + BOOKING_WINDOW_DAYS * 86_400_000) return undefined;
  const instant = new Date(at).toISOString();
  const coordinators = await listAvailability();
  const taken = await takenSlots(
    coordinators.map((coordinator) => coordinator.coordinatorId),
    { from: instant, to: instant, now },
  );
  return freeSlots(coordinators, taken, {
    from: new Date(at),
    to: new Date(at + 1),
    now,
    leadMinutes: BOOKING_LEAD_MINUTES,
  }).find((slot) => slot.start === instant);
}

/**
 * Holds a slot for a visitor for 15 minutes: the first coordinator free then whose claim
 * succeeds gets the call. Two visitors racing for one coordinator's slot: one claim wins, the
 * other is refused (`slot_taken`), never both.
 */
export async function holdSlot(
  input: {
    readonly start: string;
    readonly visitor: Visitor;
    readonly question: string;
    readonly timeZone?: string | undefined;
  },
  now: Date,
): Promise<Booking> {
  const price = callPrice();
  const slot = await freeSlotAt(input.start, now);
  if (!slot) throw new ConflictError('slot_taken', 'This time is no longer free. Please choose another.');
  const bookingId = newId('bk');
  for (const coordinatorId of slot.coordinatorIds) {
    const booking = newHold({ ...input, start: slot.start, bookingId, coordinatorId, price, now });
    if (
      await claimSlot(
        coordinatorId,
        slot.start,
        { bookingId, status: 'held', expiresAt: booking.holdExpiresAt },
        now,
      )
    ) {
      await saveBooking(booking);
      return booking;
    }
  }
  throw new ConflictError('slot_taken', 'This time is no longer free. Please choose another.');
}

/**
 * A coordinator records the visitor's payment (a bank transfer with its reference): the call is
 * confirmed. A hold that lapsed while the transfer travelled is confirmed if its slot is still
 * free (claimed again); if someone else took it meanwhile, 409 `slot_taken`: reschedule.
 */
export async function confirmBooking(
  bookingId: string,
  payment: Omit<BookingPayment, 'recordedAt' | 'recordedBy'>,
  actor: Actor,
  now: Date,
): Promise<Booking> {
  const booking = await getBooking(bookingId);
  if (!booking) throw new NotFoundError('No such booking.');
  const decision = decideBookingPayment(booking, payment, { now, by: actor.id });
  if (decision.kind === 'repeat') return booking;
  const claimed = await claimSlot(
    booking.coordinatorId,
    booking.start,
    { bookingId, status: 'confirmed', expiresAt: booking.start },
    now,
  );
  if (!claimed) {
    throw new ConflictError(
      'slot_taken',
      'The hold lapsed and the time was taken by someone else: reschedule the call.',
    );
  }
  await saveBooking(decision.booking);
  await audit({ actor, action: 'booking.payment', target: bookingId, outcome: 'allowed' });
  await sendConfirmation(decision.booking, now);
  return decision.booking;
}

/** The meeting link from settings; without it the page takes no bookings (callPrice). */
function meetingUrl(): string {
  const link = setting('strategyCallMeetingUrl');
  if (!link) throw new ConfigurationError('STRATEGY_CALL_MEETING_URL', 'missing');
  return link;
}

/** The call as its emails tell it, in the visitor's own zone. */
export function callToTell(booking: Booking): CallToTell {
  return {
    start: booking.start,
    timeZone: booking.timeZone ?? 'UTC',
    link: meetingUrl(),
    reference: booking.bookingId,
  };
}

function invitationFor(booking: Booking, change: 'invite' | 'cancel' = 'invite'): string {
  return callInvitation(
    booking,
    { url: meetingUrl(), organizerEmail: setting('senderEmail'), title: 'Strategy call: second opinion' },
    change,
  );
}

/**
 * The confirmation with its calendar invitation and a personal link of its own (the one shown
 * after the hold is known only to that tab), sent once per booking: a repeat finds its claim.
 * The booking's id stands where a case id would: the claim and the mail's headers name it.
 */
async function sendConfirmation(booking: Booking, now: Date): Promise<void> {
  const manage = await issueBookingLink(booking, now);
  const message = callConfirmedForVisitor(
    booking.visitor.email,
    booking.visitor.language,
    { ...callToTell(booking), manage },
    invitationFor(booking),
  );
  await notifyOnce(booking.bookingId, 'call-confirmed', message);
}

/** The public booking page, on the API's origin. */
export const bookingPageUrl = (): string => `${setting('patientPortalUrl').replace(/\/$/, '')}/book`;

/** How long a visitor's link works: until a day after the call (real time, as every token). */
function linkLifetimeSeconds(start: string, now: Date): number {
  return Math.max(2 * 86_400, Math.ceil((Date.parse(start) - now.getTime()) / 1000) + 86_400);
}

/**
 * The visitor's personal link to their call: a token of 256 random bits (only its hash is
 * stored, as for patients' links) in the booking page's fragment, never sent to a server in a
 * URL; a changed character is another token, which opens nothing.
 */
export async function issueBookingLink(booking: Booking, now: Date): Promise<string> {
  const { token } = await issueToken(
    { role: 'booking', subject: subjects.booking(booking.bookingId) },
    linkLifetimeSeconds(booking.start, now),
  );
  return `${bookingPageUrl()}#manage=${token}`;
}

/** The booking a visitor's link opens; 404 for a link that is not one (tampered, expired, revoked). */
export async function bookingForLink(token: string): Promise<Booking> {
  const grant = await findGrant(token);
  const bookingId = grant?.role === 'booking' ? grant.subject.replace(/^booking#/, '') : undefined;
  const booking = bookingId ? await getBooking(bookingId) : undefined;
  if (!booking) throw new NotFoundError('This link does not open a booking.');
  return booking;
}

/** The visitor cancels: the slot is let go; a paid call cancelled over 24 hours ahead is refunded in full. */
export async function cancelBooking(booking: Booking, actor: Actor, now: Date): Promise<Booking> {
  const next = decideCancellation(booking, now);
  if (next === booking) return booking;
  await saveBooking(next);
  // Kept where the coordinators look (GET /bookings), since the slot no longer names the booking.
  if (next.refundDue) await markRefundDue(next);
  await releaseSlot(booking.coordinatorId, booking.start, booking.bookingId);
  await audit({ actor, action: 'booking.cancel', target: booking.bookingId, outcome: 'allowed' });
  // A hold was never promised by email; a confirmed call is cancelled in the visitor's mailbox
  // and calendar too.
  if (booking.status === 'confirmed') {
    const message = callCancelledForVisitor(
      next.visitor.email,
      next.visitor.language,
      {
        ...callToTell(next),
        bookingPage: bookingPageUrl(),
        ...(next.refundDue ? { refund: (tag: string) => formatMoney(next.price, tag) } : {}),
      },
      invitationFor(next, 'cancel'),
    );
    await notifyOnce(next.bookingId, 'call-cancelled', message);
  }
  return next;
}

/**
 * The visitor moves the call to another free slot: the new slot is claimed first (the same
 * coordinator when free), then the booking moves, then the old slot is let go, so the call never
 * stands on no slot. A paid call keeps its payment; a hold keeps its time to pay.
 */
export async function rescheduleBooking(
  booking: Booking,
  start: string,
  actor: Actor,
  now: Date,
): Promise<Booking> {
  if (booking.status === 'cancelled' || now.getTime() >= Date.parse(booking.start))
    throw new ConflictError('booking_closed', 'This booking can no longer be changed.');
  if (Date.parse(start) === Date.parse(booking.start)) return booking;
  const slot = await freeSlotAt(start, now);
  if (!slot) throw new ConflictError('slot_taken', 'This time is no longer free. Please choose another.');
  const coordinators = [...slot.coordinatorIds].sort(
    (a, b) => Number(b === booking.coordinatorId) - Number(a === booking.coordinatorId),
  );
  for (const coordinatorId of coordinators) {
    const claim = {
      bookingId: booking.bookingId,
      status: booking.status === 'confirmed' ? ('confirmed' as const) : ('held' as const),
      expiresAt: booking.status === 'confirmed' ? slot.start : booking.holdExpiresAt,
    };
    if (!(await claimSlot(coordinatorId, slot.start, claim, now))) continue;
    const moved: Booking = {
      ...booking,
      start: slot.start,
      coordinatorId,
      movedAt: now.toISOString(),
      version: booking.version + 1,
    };
    await saveBooking(moved);
    await releaseSlot(booking.coordinatorId, booking.start, booking.bookingId);
    await audit({ actor, action: 'booking.reschedule', target: booking.bookingId, outcome: 'allowed' });
    if (moved.status === 'confirmed') {
      const message = callMovedForVisitor(
        moved.visitor.email,
        moved.visitor.language,
        callToTell(moved),
        invitationFor(moved),
      );
      await notifyOnce(moved.bookingId, `call-moved-${moved.version}`, message);
    }
    return moved;
  }
  throw new ConflictError('slot_taken', 'This time is no longer free. Please choose another.');
}

/** The booking a case is about to be opened from: it must exist and name no other case yet. */
export async function bookingToOpenFrom(bookingId: string): Promise<Booking> {
  const booking = await getBooking(bookingId);
  if (!booking) throw new NotFoundError('No such booking.');
  if (booking.caseId)
    throw new ConflictError('booking_closed', 'A case was already opened from this call.', [
      { path: 'bookingId', message: `Case ${booking.caseId} was opened from it.` },
    ]);
  return booking;
}

/** The booking names the case opened from it (the Calls view links to it). */
export async function linkBookingToCase(booking: Booking, caseId: string): Promise<void> {
  await saveBooking({ ...booking, caseId, version: booking.version + 1 });
}
