import { describe, expect, it } from 'vitest';
import { decideUndelivered, readEmailFeedback } from '../../../functions/core/email-feedback';
import { caseWith } from './case/fixtures';

const sns = (message: unknown) => ({ MessageId: 'sns-1', Message: JSON.stringify(message) });
const mail = {
  messageId: 'ses-1',
  destination: ['patient@example.org'],
  tags: { caseId: ['case_aaaaaaaaaaaa'], notification: ['patient-report-1'] },
};

describe('SES feedback', () => {
  it('reads a permanent bounce, a complaint and a reject as undelivered, with the case and notification', () => {
    expect(
      readEmailFeedback(sns({ eventType: 'Bounce', mail, bounce: { bounceType: 'Permanent' } })),
    ).toEqual({
      about: 'undelivered',
      kind: 'Bounce',
      caseId: 'case_aaaaaaaaaaaa',
      notification: 'patient-report-1',
      messageId: 'ses-1',
      destination: ['patient@example.org'],
    });
    expect(readEmailFeedback(sns({ eventType: 'Complaint', mail }))).toMatchObject({ kind: 'Complaint' });
    expect(readEmailFeedback(sns({ eventType: 'Reject', mail }))).toMatchObject({ kind: 'Reject' });
  });

  it('passes over transient bounces (SES retries them) and other events', () => {
    expect(
      readEmailFeedback(sns({ eventType: 'Bounce', mail, bounce: { bounceType: 'Transient' } })),
    ).toEqual({
      about: 'other',
    });
    expect(readEmailFeedback(sns({ eventType: 'Delivery', mail }))).toEqual({ about: 'other' });
    expect(readEmailFeedback({ MessageId: 'sns-1', Message: '{"eventType":' })).toEqual({
      about: 'not-json',
    });
  });

  it('falls back to the SNS message id and an unknown notification; a message without a case names none', () => {
    const feedback = readEmailFeedback(sns({ eventType: 'Reject', mail: {} }));
    expect(feedback).toEqual({
      about: 'undelivered',
      kind: 'Reject',
      notification: 'unknown',
      messageId: 'sns-1',
      destination: [],
    });
  });

  it('records each SES message once on the case, stamped as given', () => {
    const email = { messageId: 'ses-1', kind: 'Bounce' as const, notification: 'patient-report-1' };
    const at = '2027-03-04T01:00:00.000Z';
    // What the feedback says beyond the entry (its case, its addressees) is not stored.
    const feedback = { ...email, caseId: 'case_aaaaaaaaaaaa', destination: ['patient@example.org'] };
    const first = decideUndelivered(caseWith(), feedback, at);
    expect(first).toEqual({ undelivered: [{ ...email, at }] });
    expect(decideUndelivered(caseWith(first), email, at)).toBeUndefined();
    const second = decideUndelivered(
      caseWith(first),
      { ...email, messageId: 'ses-2', kind: 'Complaint' },
      at,
    );
    expect(second?.undelivered).toHaveLength(2);
  });
});
