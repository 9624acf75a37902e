import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/local/backend';
import { invoke } from '../../scripts/local/lambda-runtime';
import { useLocalBackend } from './harness';

/** SES bounce and complaint events, as the feedback topic delivers them to the handler. */
describe('bounces and complaints', () => {
  const local = useLocalBackend('email-feedback');
  const coordinator = () => local.backend.endpoints.coordinatorToken;

  const feedback = (message: Record<string, unknown>) =>
    invoke(projectRoot, 'emailFeedbackProcessor', {
      Records: [
        {
          EventSource: 'aws:sns',
          Sns: { MessageId: `sns-${Math.random()}`, Message: JSON.stringify(message), Type: 'Notification' },
        },
      ],
    });
  const sesEvent = (
    caseId: string,
    eventType: string,
    extra: Record<string, unknown> = {},
    to = 'patient@example.org',
  ) => ({
    eventType,
    mail: {
      messageId: `ses-${caseId}-${eventType}`,
      destination: [to],
      tags: { caseId: [caseId], notification: ['patient-report-1'] },
    },
    ...extra,
  });

  it('records a permanent bounce on the case and tells the coordinator once; transient bounces are SES’s to retry', async () => {
    const { caseId } = await local.openCase();
    await feedback(sesEvent(caseId, 'Bounce', { bounce: { bounceType: 'Transient' } }));
    expect(
      (await local.api.call('GET', `/cases/${caseId}`, coordinator())).body.undeliveredNotifications,
    ).toBeUndefined();

    const bounce = sesEvent(caseId, 'Bounce', { bounce: { bounceType: 'Permanent' } });
    await feedback(bounce);
    await feedback(bounce); // SNS may deliver twice
    const view = await local.api.call('GET', `/cases/${caseId}`, coordinator());
    expect(view.body.undeliveredNotifications).toEqual([
      expect.objectContaining({ kind: 'Bounce', notification: 'patient-report-1' }),
    ]);
    expect(JSON.stringify(view.body.undeliveredNotifications)).not.toContain('patient@example.org');
    const mail = (await local.mail(caseId)).filter((entry) => entry.key.startsWith('undelivered-'));
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ to: 'coordinator@local.example' });

    await feedback(sesEvent(caseId, 'Complaint', { complaint: {} }));
    expect(
      (await local.api.call('GET', `/cases/${caseId}`, coordinator())).body.undeliveredNotifications,
    ).toHaveLength(2);
  });

  it('does not mail the coordinators about their own address, and ignores feedback without a case', async () => {
    const { caseId } = await local.openCase();
    await feedback(
      sesEvent(caseId, 'Bounce', { bounce: { bounceType: 'Permanent' } }, 'coordinator@local.example'),
    );
    await feedback(sesEvent('case_doesnotexist0000', 'Bounce', { bounce: { bounceType: 'Permanent' } }));
    await feedback({ eventType: 'Delivery', mail: { tags: { caseId: [caseId] } } });
    expect(
      (await local.api.call('GET', `/cases/${caseId}`, coordinator())).body.undeliveredNotifications,
    ).toBeUndefined();
    expect((await local.mail(caseId)).filter((entry) => entry.key.startsWith('undelivered-'))).toHaveLength(
      0,
    );
  });
});
