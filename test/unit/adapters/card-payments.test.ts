import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createCallCheckout,
  createCheckout,
  forgetStripeCredentials,
  refundCard,
  verifiedEvent,
  WebhookSignatureError,
} from '../../../functions/adapters/card-payments';
import { ConfigurationError } from '../../../functions/adapters/settings';
import { env } from '../../../functions/contract';
import type { Quote } from '../../../functions/core/case/quote';

/**
 * The Stripe boundary as far as the library lets it be tested without Stripe: the requests its
 * own HTTP client sends (captured at fetch, the hook its fetch client is built on), and its own
 * webhook signatures (its test header generator). Nothing here reaches Stripe.
 */
const secrets = mockClient(SecretsManagerClient);
const credentials = { apiKey: 'sk_test_unit', webhookSecret: 'whsec_unit' };
const requests: { url: string; method: string; headers: Record<string, string>; body: string }[] = [];
const answers: unknown[] = [];

beforeEach(() => {
  process.env[env.stripeSecretArn] = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:stripe';
  forgetStripeCredentials();
  secrets.reset();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(credentials) });
  requests.length = 0;
  vi.stubGlobal('fetch', async (url: string | URL, init: RequestInit) => {
    requests.push({
      url: String(url),
      method: String(init.method),
      headers: Object.fromEntries(
        new Headers(init.headers as ConstructorParameters<typeof Headers>[0]).entries(),
      ),
      body: String(init.body ?? ''),
    });
    return new Response(JSON.stringify(answers.shift() ?? {}), {
      status: 200,
      headers: { 'content-type': 'application/json', 'request-id': 'req_unit' },
    });
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  delete process.env[env.stripeSecretArn];
});

const quote: Quote = {
  quoteId: 'qt_unitquote0001',
  hospitalId: 'hosp-fees',
  currency: 'USD',
  lines: [{ code: 'review', quantity: 1, unitAmount: 135_000, amount: 135_000 }],
  total: 135_000,
  issuedAt: '2027-03-03T00:00:00.000Z',
  validUntil: '2027-03-17T00:00:00.000Z',
  issuedBy: 'coord-1',
  status: 'accepted',
};

