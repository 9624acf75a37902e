import { describe, expect, it } from 'vitest';
import { callCardPaymentOf, cardPaymentOf } from '../../../../functions/core/case/card-payment';

const event = (metadata: Record<string, string>, overrides: Record<string, unknown> = {}) => ({
  id: 'evt_1',
  type: 'checkout.session.completed',
  created: Date.parse('2027-03-15T10:00:00Z') / 1000,
  data: {
    object: {
      payment_status: 'paid',
      amount_total: 2900,
      currency: 'usd',
      payment_intent: 'pi_1',
      metadata,
      ...overrides,
    },
  },
});

describe('what a Stripe event says was paid', () => {
  it('reads a quote’s payment and a call’s apart, by the ids in the session', () => {
    expect(cardPaymentOf(event({ caseId: 'case_1', quoteId: 'qt_1' }))).toMatchObject({
      caseId: 'case_1',
      quoteId: 'qt_1',
      amount: 2900,
      currency: 'USD',
      receivedOn: '2027-03-15',
    });
    expect(callCardPaymentOf(event({ caseId: 'case_1', quoteId: 'qt_1' }))).toBeUndefined();
    expect(callCardPaymentOf(event({ bookingId: 'bk_1' }))).toMatchObject({
      bookingId: 'bk_1',
      reference: 'pi_1',
      amount: 2900,
    });
    expect(cardPaymentOf(event({ bookingId: 'bk_1' }))).toBeUndefined();
  });

  it('ignores a session not paid yet, and other events', () => {
    expect(callCardPaymentOf(event({ bookingId: 'bk_1' }, { payment_status: 'unpaid' }))).toBeUndefined();
    expect(callCardPaymentOf({ ...event({ bookingId: 'bk_1' }), type: 'charge.refunded' })).toBeUndefined();
  });
});
