import { describe, expect, it } from 'vitest';
import { decideSubmission } from '../../../../functions/core/case/submission';
import { ConflictError } from '../../../../functions/core/errors';
import { caseWith, hospital } from './fixtures';

describe('decideSubmission', () => {
  it('refuses a hospital that does not review the cancer type', () => {
    expect(() => decideSubmission(caseWith({ cancerType: 'breast' }), [], hospital)).toThrow(
      expect.objectContaining({ code: 'hospital_not_suitable' }),
    );
  });

  it('refuses a case with blocking gaps, naming each', () => {
    let refusal: unknown;
    try {
      decideSubmission(caseWith(), [], hospital);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ConflictError);
    expect(refusal).toMatchObject({ code: 'not_ready' });
    expect((refusal as ConflictError).details?.map((detail) => detail.path)).toContain('consent');
  });

  it('answers a repeat to the same hospital as a repeat, and refuses another hospital or a cancelled case', () => {
    const routed = caseWith({ status: 'routing', hospitalId: hospital.hospitalId, submission: 1 });
    expect(decideSubmission(routed, [], hospital)).toEqual({ kind: 'repeat' });
    expect(() => decideSubmission({ ...routed, hospitalId: 'other' }, [], hospital)).toThrow(
      expect.objectContaining({ code: 'already_submitted' }),
    );
    expect(() => decideSubmission({ ...routed, status: 'cancelled' }, [], hospital)).toThrow(
      expect.objectContaining({ code: 'already_submitted' }),
    );
  });
});
