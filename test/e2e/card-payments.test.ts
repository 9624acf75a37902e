import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { useLocalBackend } from './harness';

const credentials = { apiKey: 'sk_test_local_e2e', webhookSecret: 'whsec_local_e2e' };

/**
 * Card payments as far as they can run here: the backend with Stripe configured (credentials
 * from a local Secrets Manager stand-in), and Stripe's webhook played by the test with events
 * signed by the stripe library's own test header generator. Nothing reaches Stripe itself.
 */
describe('card payments through the Stripe webhook', () => {
  const local = useLocalBackend('card-payments', { cardPayments: credentials });
  const coordinator = () => local.backend.endpoints.coordinatorToken;
  const webhook = (body: string, signature: string) =>
    fetch(`${local.backend.endpoints.apiUrl}/payments/stripe/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      body,
    });
  const paidSession = (eventId: string, caseId: string, quote: { quoteId: string; total: number }) =>
    checkoutCompleted(eventId, quote.total, { caseId, quoteId: quote.quoteId });
  /** A paid Checkout Session's event as Stripe sends it, for `amount` cents with `metadata`. */
  const checkoutCompleted = (eventId: string, amount: number, metadata: Record<string, string>) =>
    JSON.stringify({
      id: eventId,
      object: 'event',
      type: 'checkout.session.completed',
      created: Math.floor(Date.now() / 1000),
      data: {
        object: {
          id: `cs_${eventId}`,
          object: 'checkout.session',
          payment_status: 'paid',
          amount_total: amount,
          currency: 'usd',
          payment_intent: `pi_${eventId}`,
          metadata,
        },
      },
    });
  const sign = (payload: string, secret = credentials.webhookSecret) =>
    Stripe.webhooks.generateTestHeaderString({ payload, secret });

  it('applies a paid session once, refuses a bad signature, and keeps money for a withdrawn quote on the case', async () => {
    const hospital = await local.chargingHospital();
    const { caseId, patientToken } = await local.sufficientCase('Wanjiku Kamau', 'sw');
    const quote = (
      await local.api.call('POST', `/cases/${caseId}/quote`, coordinator(), {
        hospitalId: hospital.hospitalId,
      })
    ).body.quote as { quoteId: string; total: number };
    const patientView = (await local.api.call('GET', '/patient/case', patientToken)).body;
    expect(patientView.quote.card, JSON.stringify(patientView.quote)).toBe(true);

    const forged = paidSession('evt_forged_1', caseId, quote);
    const refused = await webhook(forged, sign(forged, 'whsec_not_this_endpoint'));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('invalid_signature');
    const tampered = await webhook(forged.replace(String(quote.total), '1'), sign(forged));
    expect(tampered.status).toBe(400);
    expect((await local.api.call('GET', '/patient/case', patientToken)).body.quote.status).toBe('issued');

    const event = paidSession('evt_paid_1', caseId, quote);
    const first = await webhook(event, sign(event));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, applied: true });
    // Stripe retries, or someone replays it: acknowledged, applied no second time.
    for (const replay of [event, event]) {
      const again = await webhook(replay, sign(replay));
      expect(await again.json()).toEqual({ received: true, applied: false });
    }
    const view = (await local.api.call('GET', `/cases/${caseId}`, coordinator())).body;
    const paid = view.quotes.at(-1);
    expect(paid).toMatchObject({
      status: 'paid',
      payment: { method: 'card', reference: 'pi_evt_paid_1', amount: quote.total },
    });
    expect(paid.receipts).toHaveLength(1);
    expect(view.timeline.filter((entry: { type: string }) => entry.type === 'payment-recorded')).toHaveLength(
      1,
    );

    // Money for a quote the coordinator withdrew: not applied, kept on the case to refund.
    const second = await local.sufficientCase('Otieno Barasa', 'en');
    const oldQuote = (
      await local.api.call('POST', `/cases/${second.caseId}/quote`, coordinator(), {
        hospitalId: hospital.hospitalId,
      })
    ).body.quote;
    await local.api.call('POST', `/cases/${second.caseId}/quote`, coordinator(), {
      hospitalId: hospital.hospitalId,
    });
    const late = paidSession('evt_late_1', second.caseId, oldQuote);
    expect(await (await webhook(late, sign(late))).json()).toEqual({ received: true, applied: true });
    const secondView = (await local.api.call('GET', `/cases/${second.caseId}`, coordinator())).body;
    expect(secondView.quotes.map((q: { status: string }) => q.status)).toEqual(['withdrawn', 'issued']);
    expect(
      secondView.timeline.find((entry: { type: string }) => entry.type === 'payment-unmatched')?.detail,
    ).toContain('pi_evt_late_1');
  }, 120_000);

  it('confirms a strategy call paid by card once, and keeps card money that came twice as a refund to send', async () => {
    const offer = (await local.api.call('GET', '/booking/slots', '')).body;
    expect(offer.cardPayments).toBe(true);
    const held = await local.api.call('POST', '/booking/holds', '', {
      start: offer.slots[0].start,
      fullName: 'Achieng Otieno',
      email: 'achieng@example.org',
      country: 'Kenya',
      language: 'en',
      question: 'Is my plan right?',
    });
    const bookingId = held.body.booking.bookingId as string;
    const callSession = (eventId: string) => checkoutCompleted(eventId, 2900, { bookingId });
    const forged = callSession('evt_call_forged');
    expect((await webhook(forged, sign(forged, 'whsec_other'))).status).toBe(400);
    const paid = callSession('evt_call_1');
    expect(await (await webhook(paid, sign(paid))).json()).toEqual({ received: true, applied: true });
    expect(await (await webhook(paid, sign(paid))).json()).toEqual({ received: true, applied: false });
    const day = offer.slots[0].start.slice(0, 10);
    const listed = async () =>
      (await local.api.call('GET', `/bookings?date=${day}`, coordinator())).body as {
        bookings: { bookingId: string; status: string; payment?: { method: string; reference: string } }[];
        refundsDue: { bookingId: string; surplusPayment?: { reference: string } }[];
      };
    expect((await listed()).bookings.find((booking) => booking.bookingId === bookingId)).toMatchObject({
      status: 'confirmed',
      payment: { method: 'card', reference: 'pi_evt_call_1' },
    });
    const mail = (await local.mail(bookingId)).filter((message) => message.key === 'call-confirmed');
    expect(mail).toHaveLength(1);
    expect(mail[0]?.text).toMatch(/book#manage=bt_/);

    // A second Checkout paid for the same call (two tabs): kept as money to send back.
    const twice = callSession('evt_call_2');
    expect(await (await webhook(twice, sign(twice))).json()).toEqual({ received: true, applied: true });
    const after = await listed();
    expect(after.bookings.find((booking) => booking.bookingId === bookingId)?.status).toBe('confirmed');
    expect(after.refundsDue).toEqual([
      expect.objectContaining({
        bookingId,
        surplusPayment: expect.objectContaining({ reference: 'pi_evt_call_2' }),
      }),
    ]);
  }, 60_000);
});
