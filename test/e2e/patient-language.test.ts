import { describe, expect, it } from 'vitest';
import { MessageCatalogue } from '../../functions/core/message-catalogue';
import { emailCatalogues, emailSource } from '../../functions/core/messages/patient-email-catalogues';
import { serverCatalogues } from '../../functions/core/server-catalogues';
import { formatServerMessage } from '../../functions/core/server-messages';
import { putPresigned } from '../../scripts/api-client';
import { makePdf } from '../../scripts/fixtures';
import { useLocalBackend } from './harness';

const local = useLocalBackend('patient-language');
const arabic = /\p{Script=Arabic}/u;
const email = new MessageCatalogue('ar', emailCatalogues.ar, emailSource);
const server = new MessageCatalogue('ar', serverCatalogues.ar, serverCatalogues.en);

/** The part of an email above its English copy. */
const translatedPart = (text: string) => text.slice(0, text.indexOf('\n----------\n'));

describe('a case opened in Arabic', () => {
  it('emails the first link, what is missing, the new date, the report and the answers in Arabic, with an English copy', async () => {
    const opened = await local.openCase({ language: 'ar', emailPatientLink: true });
    const coordinator = local.backend.endpoints.coordinatorToken;
    const [link] = await local.mail(opened.caseId);
    expect(link).toMatchObject({ key: 'patient-link', to: 'patient@example.org' });
    expect(link?.subject).toBe(email.format('uploadLink.subject'));
    expect(translatedPart(link?.text ?? '')).toContain(opened.patientLink);
    expect(translatedPart(link?.text ?? '')).toMatch(arabic);
    expect(link?.text).toContain('English copy of this message');
    expect(link?.text).toContain('Your second opinion: please send your records');

    // The patient's view: the language, and every gap by code with its English beside it.
    const view = (await local.api.call('GET', '/patient/case', opened.patientToken)).body;
    expect(view.language).toBe('ar');
    const missingImaging = view.gaps.find((gap: { gapId: string }) => gap.gapId === 'imaging:missing');
    expect(missingImaging).toMatchObject({
      code: 'missing-imaging',
      message: expect.stringMatching(/^[A-Z]/),
    });

    // What is still missing, each gap in Arabic, with a new link.
    const sent = await local.api.call('POST', `/cases/${opened.caseId}/patient-emails`, coordinator, {
      kind: 'missing-records',
    });
    expect(sent.status).toBe(202);
    expect(sent.body.gapIds).toEqual(view.gaps.map((gap: { gapId: string }) => gap.gapId));
    const missing = (await local.mail(opened.caseId)).find((mail) =>
      mail.key.startsWith('patient-missing-records-'),
    );
    expect(missing?.subject).toBe(email.format('missingRecords.subject'));
    const list = translatedPart(missing?.text ?? '');
    expect(list).toContain(`- ${formatServerMessage(server, 'gap.missing-imaging')}`);
    expect(list).toMatch(/#tok_|upload#/);
    expect(
      (await local.api.call('POST', `/cases/${opened.caseId}/patient-emails`, coordinator, { kind: 'other' }))
        .status,
    ).toBe(400);
    const again = await local.api.call('POST', `/cases/${opened.caseId}/patient-emails`, coordinator, {
      kind: 'upload-link',
    });
    expect(again.status).toBe(202);
    const links = (await local.mail(opened.caseId)).filter((mail) =>
      mail.key.startsWith('patient-upload-link-'),
    );
    expect(links).toHaveLength(1);
    // The new link opens the case.
    const newLink = translatedPart(links[0]?.text ?? '').match(/upload#(\S+)/)?.[1] ?? '';
    expect((await local.api.call('GET', '/patient/case', newLink)).status).toBe(200);
  });

  it('tells an Arabic reader of a delivered case the new date, the report and the answers in Arabic', async () => {
    const delivered = await local.deliveredCase({ language: 'ar' });
    const { caseId, patientToken, hospital } = delivered;
    // Nothing is missing any more: the coordinator is told so.
    const nothing = await local.api.call(
      'POST',
      `/cases/${caseId}/patient-emails`,
      local.backend.endpoints.coordinatorToken,
      { kind: 'missing-records' },
    );
    expect(nothing.status).toBe(409);
    await local.completeCase(delivered, {
      plainLanguageSummary: 'The specialist agrees with your plan.',
      beforeReport: async () => {
        const extended = await local.api.call('POST', `/relay/cases/${caseId}/extension`, hospital.token, {
          businessDays: 2,
          reason: 'A multi-specialist review.',
        });
        expect(extended.status).toBe(200);
      },
    });
    await local.api.call('POST', '/patient/questions', patientToken, { question: 'Can I travel?' });
    const questions = await local.api.call('GET', `/relay/cases/${caseId}/questions`, hospital.token);
    const bytes = makePdf(['Addendum: answers to the patient questions.']);
    const upload = await local.api.call('POST', `/relay/cases/${caseId}/report-uploads`, hospital.token, {
      fileName: 'addendum.pdf',
      contentType: 'application/pdf',
      size: bytes.length,
    });
    await putPresigned(upload.body as never, bytes);
    const answered = await local.api.call('POST', `/relay/cases/${caseId}/addendum`, hospital.token, {
      uploadId: upload.body.uploadId,
      answers: [{ questionId: questions.body.questions[0].questionId, answer: 'Yes.' }],
    });
    expect(answered.status).toBe(200);

    const mails = await local.mail(caseId);
    const toPatient = mails.filter((mail) => mail.to === 'patient@example.org');
    const subjects = new Map(toPatient.map((mail) => [mail.key.replace(/-[^-]*$/, ''), mail.subject]));
    expect(subjects.get('extension-1')).toBe(email.format('deadlineExtended.subject'));
    expect(toPatient.find((mail) => mail.key.startsWith('addendum-'))?.subject).toBe(
      email.format('addendum.subject'),
    );
    expect(toPatient.find((mail) => mail.key.startsWith('patient-report'))?.subject).toBe(
      email.format('reportReady.subject'),
    );
    for (const mail of toPatient) {
      expect(translatedPart(mail.text), mail.key).toMatch(arabic);
      expect(mail.text, mail.key).not.toMatch(/[{}]/);
    }

    // The report: the summary is said to be untranslated here (no translator runs locally), by code.
    const report = (await local.api.call('GET', '/patient/report', patientToken)).body;
    expect(report.summaryTranslation).toEqual({ language: 'ar', method: 'untranslated' });
    expect(report.translation).toMatchObject({
      language: 'ar',
      method: 'untranslated',
      noteCode: 'untranslated',
    });
    expect(report.plainLanguageSummary).toBe('The specialist agrees with your plan.');
  }, 120_000);
});
