import { describe, expect, it } from 'vitest';
import { remoteReviewLimitIds } from '../../functions/core/opinion';
import { putPresigned, waitFor } from '../../scripts/api-client';
import { makePdf, sampleOpinion } from '../../scripts/fixtures';
import { useLocalBackend } from './harness';

describe('the structured opinion, the draft summary and conflicting opinions', () => {
  const local = useLocalBackend('opinion');
  const coordinator = () => local.backend.endpoints.coordinatorToken;

  it('asks the patient to acknowledge every limit of a remote review at consent', async () => {
    const { patientToken } = await local.openCase();
    const hospital = local.backend.endpoints.hospitals[0]!;
    const partial = await local.api.call('POST', '/patient/consent', patientToken, {
      hospitalId: hospital.hospitalId,
      accepted: true,
      fullName: 'Test Patient',
      acknowledgedLimits: ['tissue-reread', 'imaging-age'],
    });
    expect(partial.status).toBe(400);
    expect(partial.body.error.details[0]).toMatchObject({ path: 'acknowledgedLimits' });
    const full = await local.api.call('POST', '/patient/consent', patientToken, {
      hospitalId: hospital.hospitalId,
      accepted: true,
      fullName: 'Test Patient',
      acknowledgedLimits: remoteReviewLimitIds,
    });
    expect(full.status).toBe(200);
    expect(full.body.consent.acknowledgedLimits).toEqual(remoteReviewLimitIds);
  });

  it('stores the opinion, flags where it diverges, drafts a summary from its fields, and opens a third review', async () => {
    const { caseId, patientToken, hospital } = await local.deliveredCase({ fullName: 'Oriel Vantongeren' });
    await local.api.call('POST', `/relay/cases/${caseId}/receipt`, hospital.token, { complete: true });
    await waitFor('the report wait', async () =>
      (await local.entered(caseId, 'WaitForReport')) > 0 ? true : undefined,
    );

    const bytes = makePdf(['Second opinion: enrolment in a clinical trial is recommended.']);
    const upload = await local.api.call('POST', `/relay/cases/${caseId}/report-uploads`, hospital.token, {
      fileName: 'opinion.pdf',
      contentType: 'application/pdf',
      size: bytes.length,
    });
    expect((await putPresigned(upload.body as never, bytes)).status).toBe(200);
    const opinion = sampleOpinion({
      outcome: 'travel-recommended',
      travelReasons: [{ reason: 'clinical-trial', trialId: 'NCT01234567' }, { reason: 'novel-drug' }],
      stagingAgreement: { agrees: false, specialistStaging: 'pT2N1M0' },
      recommendedPath: 'clinical-trial',
      optionsRecommended: ['Screening for the trial at the hospital.'],
      limitsNoted: ['resectability', 'tissue-reread'],
    });
    const report = (body: Record<string, unknown>) =>
      local.api.call('POST', `/relay/cases/${caseId}/report`, hospital.token, {
        uploadId: upload.body.uploadId,
        specialist: { name: 'Dr. Sample Specialist', department: 'Thoracic Oncology' },
        language: 'en',
        ...body,
      });
    // A trial without its registry id is refused at the field.
    const noTrialId = await report({
      opinion: { ...opinion, travelReasons: [{ reason: 'clinical-trial' }] },
    });
    expect(noTrialId.status).toBe(400);
    expect(noTrialId.body.error.details[0].path).toBe('opinion.travelReasons.0.trialId');
    expect((await report({ opinion })).status).toBe(200);

    const view = await local.api.call('GET', `/cases/${caseId}`, coordinator());
    expect(view.body.report.opinion).toMatchObject({
      outcome: 'travel-recommended',
      recommendedPath: 'clinical-trial',
    });
    expect(view.body.divergence.points).toEqual([
      { kind: 'staging', home: view.body.diagnosis?.stage ?? 'not recorded', opinion: 'pT2N1M0' },
      { kind: 'recommended-path', home: 'continuing the current plan', opinion: 'a clinical trial' },
    ]);
    expect((await local.mail(caseId)).map((mail) => mail.key)).toContain('divergence-coordinator');

    const draft = await local.api.call('GET', `/cases/${caseId}/summary-draft`, coordinator());
    expect(draft.status).toBe(200);
    const text = draft.body.draft as string;
    expect(text).toContain('a clinical trial (NCT01234567)');
    expect(text).toContain('stages your cancer differently: pT2N1M0');
    expect(text).toContain('Surgical resectability needs an in-person surgical assessment.');
    expect(text).not.toContain('Vantongeren');

    const call = await local.api.call('POST', `/cases/${caseId}/clinician-call`, coordinator(), {
      note: 'Please discuss the staging difference with the home oncologist.',
    });
    expect(call.status).toBe(201);
    expect(
      (await local.api.call('POST', `/cases/${caseId}/clinician-call`, coordinator(), { note: 'again' }))
        .status,
    ).toBe(200);
    expect((await local.mail(caseId)).filter((mail) => mail.key === 'clinician-call-hospital')).toHaveLength(
      1,
    );

    const third = await local.api.call('POST', `/cases/${caseId}/third-review`, coordinator(), {
      question: 'A third opinion on staging and the trial, please.',
    });
    expect(third.status).toBe(201);
    expect(third.body).toMatchObject({ thirdReviewOf: caseId, status: 'collecting', documents: 2 });
    expect(
      (await local.api.call('POST', `/cases/${caseId}/third-review`, coordinator(), { question: 'Again?' }))
        .status,
    ).toBe(409);
    const review = await local.api.call('GET', '/patient/case', third.body.patientToken);
    const statuses = Object.fromEntries(
      (review.body.checklist as { itemId: string; status: string }[]).map((item) => [
        item.itemId,
        item.status,
      ]),
    );
    expect(statuses).toMatchObject({
      'pathology-report': 'accepted',
      imaging: 'accepted',
      'treatment-history': 'accepted',
    });
    // It reuses the records, but the patient must consent for the next hospital.
    expect(review.body.gaps.map((gap: { gapId: string }) => gap.gapId)).toContain('consent:missing');
    expect(
      (await local.api.call('GET', `/cases/${third.body.caseId}`, coordinator())).body.thirdReviewOf,
    ).toBe(caseId);

    await local.api.call('POST', `/cases/${caseId}/summary`, coordinator(), { plainLanguageSummary: text });
    const delivered = await waitFor('report delivery', async () => {
      const response = await local.api.call('GET', '/patient/report', patientToken);
      return response.status === 200 ? response.body : undefined;
    });
    expect(delivered.limitsOfRemoteReview).toHaveLength(4);
    expect(delivered.limitsNotedBySpecialist).toEqual([
      'Surgical resectability needs an in-person surgical assessment.',
      'A re-read of the tissue (slides or blocks) is needed to confirm the diagnosis.',
    ]);
  });

  it('takes up to three follow-up questions and the call request after delivery, answered by an addendum', async () => {
    // A Spanish-reading patient: the English report comes with its text for them (here, with no
    // translator configured, the original text and a note saying so).
    const { caseId, patientToken, hospital } = await local.deliveredCase({ language: 'es' });
    const early = await local.api.call('POST', '/patient/questions', patientToken, {
      question: 'Too early?',
    });
    expect(early.status).toBe(409);
    await local.completeCase({ caseId, patientToken, hospital });

    const call = await local.api.call('POST', '/patient/post-report-call', patientToken, {
      preferredTimes: 'Weekday mornings, Nairobi time',
    });
    expect(call.status).toBe(201);
    expect(
      (await local.api.call('POST', '/patient/post-report-call', patientToken, { preferredTimes: 'x' }))
        .status,
    ).toBe(200);

    const asked: string[] = [];
    for (const question of [
      'Can I travel during treatment?',
      'How long would the trial last?',
      'Can my oncologist join the call?',
    ]) {
      const response = await local.api.call('POST', '/patient/questions', patientToken, { question });
      expect(response.status).toBe(201);
      asked.push(response.body.question.questionId);
    }
    const fourth = await local.api.call('POST', '/patient/questions', patientToken, {
      question: 'One more?',
    });
    expect(fourth.status).toBe(409);
    expect(fourth.body.error.code).toBe('too_many_questions');

    const listed = await local.api.call('GET', `/relay/cases/${caseId}/questions`, hospital.token);
    expect(listed.body.questions).toHaveLength(3);
    expect(listed.body.questions[0]).toMatchObject({
      question: 'Can I travel during treatment?',
      answered: false,
    });

    const bytes = makePdf(['Addendum: answers to the patient questions.']);
    const upload = await local.api.call('POST', `/relay/cases/${caseId}/report-uploads`, hospital.token, {
      fileName: 'addendum.pdf',
      contentType: 'application/pdf',
      size: bytes.length,
    });
    expect(upload.status).toBe(201);
    expect((await putPresigned(upload.body as never, bytes)).status).toBe(200);
    const wrong = await local.api.call('POST', `/relay/cases/${caseId}/addendum`, hospital.token, {
      uploadId: upload.body.uploadId,
      answers: [{ questionId: 'q_doesnotexist00', answer: 'x' }],
    });
    expect(wrong.status).toBe(400);
    const answered = await local.api.call('POST', `/relay/cases/${caseId}/addendum`, hospital.token, {
      uploadId: upload.body.uploadId,
      answers: [
        { questionId: asked[0], answer: 'Yes, between cycles.' },
        { questionId: asked[2], answer: 'Yes, gladly.' },
      ],
    });
    expect(answered.status).toBe(200);

    const report = await local.api.call('GET', '/patient/report', patientToken);
    expect(report.body.questions.map((question: { answer?: string }) => question.answer)).toEqual([
      'Yes, between cycles.',
      undefined,
      'Yes, gladly.',
    ]);
    expect(report.body.questionsRemaining).toBe(0);
    expect(report.body.translation).toMatchObject({ language: 'es', method: 'untranslated' });
    expect(report.body.translation.note).toMatch(/Not machine-translated/);
    const translated = await (await fetch(report.body.translation.download.url)).text();
    expect(translated).toContain('The current treatment plan is appropriate.');
    expect(report.body.postReportCall.preferredTimes).toBe('Weekday mornings, Nairobi time');
    const download = await fetch(report.body.addenda[0].download.url);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await local.mail(caseId)).map((mail) => mail.key)).toEqual(
      expect.arrayContaining([
        'post-report-call-coordinator',
        'question-1-hospital',
        'question-3-hospital',
        `addendum-${upload.body.uploadId}-patient`,
      ]),
    );
  });
});
