import { describe, expect, it } from 'vitest';
import { hospitalInputSchema } from '../../../../functions/core/hospital';
import { sampleHospitals } from '../../../../scripts/local/sample-hospitals';
import {
  blankForm,
  bodyFromForm,
  checkForm,
  describeFailure,
  formFromHospital,
  type HospitalForm,
  type HospitalListing,
  problemsFromDetails,
  relativeTime,
  sortTokens,
  turnaroundSummary,
  usualRelayRegion,
  wholeNumberIn,
} from '../../../../web/console/hospitals/model';
import { hospitalsText } from '../../../../web/console/hospitals/text';

const en = hospitalsText.en;
const zh = hospitalsText['zh-Hans'];

/** The directory lists hospitals without their contact email. */
const listed: HospitalListing[] = sampleHospitals.map(({ contactEmail: _contact, ...listing }) => listing);

function filled(overrides: Partial<HospitalForm> = {}): HospitalForm {
  return {
    ...blankForm(listed),
    name: '  Example Cancer Centre ',
    city: 'Hangzhou',
    contactEmail: 'ipd@example.org',
    cancerTypes: ['lung', 'breast'],
    modalities: ['surgery'],
    ...overrides,
  };
}

describe('the hospital form', () => {
  it('starts a new hospital in the region the directory already relays through', () => {
    expect(usualRelayRegion(listed)).toBe(sampleHospitals[0]!.relayRegion);
    expect(usualRelayRegion([])).toBe('');
    expect(blankForm(listed).relayRegion).toBe(sampleHospitals[0]!.relayRegion);
  });

  it('becomes a body the server schema accepts: trimmed, numbers parsed, codes normalised', () => {
    const form = filled({
      calendar: 'cn',
      relayRegion: ' AP-East-1 ',
      offersExpedited: true,
      expeditedBusinessDays: '3',
      expeditedFeeUsd: '1,200',
    });
    expect(checkForm(form, en)).toEqual([]);
    const body = bodyFromForm(form);
    expect(hospitalInputSchema.parse(body)).toEqual(body);
    expect(body).toMatchObject({
      name: 'Example Cancer Centre',
      calendar: 'CN',
      relayRegion: 'ap-east-1',
      turnaroundBusinessDays: 5,
      expedited: { businessDays: 3, feeUsd: 1200 },
    });
  });

  it('sends no expedited terms and no certified documents while their boxes are unticked', () => {
    const body = bodyFromForm(
      filled({
        offersExpedited: false,
        expeditedBusinessDays: '2',
        requiresCertifiedTranslation: false,
        certifiedTranslationOf: ['pathology-report'],
      }),
    );
    expect(body.expedited).toBeNull();
    expect(body.certifiedTranslationOf).toEqual([]);
  });

  it('round-trips a listed hospital: editing changes nothing but what was typed', () => {
    for (const hospital of sampleHospitals) {
      const { hospitalId: _id, sample: _sample, ...input } = hospital;
      expect(bodyFromForm(formFromHospital(hospital))).toEqual(hospitalInputSchema.parse(input));
    }
    // Without the contact email the form starts empty there and will not pass until it is typed.
    const form = formFromHospital(listed[0]!);
    expect(form.contactEmail).toBe('');
    expect(checkForm(form, en).map((problem) => problem.field)).toEqual(['contactEmail']);
  });

  it('names each problem in the coordinator’s language, in the form’s order', () => {
    const form = filled({
      name: ' ',
      cancerTypes: [],
      turnaroundBusinessDays: '9',
      requiresCertifiedTranslation: true,
      certifiedTranslationOf: [],
      contactEmail: 'not an address',
      timeZone: 'Mars/Olympus',
    });
    expect(checkForm(form, en)).toEqual([
      { field: 'name', message: en.fieldErrors.name },
      { field: 'contactEmail', message: en.fieldErrors.contactEmail },
      { field: 'cancerTypes', message: en.fieldErrors.cancerTypes },
      { field: 'certifiedTranslationOf', message: en.fieldErrors.certifiedTranslationOf },
      { field: 'turnaroundBusinessDays', message: en.fieldErrors.turnaroundBusinessDays },
      { field: 'timeZone', message: en.fieldErrors.timeZone },
    ]);
    expect(checkForm(filled({ requiresCertifiedTranslation: true }), zh)).toEqual([
      { field: 'certifiedTranslationOf', message: '请选择需要认证译本的资料。' },
    ]);
  });

  it('tells an expedited turnaround out of range from one that is not faster', () => {
    const slow = filled({ offersExpedited: true, expeditedBusinessDays: '5', expeditedFeeUsd: '0' });
    expect(checkForm(slow, en)).toEqual([
      { field: 'expeditedBusinessDays', message: en.fieldErrors.expeditedNotFaster },
    ]);
    const zero = filled({ offersExpedited: true, expeditedBusinessDays: '0', expeditedFeeUsd: '' });
    expect(checkForm(zero, zh).map((problem) => problem.message)).toEqual([
      zh.fieldErrors.expeditedBusinessDays,
      zh.fieldErrors.expeditedFeeUsd,
    ]);
  });

  it('places the server’s field errors on the form, naming the deployment’s relay region', () => {
    const form = filled({ relayRegion: 'eu-west-1' });
    expect(
      problemsFromDetails(
        [
          { path: 'relayRegion', message: 'This deployment relays packages through ap-east-1.' },
          { path: 'cancerTypes.1', message: 'Invalid option' },
          { path: 'somethingElse', message: 'ignored' },
        ],
        form,
        zh,
      ),
    ).toEqual([
      { field: 'cancerTypes', message: zh.fieldErrors.cancerTypes },
      { field: 'relayRegion', message: '本系统经由 ap-east-1 中转病历包，请填写该区域。' },
    ]);
    expect(
      problemsFromDetails([{ path: 'relayRegion', message: 'x' }], filled({ relayRegion: 'nope' }), en),
    ).toEqual([{ field: 'relayRegion', message: en.fieldErrors.relayRegion }]);
  });

  it('reads small whole numbers only within their bounds', () => {
    expect(wholeNumberIn('90', 1, 365)).toBe(90);
    expect(wholeNumberIn(' 0 ', 0, 168)).toBe(0);
    expect(wholeNumberIn('', 0, 168)).toBeUndefined();
    expect(wholeNumberIn('1.5', 1, 365)).toBeUndefined();
    expect(wholeNumberIn('366', 1, 365)).toBeUndefined();
  });
});

