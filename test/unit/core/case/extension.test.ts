import { describe, expect, it } from 'vitest';
import { reportDeadline } from '../../../../functions/core/business-days';
import { decideExtension, extensionTimelineDetail } from '../../../../functions/core/case/extension';
import { ConflictError, ValidationError } from '../../../../functions/core/errors';
import { caseWith } from './fixtures';

const deadline = reportDeadline(new Date('2027-03-01T01:00:00Z'), 5, 'Asia/Shanghai', 'CN');
const reviewing = caseWith({ status: 'under-review', deadline });
const now = new Date('2027-03-03T01:00:00Z');

describe('decideExtension', () => {
  it('moves the deadline by business days and records who asked, when and why', () => {
    const { set, extension } = decideExtension(reviewing, {
      businessDays: 2,
      reason: 'A second pathologist.',
      by: 'h',
      now,
    });
    expect(extension).toEqual({
      businessDays: 2,
      reason: 'A second pathologist.',
      previousDueOn: deadline.dueOn,
      dueOn: set.deadline.dueOn,
      at: now.toISOString(),
      by: 'h',
    });
    expect(set.deadline.businessDays).toBe(7);
    expect(set.deadline.dueOn > deadline.dueOn).toBe(true);
    expect(set.extensions).toEqual([extension]);
    expect(set.status).toBe('under-review');
  });

  it('puts an overdue case back on time', () => {
    const { set } = decideExtension(
      { ...reviewing, status: 'overdue' },
      { businessDays: 10, reason: 'Multi-specialist board.', by: 'h', now },
    );
    expect(set.status).toBe('under-review');
  });

  it('refuses when no report is awaited, past three extensions, or when the new date has passed', () => {
    const request = { businessDays: 1, reason: 'More time please.', by: 'h', now };
    expect(() => decideExtension(caseWith({ status: 'awaiting-receipt' }), request)).toThrow(ConflictError);
    const three = Array.from({ length: 3 }, () => decideExtension(reviewing, request).extension);
    expect(() => decideExtension({ ...reviewing, extensions: three }, request)).toThrow(
      expect.objectContaining({ code: 'too_many_extensions' }),
    );
    expect(() => decideExtension(reviewing, { ...request, now: new Date('2027-04-01T00:00:00Z') })).toThrow(
      ValidationError,
    );
  });

  it('says in the timeline how long and until when', () => {
    expect(extensionTimelineDetail('Sample Hospital', 2, deadline)).toMatch(
      /^Sample Hospital asked for 2 more business day\(s\); the report is now due by the end of .+\(Asia\/Shanghai time\)\.$/,
    );
  });
});
