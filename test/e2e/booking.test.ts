import { describe, expect, it } from 'vitest';
import { useLocalBackend } from './harness';

/**
 * The strategy call through the HTTP API, on a stopped business clock (Wednesday 10 March 2027,
 * 06:00 UTC): the sample coordinators' hours (Nairobi 09:00–12:00 and 14:00–16:00, London
 * 10:00–13:00, weekdays) as free slots across London's daylight-saving change, two visitors
 * racing for one slot, a hold that lapses only when the business clock moves, and the bank
 * transfer a coordinator records confirming the call.
 */
describe('booking a strategy call', () => {
  const local = useLocalBackend('booking', { clock: { start: new Date('2027-03-10T06:00:00Z'), speed: 0 } });
  const coordinator = () => local.backend.endpoints.coordinatorToken;
  const publicCall = (method: 'GET' | 'POST', path: string, body?: unknown) =>
    local.api.call(method, path, '', body);
  const visitor = (n: number) => ({
    fullName: `Visitor ${n}`,
    email: `visitor${n}@example.org`,
    country: 'Kenya',
    language: 'sw',
    question: 'Which records should I gather?',
  });
  const freeStarts = async () =>
    ((await publicCall('GET', '/booking/slots')).body.slots as { start: string }[]).map((slot) => slot.start);

  it('offers the coordinators’ hours in UTC across a daylight-saving change, at its price, no earlier than 12 hours ahead', async () => {
    const slots = await publicCall('GET', '/booking/slots');
    expect(slots.status).toBe(200);
    expect(slots.body.price).toEqual({ currency: 'USD', amount: 2900 });
    const starts = slots.body.slots.map((slot: { start: string }) => slot.start) as string[];
    expect(starts[0]).toBe('2027-03-11T06:00:00.000Z');
    // London's 10:00 is 10:00Z before 28 March and 09:00Z after; Nairobi's 09:00 stays 06:00Z.
    expect(starts).toContain('2027-03-22T10:00:00.000Z');
    expect(starts).not.toContain('2027-03-22T09:00:00.000Z');
    expect(starts).toContain('2027-03-29T09:00:00.000Z');
    expect(starts).toContain('2027-03-29T06:00:00.000Z');
    expect(starts.filter((start) => start.startsWith('2027-03-13'))).toEqual([]);
    expect(JSON.stringify(slots.body)).not.toMatch(/coordinator|@local/);
  });

  it('lets one of two racing visitors hold a slot only one coordinator keeps; both where two keep it', async () => {
    const single = '2027-03-11T06:30:00.000Z';
    const raced = await Promise.all(
      [1, 2].map((n) => publicCall('POST', '/booking/holds', { start: single, ...visitor(n) })),
    );
    expect(raced.map((response) => response.status).sort()).toEqual([201, 409]);
    expect(raced.find((response) => response.status === 409)?.body.error.code).toBe('slot_taken');
    const shared = '2027-03-11T11:00:00.000Z';
    const both = await Promise.all(
      [3, 4, 5].map((n) => publicCall('POST', '/booking/holds', { start: shared, ...visitor(n) })),
    );
    expect(both.map((response) => response.status).sort()).toEqual([201, 201, 409]);
    expect(await freeStarts()).not.toContain(single);
  });

  it('releases a hold when 15 minutes pass on the business clock, and a recorded transfer confirms the call', async () => {
    const start = '2027-03-12T07:00:00.000Z';
    const held = await publicCall('POST', '/booking/holds', {
      start,
      ...visitor(6),
      timeZone: 'Africa/Nairobi',
    });
    expect(held.status).toBe(201);
    expect(held.body.booking.holdExpiresAt).toBe('2027-03-10T06:15:00.000Z');
    expect(held.body.bankTransfer.reference).toBe(held.body.booking.bookingId);
    expect(JSON.stringify(held.body.booking)).not.toContain('coordinatorId');
    // Real time passes, the business clock does not: still held.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await freeStarts()).not.toContain(start);
    local.backend.clock.advance(15 * 60_000);
    expect(await freeStarts()).toContain(start);

    // The transfer arrives after the hold lapsed; the slot is still free, so the call is confirmed.
    const bookingId = held.body.booking.bookingId as string;
    const paid = await local.api.call('POST', `/bookings/${bookingId}/payment`, coordinator(), {
      reference: 'BANK-CALL-1',
      receivedOn: '2026-12-01',
    });
    expect(paid.status).toBe(200);
    expect(paid.body.booking).toMatchObject({
      status: 'confirmed',
      payment: { reference: 'BANK-CALL-1', amount: 2900 },
    });
    expect(await freeStarts()).not.toContain(start);
    const again = await local.api.call('POST', `/bookings/${bookingId}/payment`, coordinator(), {
      reference: 'BANK-CALL-1',
      receivedOn: '2026-12-01',
    });
    expect(again.body.booking.status).toBe('confirmed');
    // Confirmed by email, once, with the meeting link and the time in the visitor's own zone, and
    // the invitation as an iCalendar file.
    const mail = (await local.mail(bookingId)).filter((message) => message.key === 'call-confirmed');
    expect(mail).toHaveLength(1);
    expect(mail[0]?.to).toBe('visitor6@example.org');
    expect(mail[0]?.subject).toContain('Your strategy call is confirmed');
    expect(mail[0]?.text).toContain('https://meet.example.org/strategy-call-sample');
    expect(mail[0]?.text).toMatch(
      /Friday, March 12 at 10:00 AM \(Africa\/Nairobi\)|Friday, March 12, 10:00 AM \(Africa\/Nairobi\)/,
    );
    const [invitation] = (
      mail[0] as unknown as { attachments: { fileName: string; contentType: string; text: string }[] }
    ).attachments;
    expect(invitation?.fileName).toBe('strategy-call.ics');
    expect(invitation?.contentType).toContain('text/calendar');
    expect(invitation?.text).toContain('DTSTART:20270312T070000Z');
    expect(invitation?.text).toContain('DURATION:PT30M');
    expect(invitation?.text).toContain(`UID:${bookingId}@oncology-second-opinion`);

    // A lapsed hold whose slot someone else took: the coordinator is told to reschedule.
    const contested = '2027-03-12T07:30:00.000Z';
    const first = (await publicCall('POST', '/booking/holds', { start: contested, ...visitor(7) })).body
      .booking;
    local.backend.clock.advance(16 * 60_000);
    expect((await publicCall('POST', '/booking/holds', { start: contested, ...visitor(8) })).status).toBe(
      201,
    );
    const late = await local.api.call('POST', `/bookings/${first.bookingId}/payment`, coordinator(), {
      reference: 'BANK-CALL-2',
      receivedOn: '2026-12-01',
    });
    expect([late.status, late.body.error.code]).toEqual([409, 'slot_taken']);

    // The coordinator's day: the confirmed call with the visitor's details, for opening a case.
    const day = await local.api.call('GET', '/bookings?date=2027-03-12', coordinator());
    const confirmed = day.body.bookings.find(
      (booking: { bookingId: string }) => booking.bookingId === bookingId,
    );
    expect(confirmed).toMatchObject({
      status: 'confirmed',
      visitor: visitor(6) && { fullName: 'Visitor 6', language: 'sw' },
    });
    expect((await publicCall('GET', '/bookings?date=2027-03-12')).status).toBe(401);
  });

  it('keeps a coordinator’s own hours, refusing a time zone or hours that cannot be', async () => {
    const bad = await local.api.call('PUT', '/availability', coordinator(), {
      timeZone: 'Mars/Olympus',
      weekly: { monday: [{ from: '12:00', to: '09:00' }] },
    });
    expect(bad.status).toBe(400);
    const paths = (bad.body.error.details as { path: string }[]).map((detail) => detail.path);
    expect(paths).toEqual(expect.arrayContaining(['timeZone', 'weekly.monday.0.to']));
    const hours = {
      timeZone: 'Asia/Shanghai',
      weekly: { saturday: [{ from: '09:00', to: '10:00' }] },
      exceptions: [],
    };
    expect((await local.api.call('PUT', '/availability', coordinator(), hours)).status).toBe(200);
    expect((await local.api.call('GET', '/availability', coordinator())).body.availability).toEqual(hours);
    // Saturday 09:00 in Shanghai is 01:00Z: a slot no sample coordinator had.
    expect(await freeStarts()).toContain('2027-03-13T01:00:00.000Z');
  });

  it('lets the visitor move and cancel through their personal link, refunded over 24 hours ahead; a changed link opens nothing', async () => {
    const first = '2027-03-15T06:00:00.000Z';
    const held = await publicCall('POST', '/booking/holds', { start: first, ...visitor(9) });
    const link = held.body.manageLink as string;
    expect(link).toMatch(/\/book#manage=bt_[A-Za-z0-9_-]{43}$/);
    const token = link.split('#manage=')[1]!;
    const opened = await publicCall('POST', '/booking/manage', { token });
    expect(opened.body.booking).toMatchObject({ start: first, status: 'held', refundable: false });
    // One character changed: another token, which opens nothing; a malformed one is refused as such.
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect((await publicCall('POST', '/booking/manage', { token: tampered })).status).toBe(404);
    expect((await publicCall('POST', '/booking/manage/cancel', { token: tampered })).status).toBe(404);
    expect((await publicCall('POST', '/booking/manage', { token: 'pt_not-a-booking-token' })).status).toBe(
      400,
    );

    const moved = await publicCall('POST', '/booking/manage/reschedule', {
      token,
      start: '2027-03-15T06:30:00.000Z',
    });
    expect(moved.body.booking.start).toBe('2027-03-15T06:30:00.000Z');
    const free = await freeStarts();
    expect(free).toContain(first);
    expect(free).not.toContain('2027-03-15T06:30:00.000Z');

    await local.api.call('POST', `/bookings/${held.body.booking.bookingId}/payment`, coordinator(), {
      reference: 'BANK-CALL-9',
      receivedOn: '2026-12-01',
    });
    expect((await publicCall('POST', '/booking/manage', { token })).body.booking).toMatchObject({
      status: 'confirmed',
      refundable: true,
    });
    const cancelled = await publicCall('POST', '/booking/manage/cancel', { token });
    expect(cancelled.body.booking).toMatchObject({ status: 'cancelled', refundDue: true });
    expect(await freeStarts()).toContain('2027-03-15T06:30:00.000Z');
    const day = await local.api.call('GET', '/bookings?date=2027-03-15', coordinator());
    expect(day.body.bookings.map((booking: { bookingId: string }) => booking.bookingId)).not.toContain(
      held.body.booking.bookingId,
    );
    // The coordinators see the refund to send, with the payment to send it back to.
    expect(day.body.refundsDue).toEqual([
      expect.objectContaining({
        bookingId: held.body.booking.bookingId,
        refundDue: true,
        payment: expect.objectContaining({ reference: 'BANK-CALL-9' }),
      }),
    ]);
    // The visitor is told by email, the refund in it, and their calendar drops the event.
    const [notice] = (await local.mail(held.body.booking.bookingId)).filter(
      (message) => message.key === 'call-cancelled',
    ) as unknown as { subject: string; text: string; attachments: { contentType: string; text: string }[] }[];
    expect(notice?.subject).toContain('Your strategy call is cancelled');
    expect(notice?.text).toMatch(/your payment of USD\s29\.00 will be refunded in full/);
    expect(notice?.attachments[0]?.contentType).toContain('method=CANCEL');
    expect(notice?.attachments[0]?.text).toMatch(/METHOD:CANCEL[\s\S]*STATUS:CANCELLED/);
    // The coordinator sends the transfer back and records it: off the list. A bank refund needs
    // the reference it was sent under; a booking with nothing to refund is refused.
    const refundPath = `/bookings/${held.body.booking.bookingId}/refund`;
    const bare = await local.api.call('POST', refundPath, coordinator(), {});
    expect([bare.status, bare.body.error.details[0].path]).toEqual([400, 'reference']);
    const refunded = await local.api.call('POST', refundPath, coordinator(), { reference: 'BANK-REFUND-9' });
    expect(refunded.status).toBe(200);
    expect(refunded.body.booking.refund).toMatchObject({
      method: 'bank-transfer',
      reference: 'BANK-REFUND-9',
      amount: 2900,
    });
    expect((await local.api.call('GET', '/bookings?date=2027-03-15', coordinator())).body.refundsDue).toEqual(
      [],
    );
    expect(
      (await local.api.call('POST', refundPath, coordinator(), { reference: 'BANK-REFUND-9' })).status,
    ).toBe(200);
    const unpaid = await publicCall('POST', '/booking/holds', {
      start: '2027-03-15T07:00:00.000Z',
      ...visitor(10),
    });
    const nothing = await local.api.call(
      'POST',
      `/bookings/${unpaid.body.booking.bookingId}/refund`,
      coordinator(),
      { reference: 'X' },
    );
    expect([nothing.status, nothing.body.error.code]).toEqual([409, 'no_refund_due']);

    // A second cancel changes nothing; a cancelled call cannot be moved.
    expect((await publicCall('POST', '/booking/manage/cancel', { token })).body.booking.status).toBe(
      'cancelled',
    );
    const late = await publicCall('POST', '/booking/manage/reschedule', {
      token,
      start: '2027-03-15T07:00:00.000Z',
    });
    expect([late.status, late.body.error.code]).toEqual([409, 'booking_closed']);
  });

  it('opens a case from a call, which the booking then names, once', async () => {
    // A start written without milliseconds is the same instant.
    const held = await publicCall('POST', '/booking/holds', {
      start: '2027-03-16T07:00:00Z',
      ...visitor(11),
    });
    expect(held.body.booking.start).toBe('2027-03-16T07:00:00.000Z');
    const bookingId = held.body.booking.bookingId as string;
    const open = () =>
      local.api.call('POST', '/cases', coordinator(), {
        patient: {
          fullName: 'Visitor 11',
          email: 'visitor11@example.org',
          dateOfBirth: '1970-01-01',
          country: 'Kenya',
          language: 'sw',
        },
        cancerType: 'breast',
        question: 'Which records should I gather?',
        bookingId,
      });
    const created = await open();
    expect(created.status).toBe(201);
    const day = await local.api.call('GET', '/bookings?date=2027-03-16', coordinator());
    expect(
      day.body.bookings.find((booking: { bookingId: string }) => booking.bookingId === bookingId),
    ).toMatchObject({ caseId: created.body.caseId });
    const twice = await open();
    expect([twice.status, twice.body.error.code]).toEqual([409, 'booking_closed']);
    const unknown = await local.api.call('POST', '/cases', coordinator(), {
      patient: {
        fullName: 'X',
        email: 'x@example.org',
        dateOfBirth: '1970-01-01',
        country: 'Kenya',
        language: 'en',
      },
      cancerType: 'breast',
      question: 'Q',
      bookingId: 'bk_doesnotexist0000000000',
    });
    expect(unknown.status).toBe(404);
  });

  // Last: it moves the business clock a week on.
  it('emails the confirmed call with its own link and its move; reminds a day and an hour before, once each, on the business clock', async () => {
    const held = await publicCall('POST', '/booking/holds', {
      start: '2027-03-17T07:00:00.000Z',
      ...visitor(12),
      language: 'fr',
      timeZone: 'Africa/Kigali',
    });
    const bookingId = held.body.booking.bookingId as string;
    await local.api.call('POST', `/bookings/${bookingId}/payment`, coordinator(), {
      reference: 'BANK-CALL-12',
      receivedOn: '2026-12-01',
    });
    const keyed = async (prefix: string) =>
      (await local.mail(bookingId)).filter((message) => message.key.startsWith(prefix));
    const [confirmation] = await keyed('call-confirmed');
    // In French with the English copy; its own personal link, which opens the booking.
    expect(confirmation?.text).toContain('mercredi 17 mars');
    const emailed = /book#manage=(bt_[A-Za-z0-9_-]{43})/.exec(confirmation?.text ?? '')?.[1];
    expect(emailed).toBeDefined();
    expect((await publicCall('POST', '/booking/manage', { token: emailed })).body.booking).toMatchObject({
      bookingId,
      status: 'confirmed',
    });

    const moved = await publicCall('POST', '/booking/manage/reschedule', {
      token: emailed,
      start: '2027-03-17T07:30:00.000Z',
    });
    expect(moved.status).toBe(200);
    const [update] = (await keyed('call-moved')) as unknown as {
      text: string;
      attachments: { text: string }[];
    }[];
    expect(update?.text).toContain('Your call with a coordinator has moved to a new time.');
    expect(update?.attachments[0]?.text).toContain('DTSTART:20270317T073000Z');
    expect(update?.attachments[0]?.text).toMatch(/SEQUENCE:[3-9]/);
    expect(update?.attachments[0]?.text).toContain(`UID:${bookingId}@oncology-second-opinion`);

    // Nothing yet two days ahead; the day's reminder once the clock passes 24 hours before.
    expect(await keyed('call-reminder')).toEqual([]);
    local.backend.clock.set(new Date('2027-03-16T07:31:00.000Z'));
    const day = await waitForMail(() => keyed('call-reminder-day'));
    expect(day[0]?.subject).toContain('demain');
    expect(day[0]?.text).toContain('https://meet.example.org/strategy-call-sample');
    local.backend.clock.set(new Date('2027-03-17T06:31:00.000Z'));
    const hour = await waitForMail(() => keyed('call-reminder-hour'));
    expect(hour[0]?.text).toContain('Your call with a coordinator begins in one hour.');
    // Later ticks send neither again.
    local.backend.clock.advance(10 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect([(await keyed('call-reminder-day')).length, (await keyed('call-reminder-hour')).length]).toEqual([
      1, 1,
    ]);

    // Cancelled within the day: the email says the fee stands.
    await publicCall('POST', '/booking/manage/cancel', { token: emailed });
    const [notice] = await keyed('call-cancelled');
    expect(notice?.text).toContain('less than 24 hours before the call, the fee is not refunded');
  });
});

/** Waits for mail the scheduled sweep sends (a worker, off the request path). */
async function waitForMail<T>(read: () => Promise<T[]>): Promise<T[]> {
  const until = Date.now() + 15_000;
  for (;;) {
    const found = await read();
    if (found.length > 0 || Date.now() > until) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