describe('the directory’s words', () => {
  it('says what went wrong in plain words, by status', () => {
    const failure = (status: number, message = 'x') => ({ status, code: 'c', message });
    expect(describeFailure(failure(0), en, 'hospital')).toBe(en.errors.network);
    expect(describeFailure(failure(404), en, 'hospital')).toBe(en.errors.hospitalGone);
    expect(describeFailure(failure(404), zh, 'token')).toBe('该令牌已不存在，可能已过期或已被撤销。');
    expect(describeFailure(failure(429), en, 'token')).toBe(en.errors.tooMany);
    expect(describeFailure(failure(503), zh, 'hospital')).toBe(zh.errors.server);
    expect(describeFailure(failure(422, 'The calendar is unknown.'), en, 'hospital')).toBe(
      'The request was refused. The server said: The calendar is unknown.',
    );
  });

  it('writes turnaround with the expedited terms, in each language', () => {
    const a = listed[0]!;
    expect(turnaroundSummary(a, en, 'en')).toBe('5 business days · expedited 3 (US$300)');
    expect(turnaroundSummary(a, zh, 'zh-Hans')).toBe('5 个工作日 · 加急 3 个工作日（US$300）');
    expect(turnaroundSummary({ ...a, expedited: null }, en, 'en')).toBe(
      '5 business days · no expedited review',
    );
  });

  it('gives an overlap’s end in hours and a token’s lifetime in days', () => {
    const now = Date.parse('2026-06-01T08:00:00Z');
    expect(relativeTime('2026-06-02T08:00:00Z', now, 'en')).toBe('in 24 hours');
    expect(relativeTime('2026-08-30T08:00:00Z', now, 'en')).toBe('in 90 days');
    expect(relativeTime('2026-06-02T08:00:00Z', now, 'zh-Hans')).toBe('24小时后');
  });

  it('lists the newest token first', () => {
    const tokens = [
      { tokenId: 'a', createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-04-01T00:00:00.000Z' },
      { tokenId: 'b', createdAt: '2026-03-01T00:00:00.000Z', expiresAt: '2026-06-01T00:00:00.000Z' },
    ];
    expect(sortTokens(tokens).map((token) => token.tokenId)).toEqual(['b', 'a']);
  });
});
