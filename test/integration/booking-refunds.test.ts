import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getBooking, markRefundDue, refundsDue, saveBooking } from '../../functions/adapters/booking-store';
import { forgetStripeCredentials } from '../../functions/adapters/card-payments';
import { env, tables } from '../../functions/contract';
import { type Booking, decideUnplacedPayment, newHold } from '../../functions/core/booking/booking';
import { refundBooking } from '../../functions/services/booking-payments';
import { useLocalDynamo } from './local-dynamo';

/**
 * A card refund for a strategy call, from the booking in local DynamoDB to the request Stripe's
 * own client sends (captured at fetch): refunded once, keyed by the booking, off the list.
 */
describe('refunding a call paid by card', () => {
  useLocalDynamo('booking-refunds');
  const secrets = mockClient(SecretsManagerClient);
  const requests: { url: string; headers: Headers; body: string }[] = [];
  beforeAll(() => {
    process.env[tables.audit.envVar] = tables.audit.id;
    process.env[env.stripeSecretArn] = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:stripe';
    forgetStripeCredentials();
    secrets.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({ apiKey: 'sk_test_unit', webhookSecret: 'whsec_unit' }),
    });
    vi.stubGlobal('fetch', async (url: string | URL, init: RequestInit) => {
      requests.push({
        url: String(url),
        headers: new Headers(init.headers as ConstructorParameters<typeof Headers>[0]),
        body: String(init.body ?? ''),
      });
      return new Response(JSON.stringify({ id: `re_${requests.length}`, object: 'refund' }), {
        status: 200,
        headers: { 'content-type': 'application/json', 'request-id': 'req_unit' },
      });
    });
  });
  afterAll(() => {
    vi.unstubAllGlobals();
    secrets.restore();
    delete process.env[env.stripeSecretArn];
  });

  it('refunds the card payment through Stripe once, and takes the call off the refunds to send', async () => {
    const now = new Date('2027-03-15T08:00:00Z');
    const hold = newHold({
      bookingId: 'bk_cardrefund0001',
      start: '2027-03-17T07:00:00.000Z',
      coordinatorId: 'coord-a',
      visitor: { fullName: 'Achieng Otieno', email: 'a@example.org', country: 'Kenya', language: 'en' },
      question: 'Q',
      price: { currency: 'USD', amount: 2900 },
      now,
    });
    await saveBooking(hold);
    const kept: Booking = decideUnplacedPayment(
      hold,
      { method: 'card', reference: 'pi_call_1', amount: 2900, receivedOn: '2027-03-15' },
      { now, by: 'stripe-webhook' },
    );
    await saveBooking(kept);
    await markRefundDue(kept);
    expect((await refundsDue()).map((booking) => booking.bookingId)).toEqual([hold.bookingId]);

    const actor = { role: 'coordinator', id: 'coord-a' } as const;
    const refunded = await refundBooking(hold.bookingId, {}, actor, now);
    expect(refunded.refund).toMatchObject({ method: 'card', reference: 're_1', amount: 2900 });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe('https://api.stripe.com/v1/refunds');
    expect(requests[0]?.headers.get('idempotency-key')).toBe(`refund-${hold.bookingId}`);
    const form = new URLSearchParams(requests[0]?.body);
    expect([form.get('payment_intent'), form.get('amount')]).toEqual(['pi_call_1', '2900']);
    expect(await refundsDue()).toEqual([]);
    // Asked again: the recorded refund, and no second request to Stripe.
    expect((await refundBooking(hold.bookingId, {}, actor, now)).refund?.reference).toBe('re_1');
    expect(requests).toHaveLength(1);
    expect((await getBooking(hold.bookingId))?.refund?.reference).toBe('re_1');
  });
});
