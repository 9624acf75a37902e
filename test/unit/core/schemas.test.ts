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
