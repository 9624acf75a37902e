import { describe, expect, it } from 'vitest';
import { isId } from '../../../functions/core/ids';
import {
  copiedDocumentId,
  leaseMilliseconds,
  nextThirdReviewStep,
} from '../../../functions/core/third-review';

describe('the third review lease', () => {
  const leaseMs = leaseMilliseconds(120);
  const at = '2026-11-02T02:00:00.000Z';
  const lease = { holder: 'case_abcdefgh12345678', at };
  const later = (ms: number) => new Date(Date.parse(at) + ms);

  it('outlives the function timeout by a margin', () => {
    expect(leaseMs).toBe(150_000);
  });

  it('starts when nothing holds it, refuses a linked review, waits for a live attempt', () => {
    expect(nextThirdReviewStep(undefined, undefined, later(0), leaseMs)).toEqual({ kind: 'start' });
    expect(nextThirdReviewStep('case_done12345', lease, later(10 * leaseMs), leaseMs)).toEqual({
      kind: 'exists',
      reviewCaseId: 'case_done12345',
    });
    expect(nextThirdReviewStep(undefined, lease, later(leaseMs - 1), leaseMs)).toEqual({
      kind: 'in-progress',
      reviewCaseId: lease.holder,
      retryAt: '2026-11-02T02:02:30.000Z',
    });
  });

  it('resumes a dead attempt from the moment its lease ends, under the same case id', () => {
    const step = nextThirdReviewStep(undefined, lease, later(leaseMs), leaseMs);
    expect(step).toMatchObject({ kind: 'resume', reviewCaseId: lease.holder });
    // The conditional takeover (`at < expiredBefore`) accepts exactly this lease.
    expect(step.kind === 'resume' && at < step.expiredBefore).toBe(true);
    const early = new Date(later(leaseMs - 1).getTime() - leaseMs + 1).toISOString();
    expect(at < early).toBe(false);
  });
});

describe('copied document ids', () => {
  it('are ids, the same for the same (case, document), different otherwise', () => {
    const id = copiedDocumentId('case_new12345678', 'doc_source1234567');
    expect(isId(id)).toBe(true);
    expect(copiedDocumentId('case_new12345678', 'doc_source1234567')).toBe(id);
    expect(copiedDocumentId('case_other1234567', 'doc_source1234567')).not.toBe(id);
    expect(copiedDocumentId('case_new12345678', 'doc_source7654321')).not.toBe(id);
  });
});
