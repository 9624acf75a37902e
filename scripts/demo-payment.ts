import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatMoney } from '../functions/core/money';
import { remoteReviewLimitIds } from '../functions/core/opinion';
import type { ApiClient, ApiResponse } from './api-client';
import { waitFor } from './api-client';
import { patientUploader } from './case-steps';
import { chargingHospitalInput, makeDicom, makePdf, sampleTreatmentHistory } from './fixtures';
import type { Endpoints } from './local/backend';
import { projectRoot } from './local/backend';

const DEMO_HOSPITAL = 'Demo Charging Cancer Centre (sample)';

/**
 * The demo's paid review: a hospital that charges through the service (created once, with a fee
 * schedule; the sample hospitals have none), a case whose records are sufficient, the quote, the
 * patient's acceptance, the bank transfer the coordinator records, the submission, and the
 * receipt the patient downloads (saved in .local/demo). Every step is a real HTTP call.
 */
export async function paidReview(
  api: ApiClient,
  endpoints: Endpoints,
  step: (text: string) => void,
  say: (text: string) => void,
  expect: <T>(response: ApiResponse<T>, status: number, what: string) => T,
): Promise<void> {
  const coordinator = endpoints.coordinatorToken;
  const sample = endpoints.hospitals[0]!;
  step('A review at a hospital that charges: the quote, the bank transfer and the receipt.');
  const listed = (await api.call('GET', '/hospitals', coordinator)).body.hospitals as {
    hospitalId: string;
    name: string;
    relayRegion: string;
  }[];
  let hospitalId = listed.find((entry) => entry.name === DEMO_HOSPITAL)?.hospitalId;
  if (!hospitalId) {
    const created = expect(
      await api.call(
        'POST',
        '/hospitals',
        coordinator,
        chargingHospitalInput(
          DEMO_HOSPITAL,
          listed.find((entry) => entry.hospitalId === sample.hospitalId)!.relayRegion,
        ),
      ),
      201,
      'create the charging hospital',
    );
    hospitalId = created.hospital.hospitalId as string;
  }
  const relayToken = expect(
    await api.call('POST', `/hospitals/${hospitalId}/tokens`, coordinator, { lifetimeDays: 1 }),
    201,
    'hospital token',
  ).token as string;
  say(`${DEMO_HOSPITAL}: USD 1,200.00 for the review, plus the deployment's coordination fee`);

  const fullName = 'Fatuma Demo-Wanjiru';
  // It begins with the strategy call: booked on the public page, paid by transfer, confirmed.
  const offer = expect(await api.call('GET', '/booking/slots', ''), 200, 'the free call times');
  const slot = (offer.slots as { start: string }[])[0];
  if (!slot) throw new Error('the booking page offers no time in the next three weeks');
  const held = expect(
    await api.call('POST', '/booking/holds', '', {
      start: slot.start,
      fullName,
      email: 'fatuma.demo@example.org',
      country: 'Kenya',
      language: 'fr',
      question: 'Is breast-conserving surgery still possible for me?',
      timeZone: 'Africa/Nairobi',
    }),
    201,
    'hold the strategy call',
  );
  const bookingId = held.booking.bookingId as string;
  expect(
    await api.call('POST', `/bookings/${bookingId}/payment`, coordinator, {
      reference: `DEMO-CALL-${bookingId.slice(-6)}`,
      receivedOn: new Date().toISOString().slice(0, 10),
    }),
    200,
    'record the call’s transfer',
  );
  say(
    `Strategy call ${bookingId} at ${slot.start} (UTC): ${formatMoney(offer.price, 'en')} received by transfer, confirmed by email with its invitation`,
  );
  const opened = expect(
    await api.call('POST', '/cases', coordinator, {
      // The case the call became: the booking names it.
      bookingId,
      patient: {
        fullName,
        email: 'fatuma.demo@example.org',
        dateOfBirth: '1968-11-02',
        sex: 'female',
        country: 'Kenya',
        language: 'fr',
      },
      cancerType: 'breast',
      question: 'Is breast-conserving surgery still possible for me?',
    }),
    201,
    'open the paid case',
  );
  const { caseId, patientToken } = opened as { caseId: string; patientToken: string };
  const upload = patientUploader(api, patientToken);
  await upload(
    'pathology-report',
    'pathology-report.pdf',
    'application/pdf',
    makePdf([
      'Invasive ductal carcinoma, grade 2, pT1cN0',
      'ER positive (90%), PR positive, HER2 negative (1+)',
    ]),
  );
  await upload(
    'imaging',
    'mammography.dcm',
    'application/dicom',
    makeDicom({ patientName: 'Demo-Wanjiru^Fatuma', patientBirthDate: '19681102' }),
  );
  await waitFor('validation', async () => {
    const view = (await api.call('GET', '/patient/case', patientToken)).body;
    const items = view.checklist as { status: string }[];
    return items.filter((item) => item.status === 'accepted').length >= 2 ? true : undefined;
  });
  expect(
    await api.call('PUT', '/patient/treatment-history', patientToken, sampleTreatmentHistory()),
    200,
    'history',
  );

  const quote = expect(
    await api.call('POST', `/cases/${caseId}/quote`, coordinator, { hospitalId }),
    201,
    'quote',
  ).quote as { quoteId: string; total: number; currency: string; lines: { code: string; amount: number }[] };
  const money = (amount: number) => formatMoney({ currency: quote.currency, amount }, 'en');
  for (const line of quote.lines) say(`quote: ${line.code} ${money(line.amount)}`);
  say(`total ${money(quote.total)}, valid 14 days; the patient sees it on their page, in French`);
  expect(
    await api.call('POST', '/patient/quote/accept', patientToken, { quoteId: quote.quoteId }),
    200,
    'accept',
  );
  const bank = (await api.call('GET', '/patient/case', patientToken)).body.quote.bankTransfer as {
    details: string[];
    reference: string;
  };
  say(`the patient pays by bank transfer to ${bank.details[1]}, reference ${bank.reference}`);
  const paid = expect(
    await api.call('POST', `/cases/${caseId}/quote/payment`, coordinator, {
      quoteId: quote.quoteId,
      method: 'bank-transfer',
      reference: 'DEMO-BANK-0001',
      currency: quote.currency,
      amount: quote.total,
      receivedOn: new Date().toISOString().slice(0, 10),
    }),
    201,
    'record the transfer',
  ).quote as { payment: { invoice: { number: string } } };
  const number = paid.payment.invoice.number;
  say(`the coordinator recorded the transfer; receipt ${number}`);
  expect(
    await api.call('POST', '/patient/consent', patientToken, {
      hospitalId,
      accepted: true,
      acknowledgedLimits: remoteReviewLimitIds,
      fullName,
    }),
    200,
    'consent',
  );
  expect(await api.call('POST', `/cases/${caseId}/submit`, coordinator, { hospitalId }), 202, 'submit');
  await waitFor('delivery', async () => {
    const cases = (await api.call('GET', '/relay/cases', relayToken)).body.cases as { caseId: string }[];
    return cases.some((entry) => entry.caseId === caseId) ? true : undefined;
  });
  say('paid: the case was submitted and the hospital lists it');
  const link = expect(
    await api.call('GET', `/patient/receipts/${number}`, patientToken),
    200,
    'receipt link',
  );
  const pdf = Buffer.from(await (await fetch(link.url as string)).arrayBuffer());
  const demoDir = join(projectRoot, '.local', 'demo');
  await mkdir(demoDir, { recursive: true });
  await writeFile(join(demoDir, `${number}.pdf`), pdf);
  say(
    `the patient downloaded the receipt (${pdf.length} bytes, French and English, ICD-10 C50.9 / ICD-10-CM C50.919): .local/demo/${number}.pdf`,
  );
}
