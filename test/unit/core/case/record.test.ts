import { describe, expect, it } from 'vitest';
import { newCase } from '../../../../functions/core/case/record';

describe('newCase', () => {
  it('opens a case collecting records, version 1, never submitted, stamped with the time given', () => {
    const patient = {
      fullName: 'A',
      email: 'a@example.org',
      dateOfBirth: '1970-01-01',
      country: 'KE',
      language: 'en',
    };
    const at = '2027-03-01T01:00:00.000Z';
    const opened = { caseId: 'case_aaaaaaaaaaaa', cancerType: 'breast' as const, patient, question: 'q' };
    expect(newCase({ ...opened, requestedModalities: [], at })).toEqual({
      ...opened,
      version: 1,
      status: 'collecting',
      expedited: false,
      createdAt: at,
      updatedAt: at,
      submission: 0,
      callbacks: {},
    });
    expect(newCase({ ...opened, expedited: true, requestedModalities: ['surgery'], at })).toMatchObject({
      expedited: true,
      requestedModalities: ['surgery'],
    });
  });
});
