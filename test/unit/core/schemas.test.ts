import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../functions/core/errors';
import { createCaseSchema, fileNameSchema, treatmentHistorySchema } from '../../../functions/core/schemas';
import { parseWith } from '../../../functions/core/validation';
import { sampleTreatmentHistory } from '../../../scripts/fixtures';

const today = '2026-11-27';
const history = sampleTreatmentHistory;

const errorsOf = (input: unknown) => {
  try {
    parseWith(treatmentHistorySchema(today), input);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).details ?? [];
  }
};

describe('treatment history', () => {
  it('accepts the contract example', () => {
    expect(errorsOf(history())).toEqual([]);
  });

  it('refuses future dates, reversed periods, bad doses and unknown fields, with paths', () => {
    const input = history();
    input.surgeries[0]!.date = '2027-01-01';
    input.chemotherapy[0]!.endDate = '2026-03-01';
    input.chemotherapy[0]!.drugs[0]!.dose = -60;
    input.radiation[0]!.fractions = 2.5;
    (input as Record<string, unknown>).favouriteColour = 'blue';
    const paths = errorsOf(input).map((detail) => detail.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'surgeries.0.date',
        'chemotherapy.0.endDate',
        'chemotherapy.0.drugs.0.dose',
        'radiation.0.fractions',
        '',
      ]),
    );
  });

  it('bounds array sizes', () => {
    const input = history();
    input.surgeries = Array.from({ length: 10_000 }, () => ({
      procedure: 'x',
      date: '2026-01-01',
      outcome: 'y',
    }));
    expect(errorsOf(input).map((detail) => detail.path)).toContain('surgeries');
  });
});

describe('file names', () => {
  it.each([
    ['path separators', '../etc/passwd'],
    ['backslashes', 'a\\b.pdf'],
    ['control characters', 'report\u0000.pdf'],
    ['bidi overrides', 'report\u202Efdp.exe'],
    ['1,000 characters', 'a'.repeat(1000)],
    ['dot-dot', '..'],
  ])('refuses %s', (_, name) => {
    expect(fileNameSchema.safeParse(name).success).toBe(false);
  });

  it('keeps ordinary international names', () => {
    expect(fileNameSchema.safeParse('病理报告 2026-10.pdf').success).toBe(true);
  });
});

describe('case creation', () => {
  it('requires the patient, a known cancer type and a question', () => {
    const result = createCaseSchema.safeParse({ patient: {}, cancerType: 'unknown' });
    expect(result.success).toBe(false);
  });
});

describe('treatment history validator under fuzzing', () => {
  const schema = treatmentHistorySchema(today);
  const dates = fc.oneof(
    fc.constantFrom('2026-01-01', '2026-11-27', '2026-11-28', '2999-12-31', '2026-02-30', 'yesterday', ''),
    fc
      .date({ min: new Date('1990-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
  );
  const drug = fc.record({
    name: fc.string({ maxLength: 30 }),
    dose: fc.oneof(fc.double(), fc.integer()),
    unit: fc.string({ maxLength: 8 }),
  });
  const history = fc.record(
    {
      surgeries: fc.array(
        fc.record({
          procedure: fc.string({ maxLength: 40 }),
          date: dates,
          outcome: fc.string({ maxLength: 20 }),
        }),
        { maxLength: 3 },
      ),
      chemotherapy: fc.array(
        fc.record({
          regimen: fc.string({ maxLength: 20 }),
          drugs: fc.array(drug, { maxLength: 3 }),
          cycles: fc.oneof(fc.integer({ min: -5, max: 200 }), fc.double()),
          startDate: dates,
          endDate: fc.option(dates),
          response: fc.constantFrom('partial-response', 'stable-disease', 'cured', ''),
        }),
        { maxLength: 3 },
      ),
      tumorMarkers: fc.array(
        fc.record({
          name: fc.string({ maxLength: 10 }),
          value: fc.double(),
          unit: fc.string({ maxLength: 5 }),
          date: dates,
        }),
        { maxLength: 3 },
      ),
      latestImagingDate: fc.option(dates),
      extra: fc.anything(),
    },
    { requiredKeys: [] },
  );

  it('returns a valid history or a typed ValidationError for any input (10,000 runs)', () => {
    fc.assert(
      fc.property(fc.oneof(history, fc.anything()), (input) => {
        try {
          const parsed = parseWith(schema, input);
          // Whatever passes keeps every rule.
          for (const course of parsed.chemotherapy) {
            expect(course.startDate <= today).toBe(true);
            if (course.endDate) expect(course.endDate >= course.startDate).toBe(true);
            for (const d of course.drugs) expect(d.dose).toBeGreaterThan(0);
            expect(Number.isInteger(course.cycles)).toBe(true);
          }
          for (const surgery of parsed.surgeries) expect(surgery.date <= today).toBe(true);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          expect(error.details?.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
