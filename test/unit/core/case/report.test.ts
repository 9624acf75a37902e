import { describe, expect, it } from 'vitest';
import { checkReportAwaited, decideReport } from '../../../../functions/core/case/report';
import { ConflictError } from '../../../../functions/core/errors';
import type { Opinion } from '../../../../functions/core/opinion';
import type { TreatmentHistory } from '../../../../functions/core/schemas';
import { caseWith, reportRecord } from './fixtures';

const now = new Date('2027-03-05T01:00:00Z');
const file = {
  upload: { uploadId: 'rpt_aaaaaaaaaaaa', fileName: 'opinion.pdf' },
  recordsKey: 'k',
  size: 10,
  sha256: 'ab',
};
const opinion = (recommendedPath: Opinion['recommendedPath'], agrees: boolean): Opinion => ({
  outcome: 'current-plan-optimal',
  stagingAgreement: agrees ? { agrees } : { agrees, specialistStaging: 'pT3N1' },
  recommendedPath,
  optionsRecommended: [],
  limitsNoted: [],
});
const delivery = (o: Opinion) => ({
  uploadId: file.upload.uploadId,
  specialist: { name: 'Dr Li', department: 'Thoracic oncology' },
  language: 'en' as const,
  opinion: o,
});
const reviewing = caseWith({
  status: 'overdue',
  treatmentHistory: {
    currentPlan: { recommendedPath: 'surgery', summary: 'Lobectomy' },
  } as unknown as TreatmentHistory,
});

describe('decideReport', () => {
  it('records the report with the request’s business time and moves on to the summary', () => {
    const decision = decideReport(reviewing, delivery(opinion('surgery', true)), file, now);
    expect(decision).toMatchObject({ from: ['under-review', 'overdue'], to: 'awaiting-summary' });
    expect(decision.set()).toEqual({ report: reportRecord });
    expect(decision.output()).toEqual({ outcome: 'current-plan-optimal' });
  });

  it('flags where the opinion departs from the staging and the home plan', () => {
    const { divergence } = decideReport(reviewing, delivery(opinion('radiotherapy', false)), file, now).set();
    expect(divergence).toEqual({
      flaggedAt: now.toISOString(),
      points: [
        { kind: 'staging', home: 'not recorded', opinion: 'pT3N1' },
        { kind: 'recommended-path', home: 'surgery', opinion: 'radiotherapy' },
      ],
    });
  });

  it('is refused unless the report is awaited', () => {
    expect(() => checkReportAwaited(caseWith({ status: 'awaiting-receipt' }))).toThrow(ConflictError);
    expect(() => checkReportAwaited(reviewing)).not.toThrow();
  });
});