describe('Stripe Checkout and refunds', () => {
  it('creates the Checkout Session for the exact total in minor units, keyed by the quote', async () => {
    answers.push({
      id: 'cs_test_1',
      object: 'checkout.session',
      url: 'https://checkout.stripe.com/c/pay/cs_test_1',
    });
    const session = await createCheckout({
      caseId: 'case_unit0001',
      quote,
      description: 'Second-opinion review, case case_unit0001',
      customerEmail: 'patient@example.org',
      returnUrl: 'https://patients.example.org/upload',
    });
    expect(session).toEqual({ id: 'cs_test_1', url: 'https://checkout.stripe.com/c/pay/cs_test_1' });
    const [request] = requests;
    expect(request?.url).toBe('https://api.stripe.com/v1/checkout/sessions');
    expect(request?.method).toBe('POST');
    expect(request?.headers['idempotency-key']).toBe('checkout-qt_unitquote0001');
    expect(request?.headers.authorization).toBe('Bearer sk_test_unit');
    const form = new URLSearchParams(request?.body);
    expect(form.get('mode')).toBe('payment');
    expect(form.get('line_items[0][price_data][unit_amount]')).toBe('135000');
    expect(form.get('line_items[0][price_data][currency]')).toBe('usd');
    expect(form.get('metadata[caseId]')).toBe('case_unit0001');
    expect(form.get('metadata[quoteId]')).toBe('qt_unitquote0001');
    expect(form.get('payment_intent_data[metadata][quoteId]')).toBe('qt_unitquote0001');
    expect(form.get('client_reference_id')).toBe('qt_unitquote0001');
  });

  it('creates a strategy call’s Checkout Session for its price, naming only the booking, keyed by it', async () => {
    answers.push({
      id: 'cs_call_1',
      object: 'checkout.session',
      url: 'https://checkout.stripe.com/c/pay/cs_call_1',
    });
    const session = await createCallCheckout({
      booking: {
        bookingId: 'bk_unitcall0001',
        price: { currency: 'USD', amount: 2900 },
        visitor: { fullName: 'Achieng Otieno', email: 'a@example.org', country: 'Kenya', language: 'en' },
      },
      description: 'Strategy call: second opinion (30 minutes)',
      returnUrl: 'https://patients.example.org/book',
    });
    expect(session.url).toBe('https://checkout.stripe.com/c/pay/cs_call_1');
    const [request] = requests;
    expect(request?.url).toBe('https://api.stripe.com/v1/checkout/sessions');
    expect(request?.headers['idempotency-key']).toBe('checkout-bk_unitcall0001');
    const form = new URLSearchParams(request?.body);
    expect(form.get('line_items[0][price_data][unit_amount]')).toBe('2900');
    expect(form.get('line_items[0][price_data][currency]')).toBe('usd');
    expect(form.get('metadata[bookingId]')).toBe('bk_unitcall0001');
    expect(form.get('customer_email')).toBe('a@example.org');
    // Ids only: no name, no question.
    expect(request?.body).not.toContain('Achieng');
  });

  it('refunds the payment intent in full, keyed by the refund', async () => {
    answers.push({ id: 're_test_1', object: 'refund' });
    expect(await refundCard('pi_test_1', 135_000, 'qt_unitquote0001')).toBe('re_test_1');
    const form = new URLSearchParams(requests[0]?.body);
    expect(requests[0]?.url).toBe('https://api.stripe.com/v1/refunds');
    expect(requests[0]?.headers['idempotency-key']).toBe('refund-qt_unitquote0001');
    expect([form.get('payment_intent'), form.get('amount')]).toEqual(['pi_test_1', '135000']);
  });

  it('reads the key from Secrets Manager once, and says which setting is wrong', async () => {
    answers.push({ id: 're_1' }, { id: 're_2' });
    await refundCard('pi_1', 1, 'a');
    await refundCard('pi_2', 1, 'b');
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    forgetStripeCredentials();
    secrets.on(GetSecretValueCommand).resolves({ SecretString: '{"apiKey":"sk_only"}' });
    await expect(refundCard('pi_3', 1, 'c')).rejects.toEqual(
      new ConfigurationError('STRIPE_SECRET_ARN', 'invalid'),
    );
    delete process.env[env.stripeSecretArn];
    forgetStripeCredentials();
    await expect(refundCard('pi_4', 1, 'd')).rejects.toBeInstanceOf(ConfigurationError);
  });
});

describe('Stripe webhook signatures', () => {
  const payload = JSON.stringify({
    id: 'evt_unit_1',
    object: 'event',
    type: 'checkout.session.completed',
    created: 1_804_000_000,
    data: { object: {} },
  });
  const signed = (body: string, secret = credentials.webhookSecret, timestamp?: number) =>
    Stripe.webhooks.generateTestHeaderString({ payload: body, secret, ...(timestamp ? { timestamp } : {}) });

  it('accepts an event signed with the endpoint’s secret', async () => {
    expect((await verifiedEvent(payload, signed(payload))).id).toBe('evt_unit_1');
  });

  it('refuses a bad signature, an altered body, a missing header and an old timestamp', async () => {
    await expect(verifiedEvent(payload, signed(payload, 'whsec_someone_else'))).rejects.toBeInstanceOf(
      WebhookSignatureError,
    );
    await expect(
      verifiedEvent(payload.replace('evt_unit_1', 'evt_forged'), signed(payload)),
    ).rejects.toBeInstanceOf(WebhookSignatureError);
    await expect(verifiedEvent(payload, undefined)).rejects.toBeInstanceOf(WebhookSignatureError);
    const anHourAgo = Math.floor(Date.now() / 1000) - 3600;
    await expect(
      verifiedEvent(payload, signed(payload, credentials.webhookSecret, anHourAgo)),
    ).rejects.toBeInstanceOf(WebhookSignatureError);
  });
});
