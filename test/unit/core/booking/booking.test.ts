import { describe, expect, it } from 'vitest';
import {
  bookingStatusAt,
  claimHolds,
  decideBookingPayment,
  decideCancellation,
  decideRefund,
  decideUnplacedPayment,
  newHold,
  refundablePayment,
} from '../../../../functions/core/booking/booking';

const now = new Date('2027-03-15T08:00:00Z');
const hold = newHold({
  bookingId: 'bk_test0001',
  start: '2027-03-17T07:00:00.000Z',
  coordinatorId: 'coord-a',
  visitor: { fullName: 'Achieng Odhiambo', email: 'a@example.org', country: 'Kenya', language: 'sw' },
  question: 'Which records do I need?',
  price: { currency: 'USD', amount: 2900 },
  now,
});
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

describe('a strategy-call booking', () => {
  it('holds its slot for 15 minutes of the business clock, however long real time runs', () => {
    expect(hold.holdExpiresAt).toBe('2027-03-15T08:15:00.000Z');
    const claim = { bookingId: hold.bookingId, status: 'held' as const, expiresAt: hold.holdExpiresAt };
    // A stopped clock: hours of real time, no business time, the hold stands.
    expect(claimHolds(claim, now)).toBe(true);
    expect(claimHolds(claim, at(14.99))).toBe(true);
    expect(claimHolds(claim, at(15))).toBe(false);
    expect(bookingStatusAt(hold, at(15))).toBe('expired');
    expect(claimHolds({ ...claim, status: 'confirmed' }, at(60 * 24 * 30))).toBe(true);
  });

  it('is confirmed by a payment of its price, once; a repeat with the same reference changes nothing', () => {
    const payment = {
      method: 'bank-transfer' as const,
      reference: 'TRX-9',
      amount: 2900,
      receivedOn: '2027-03-15',
    };
    expect(() => decideBookingPayment(hold, { ...payment, amount: 2800 }, { now, by: 'coord-a' })).toThrow(
      expect.objectContaining({ code: 'amount_mismatch' }),
    );
    const decision = decideBookingPayment(hold, payment, { now, by: 'coord-a' });
    if (decision.kind !== 'confirm') throw new Error('expected a confirmation');
    expect(decision.booking).toMatchObject({
      status: 'confirmed',
      version: 2,
      payment: { reference: 'TRX-9', recordedBy: 'coord-a' },
    });
    expect(decideBookingPayment(decision.booking, payment, { now, by: 'coord-a' })).toEqual({
      kind: 'repeat',
    });
    expect(() =>
      decideBookingPayment(decision.booking, { ...payment, reference: 'TRX-10' }, { now, by: 'coord-a' }),
    ).toThrow(expect.objectContaining({ code: 'booking_closed' }));
  });

  it('refunds in full when cancelled more than 24 hours before the call, not later', () => {
    const paid = decideBookingPayment(
      hold,
      { method: 'bank-transfer', reference: 'TRX-9', amount: 2900, receivedOn: '2027-03-15' },
      { now, by: 'coord-a' },
    );
    if (paid.kind !== 'confirm') throw new Error('expected a confirmation');
    const early = decideCancellation(paid.booking, new Date('2027-03-16T06:59:00Z'));
    expect(early).toMatchObject({ status: 'cancelled', refundDue: true });
    const late = decideCancellation(paid.booking, new Date('2027-03-16T07:01:00Z'));
    expect(late.status).toBe('cancelled');
    expect(late.refundDue).toBeUndefined();
    expect(decideCancellation(hold, now).refundDue).toBeUndefined();
    expect(() => decideCancellation(paid.booking, new Date('2027-03-17T07:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'booking_closed' }),
    );
  });
});

describe('card money that cannot confirm the call, and refunds', () => {
  const card = { method: 'card' as const, reference: 'pi_1', amount: 2900, receivedOn: '2027-03-15' };
  const context = { now, by: 'stripe-webhook' };

  it('cancels a lapsed hold whose time was taken, keeping the payment as a refund to send', () => {
    const kept = decideUnplacedPayment(hold, card, context);
    expect(kept).toMatchObject({ status: 'cancelled', refundDue: true, payment: { reference: 'pi_1' } });
    expect(refundablePayment(kept)?.reference).toBe('pi_1');
  });

  it('keeps a second payment of a call already paid beside the first, and refunds that one', () => {
    const paid = decideBookingPayment(
      hold,
      { method: 'bank-transfer', reference: 'BANK-1', amount: 2900, receivedOn: '2027-03-15' },
      context,
    );
    if (paid.kind !== 'confirm') throw new Error('expected a confirmation');
    const twice = decideUnplacedPayment(paid.booking, card, context);
    expect(twice).toMatchObject({ status: 'confirmed', payment: { reference: 'BANK-1' } });
    expect(refundablePayment(twice)?.reference).toBe('pi_1');
    const refunded = decideRefund(twice, { reference: 're_1' }, context);
    if (refunded.kind !== 'refund') throw new Error('expected a refund');
    expect(refunded.booking.refund).toMatchObject({ method: 'card', reference: 're_1', amount: 2900 });
    expect(refundablePayment(refunded.booking)).toBeUndefined();
    expect(decideRefund(refunded.booking, { reference: 're_1' }, context).kind).toBe('repeat');
  });

  it('refuses a refund where none is due', () => {
    expect(() => decideRefund(hold, { reference: 'x' }, context)).toThrow(
      expect.objectContaining({ code: 'no_refund_due' }),
    );
  });
});
