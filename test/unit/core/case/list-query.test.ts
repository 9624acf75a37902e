import { describe, expect, it } from 'vitest';
import { caseListQuerySchema, decodeCursor, encodeCursor } from '../../../../functions/core/case/list-query';
import { ValidationError } from '../../../../functions/core/errors';

describe('the list query', () => {
  it('defaults the page size, bounds it, and knows the status vocabulary', () => {
    expect(caseListQuerySchema.parse({})).toEqual({ limit: 25 });
    expect(caseListQuerySchema.parse({ limit: '100', status: 'ready' })).toEqual({
      limit: 100,
      status: 'ready',
    });
    for (const limit of ['0', '101', '2.5', 'ten', '']) {
      expect(caseListQuerySchema.safeParse({ limit }).success).toBe(false);
    }
    expect(caseListQuerySchema.safeParse({ status: 'open' }).success).toBe(false);
  });
});

describe('the cursor', () => {
  const position = { caseId: 'case_bbbbbbbbbbbb', sortKey: '1#~#2027-03-02T01:00:00.000Z#case_bbbbbbbbbbbb' };

  it('gives back the position it was made from, for the same filter only', () => {
    expect(decodeCursor(encodeCursor(position, undefined), undefined)).toEqual(position);
    expect(decodeCursor(encodeCursor(position, 'collecting'), 'collecting')).toEqual(position);
    expect(() => decodeCursor(encodeCursor(position, undefined), 'collecting')).toThrow(ValidationError);
    const closed = { caseId: 'case_bbbbbbbbbbbb', sortKey: '2027-03-02T01:00:00.000Z#case_bbbbbbbbbbbb' };
    expect(decodeCursor(encodeCursor(closed, 'completed'), 'completed')).toEqual(closed);
  });

  it('refuses any edit, junk, and a position naming another case than its key', () => {
    const cursor = encodeCursor(position, undefined);
    const [payload, digest] = cursor.split('.') as [string, string];
    const flipped = `${payload.slice(0, 10)}${payload[10] === 'A' ? 'B' : 'A'}${payload.slice(11)}.${digest}`;
    for (const bad of [flipped, `${payload}.AAAAAAAAAAAAAAAA`, payload, 'not a cursor', `${cursor}.x`, '']) {
      expect(() => decodeCursor(bad, undefined)).toThrow(ValidationError);
    }
    const mismatched = encodeCursor({ caseId: 'case_cccccccccccc', sortKey: position.sortKey }, undefined);
    expect(() => decodeCursor(mismatched, undefined)).toThrow(ValidationError);
    const wrongShape = encodeCursor(
      { caseId: position.caseId, sortKey: `9#x#y#${position.caseId}` },
      undefined,
    );
    expect(() => decodeCursor(wrongShape, undefined)).toThrow(ValidationError);
  });
});
