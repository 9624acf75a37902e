import { describe, expect, it } from 'vitest';
import type { Hospital } from '../../../functions/core/hospital';
import { matchHospitals } from '../../../functions/core/matching';
import { sampleHospitals } from '../../../scripts/local/sample-hospitals';

const [shanghai, beijing, guangzhou] = sampleHospitals as [Hospital, Hospital, Hospital];

describe('matchHospitals', () => {
  it('lists only hospitals that review the cancer type, English readers before certified-translation ones', () => {
    const matches = matchHospitals({ cancerType: 'lung', expedited: false }, sampleHospitals);
    expect(matches.map((match) => match.hospitalId)).toEqual([
      guangzhou.hospitalId, // 4 business days, reads English
      shanghai.hospitalId, // 5 business days, reads English
      beijing.hospitalId, // needs certified translations
    ]);
    expect(matches[2]!.reasons).toContain(
      'Requires certified Chinese translations, which add time and cost before review.',
    );
    expect(
      matchHospitals({ cancerType: 'pancreatic', expedited: false }, sampleHospitals).map(
        (m) => m.hospitalId,
      ),
    ).toEqual([shanghai.hospitalId, beijing.hospitalId]);
  });

  it('puts a requested modality first and says why', () => {
    const matches = matchHospitals(
      { cancerType: 'nasopharyngeal', expedited: false, requestedModalities: ['proton-therapy'] },
      sampleHospitals,
    );
    expect(matches[0]).toEqual({
      hospitalId: guangzhou.hospitalId,
      rank: 1,
      reasons: [
        'Reviews nasopharyngeal cancer cases.',
        'Offers what the case asks about: proton-therapy.',
        'Reads English records; no certified translation needed.',
        'Report due 4 business days after complete records arrive.',
      ],
    });
    expect(matches[1]!.reasons).toContain('Does not offer proton-therapy.');
  });

  it('prefers expedited review for an expedited case', () => {
    const noExpedite = {
      ...guangzhou,
      hospitalId: 'hosp_noexpedite01',
      name: 'No Expedite',
      expedited: null,
      turnaroundBusinessDays: 3,
    };
    const matches = matchHospitals({ cancerType: 'breast', expedited: true }, [noExpedite, shanghai]);
    expect(matches.map((match) => match.hospitalId)).toEqual([shanghai.hospitalId, 'hosp_noexpedite01']);
    expect(matches[0]!.reasons).toContain('Offers expedited review in 3 business days (US$300).');
  });

  it('states a hospital’s record of recent reports as a reason, without changing the order', () => {
    const entry = (onTime: boolean, businessDays: number) => ({
      caseId: 'case_aaaaaaaaaaaa',
      hospitalId: shanghai.hospitalId,
      receivedOn: '2027-03-01',
      reportedOn: '2027-03-05',
      reportedAt: '2027-03-05T02:00:00Z',
      dueOn: '2027-03-08',
      businessDays,
      onTime,
      expedited: false,
    });
    const recent = new Map([
      [shanghai.hospitalId, [entry(true, 3), entry(true, 4), entry(false, 8)]],
      [guangzhou.hospitalId, []],
    ]);
    const before = matchHospitals({ cancerType: 'lung', expedited: false }, sampleHospitals);
    const after = matchHospitals({ cancerType: 'lung', expedited: false }, sampleHospitals, recent);
    expect(after.map((match) => match.hospitalId)).toEqual(before.map((match) => match.hospitalId));
    const withRecord = after.find((match) => match.hospitalId === shanghai.hospitalId)!;
    expect(withRecord.reasons).toEqual([
      ...before.find((match) => match.hospitalId === shanghai.hospitalId)!.reasons,
      'Delivered 2 of its last 3 opinions on time (median 4 business days from confirmed receipt to report).',
    ]);
    expect(withRecord.deliveryRecord).toEqual({
      reports: 3,
      onTime: 2,
      onTimeShare: 2 / 3,
      medianBusinessDays: 4,
    });
    // None delivered yet: no reason, no record.
    expect(after.find((match) => match.hospitalId === guangzhou.hospitalId)).toEqual(
      before.find((match) => match.hospitalId === guangzhou.hospitalId),
    );
  });
});
