import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useLocalBackend } from './harness';

const folder = mkdtempSync(join(tmpdir(), 'oso-payments-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const pdfText = (pdf: Buffer) => {
  const path = join(folder, 'receipt.pdf');
  writeFileSync(path, pdf);
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).replace(/\u00a0/g, ' ');
};

/**
 * The quote and the payment for a review, through the HTTP API: refused while the records are
 * insufficient, accepted by the patient, paid by bank transfer as the coordinator records it,
 * then the case runs and the patient downloads the receipt that names the diagnosis code. A
 * cancelled review is refunded with a credit note. The sample hospitals have no fee schedule
 * (every other e2e test submits to them without a quote).
 */
describe('quotes, payments and receipts', () => {
  const local = useLocalBackend('payments');
  const coordinator = () => local.backend.endpoints.coordinatorToken;

  it('takes a case from quote to a receipt with the ICD-10 code, and refunds a cancelled review', async () => {
    const hospital = await local.chargingHospital();
    const fullName = 'Amina Wanjiru Otieno';

    // Before the records are sufficient: no quote.
    const early = await local.openCase({ fullName, cancerType: 'breast' });
    const refused = await local.api.call('POST', `/cases/${early.caseId}/quote`, coordinator(), {
      hospitalId: hospital.hospitalId,
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body.error.code).toBe('not_ready');

    const { caseId, patientToken } = await local.sufficientCase(fullName, 'fr');
    const issued = await local.api.call('POST', `/cases/${caseId}/quote`, coordinator(), {
      hospitalId: hospital.hospitalId,
    });
    expect(issued.status).toBe(201);
    const quote = issued.body.quote as {
      quoteId: string;
      total: number;
      currency: string;
      lines: { code: string }[];
    };
    // The review and the deployment's coordination fee (USD 150.00 locally).
    expect(quote.lines.map((line) => line.code)).toEqual(['review', 'coordination']);
    expect(quote.total).toBe(135_000);

    const seen = (await local.api.call('GET', '/patient/case', patientToken)).body;
    expect(seen.quote).toMatchObject({ quoteId: quote.quoteId, status: 'issued', total: 135_000 });
    expect(seen.quote.bankTransfer.reference).toBe(quote.quoteId);
    expect(seen.quote.bankTransfer.details.join(' ')).toContain('IBAN');
    expect(JSON.stringify(seen.quote)).not.toContain('issuedBy');
    // No card provider locally: the page offers none, and the route says so.
    expect(seen.quote.card).toBeUndefined();
    const card = await local.api.call('POST', '/patient/quote/checkout', patientToken, {
      quoteId: quote.quoteId,
    });
    expect([card.status, card.body.error.code]).toEqual([409, 'card_payments_off']);

    await local.consent(patientToken, hospital.hospitalId, fullName);
    const unpaid = await local.api.call('POST', `/cases/${caseId}/submit`, coordinator(), {
      hospitalId: hospital.hospitalId,
    });
    expect(unpaid.status).toBe(409);
    expect(unpaid.body.error.code).toBe('payment_required');

    expect(
      (await local.api.call('POST', '/patient/quote/accept', patientToken, { quoteId: quote.quoteId })).body
        .quote.status,
    ).toBe('accepted');
    const transfer = {
      quoteId: quote.quoteId,
      method: 'bank-transfer',
      reference: 'BANK-REF-7781',
      currency: 'USD',
      receivedOn: '2026-11-30',
    };
    const short = await local.api.call('POST', `/cases/${caseId}/quote/payment`, coordinator(), {
      ...transfer,
      amount: 134_999,
    });
    expect(short.body.error.code).toBe('amount_mismatch');
    const paid = await local.api.call('POST', `/cases/${caseId}/quote/payment`, coordinator(), {
      ...transfer,
      amount: 135_000,
    });
    expect(paid.status).toBe(201);
    const invoice = paid.body.quote.payment.invoice as { number: string; sequence: number };
    expect(invoice.number).toMatch(/^INV-\d{4}-000001$/);
    // Sent again (a double click, a retry): the same payment and number, not a second one.
    const again = await local.api.call('POST', `/cases/${caseId}/quote/payment`, coordinator(), {
      ...transfer,
      amount: 135_000,
    });
    expect(again.status).toBe(200);
    expect(again.body.quote.payment.invoice.number).toBe(invoice.number);

    const submitted = await local.api.call('POST', `/cases/${caseId}/submit`, coordinator(), {
      hospitalId: hospital.hospitalId,
    });
    expect(submitted.status).toBe(202);
    await local.waitForDelivery(caseId, hospital.token);
    const late = await local.api.call('POST', `/cases/${caseId}/quote/refund`, coordinator(), {
      quoteId: quote.quoteId,
      reason: 'Asked after delivery',
      reference: 'X',
    });
    expect(late.body.error.code).toBe('already_submitted');

    // The patient downloads the receipt from their page's link; the coordinator from the console's.
    const view = (await local.api.call('GET', '/patient/case', patientToken)).body;
    expect(view.quote.receipts).toEqual([{ kind: 'receipt', number: invoice.number }]);
    const link = await local.api.call('GET', `/patient/receipts/${invoice.number}`, patientToken);
    expect(link.status).toBe(200);
    const pdf = Buffer.from(await (await fetch(link.body.url)).arrayBuffer());
    const text = pdfText(pdf);
    for (const expected of [
      invoice.number,
      fullName,
      'C50.9',
      'C50.919',
      'USD 1,350.00',
      'BANK-REF-7781',
      'Reçu',
      'Example Charging Cancer Centre',
    ])
      expect(text).toContain(expected);
    const coordinatorLink = await local.api.call(
      'GET',
      `/cases/${caseId}/receipts/${invoice.number}`,
      coordinator(),
    );
    expect(coordinatorLink.status).toBe(200);
    expect((await local.api.call('GET', `/patient/receipts/INV-2000-000009`, patientToken)).status).toBe(404);
    // Another patient's token cannot read this case's receipt.
    expect(
      (await local.api.call('GET', `/patient/receipts/${invoice.number}`, early.patientToken)).status,
    ).toBe(404);

    // A second case, paid and then cancelled before submission: refunded in full, with a credit note.
    const second = await local.sufficientCase('Joseph Mwangi', 'en');
    const secondQuote = (
      await local.api.call('POST', `/cases/${second.caseId}/quote`, coordinator(), {
        hospitalId: hospital.hospitalId,
      })
    ).body.quote;
    const secondPaid = await local.api.call('POST', `/cases/${second.caseId}/quote/payment`, coordinator(), {
      ...transfer,
      quoteId: secondQuote.quoteId,
      reference: 'BANK-REF-7782',
      amount: secondQuote.total,
    });
    expect(secondPaid.body.quote.payment.invoice.sequence).toBe(invoice.sequence + 1);
    await local.api.call('POST', `/cases/${second.caseId}/cancel`, coordinator(), {
      reason: 'The patient chose surgery at home.',
    });
    const refund = await local.api.call('POST', `/cases/${second.caseId}/quote/refund`, coordinator(), {
      quoteId: secondQuote.quoteId,
      reason: 'Cancelled before submission',
      reference: 'BANK-REFUND-1',
    });
    expect(refund.status).toBe(200);
    const creditNote = refund.body.quote.refund.creditNote.number as string;
    expect(creditNote).toMatch(/^CN-\d{4}-000001$/);
    const noteLink = await local.api.call(
      'GET',
      `/cases/${second.caseId}/receipts/${creditNote}`,
      coordinator(),
    );
    const noteText = pdfText(Buffer.from(await (await fetch(noteLink.body.url)).arrayBuffer()));
    expect(noteText).toContain(creditNote);
    expect(noteText).toContain(secondPaid.body.quote.payment.invoice.number);
  }, 120_000);
});
