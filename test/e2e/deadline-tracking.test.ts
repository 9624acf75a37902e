import { describe, expect, it } from 'vitest';
import { waitFor } from '../../scripts/api-client';
import { useLocalBackend } from './harness';

/**
 * The report deadline in the hospital's calendar, chased by the workflow on a business clock
 * the test moves (stopped otherwise). Sample hospital A is in Shanghai with a five-business-day
 * turnaround; the clock starts on Tue 29 Sep 2026, the eve of the National Day holiday.
 */
const START = '2026-09-29T10:00:00+08:00';

describe('deadline tracking on the business clock', () => {
  const local = useLocalBackend('deadlines', { clock: { start: new Date(START), speed: 0 } });
  const coordinator = () => local.backend.endpoints.coordinatorToken;
  const set = (instant: string) => local.backend.clock.set(new Date(instant));

  /** A delivered case whose hospital confirmed receipt at the clock's current time. */
  async function caseUnderReview() {
    const delivered = await local.deliveredCase();
    const before = await local.entered(delivered.caseId, 'TrackReportDeadline');
    const receipt = await local.api.call(
      'POST',
      `/relay/cases/${delivered.caseId}/receipt`,
      delivered.hospital.token,
      { complete: true },
    );
    expect(receipt.status).toBe(200);
    await waitFor('the report wait', async () =>
      (await local.entered(delivered.caseId, 'WaitForReport')) > before ? true : undefined,
    );
    return { ...delivered, deadline: receipt.body.deadline as Record<string, unknown> };
  }

  const trackingMail = async (caseId: string) =>
    (await local.mail(caseId)).filter((mail) => mail.key.startsWith('tracking-'));

  const waitForMail = (caseId: string, count: number) =>
    waitFor(`${count} tracking messages`, async () => {
      const mail = await trackingMail(caseId);
      return mail.length >= count ? mail : undefined;
    });

  it('reminds, marks overdue, follows up, escalates, and stops when the report arrives', async () => {
    const { caseId, patientToken, hospital, deadline } = await caseUnderReview();
    // Five business days from Tue 29 Sep: Wed 30 Sep, Thu 8, Fri 9, make-up Sat 10, Mon 12 Oct.
    expect(deadline).toMatchObject({
      receivedOn: '2026-09-29',
      dueOn: '2026-10-12',
      dueAt: '2026-10-12T23:59:59+08:00',
      calendar: 'CN',
      provisional: false,
    });
    const patientView = await local.api.call('GET', '/patient/case', patientToken);
    expect(patientView.body.deadline).toMatchObject({
      expectedDate: '2026-10-12',
      businessDaysLeft: 5,
      reminders: [],
    });

    // Nothing is sent before its time.
    set('2026-10-10T08:59:00+08:00');
    await new Promise((done) => setTimeout(done, 300));
    expect(await trackingMail(caseId)).toEqual([]);

    // The make-up Saturday is the business day before the deadline.
    set('2026-10-10T09:00:00+08:00');
    const [reminder] = await waitForMail(caseId, 1);
    expect(reminder).toMatchObject({
      to: 'ipd@hospital-a.example',
      subject: expect.stringMatching(/^Reminder/),
    });
    expect(reminder!.text).toContain('by the end of Monday 12 October 2026 (Asia/Shanghai time)');

    set('2026-10-12T23:59:59+08:00');
    const afterDeadline = await waitForMail(caseId, 2);
    expect(afterDeadline[1]).toMatchObject({
      key: 'tracking-follow-up-1-2026-10-12',
      subject: expect.stringMatching(/^Overdue/),
    });
    const overdue = await local.api.call('GET', `/cases/${caseId}`, coordinator());
    expect(overdue.body.status).toBe('overdue');
    expect(overdue.body.deadline.businessDaysLeft).toBe(0);

    set('2026-10-13T23:59:59+08:00');
    const escalated = await waitForMail(caseId, 4);
    expect(escalated.slice(2).map((mail) => [mail.key, mail.to])).toEqual([
      ['tracking-follow-up-2-2026-10-12', 'ipd@hospital-a.example'],
      ['tracking-escalation-2026-10-12', 'coordinator@local.example'],
    ]);
    const view = await local.api.call('GET', `/cases/${caseId}`, coordinator());
    expect(view.body.deadline.reminders.map((entry: { kind: string }) => entry.kind)).toEqual([
      'reminder',
      'follow-up',
      'follow-up',
      'escalation',
    ]);

    expect((await local.sendReport(caseId, hospital.token)).status).toBe(200);
    await waitFor('the summary wait', async () =>
      (await local.entered(caseId, 'WaitForSummary')) > 0 ? true : undefined,
    );
    set('2026-10-14T23:59:59+08:00');
    await new Promise((done) => setTimeout(done, 300));
    expect(await trackingMail(caseId)).toHaveLength(4);
    expect((await local.api.call('GET', `/cases/${caseId}`, coordinator())).body.status).toBe(
      'awaiting-summary',
    );
  });

  const day = 24 * 3600_000;
  it.each([
    // point, tracking messages sent by then, clock moved to (ms from the deadline) or not at all
    ['before the reminder', 0, null],
    ['after the reminder', 1, -1],
    ['after the first follow-up (overdue)', 2, 0],
    ['after the escalation', 4, 4 * day],
  ] as const)('sends nothing more once a report arrives %s', async (_point, messagesBefore, fromDeadline) => {
    const { caseId, hospital, deadline } = await caseUnderReview();
    if (fromDeadline !== null) {
      const target = Date.parse(deadline.dueAt as string) + fromDeadline;
      local.backend.clock.set(new Date(Math.max(target, local.backend.clock.now().getTime())));
    }
    if (messagesBefore > 0) await waitForMail(caseId, messagesBefore);
    expect((await local.sendReport(caseId, hospital.token)).status).toBe(200);
    await waitFor('the summary wait', async () =>
      (await local.entered(caseId, 'WaitForSummary')) > 0 ? true : undefined,
    );
    const sent = (await trackingMail(caseId)).length;
    local.backend.clock.advance(10 * day);
    await new Promise((done) => setTimeout(done, 300));
    expect(await trackingMail(caseId)).toHaveLength(sent);
    expect((await local.api.call('GET', `/cases/${caseId}`, coordinator())).body.status).toBe(
      'awaiting-summary',
    );
  });

  it('moves the deadline on an extension, tells the patient in plain words, and plans from the new date', async () => {
    const { caseId, patientToken, hospital, deadline } = await caseUnderReview();
    local.backend.clock.set(new Date(Date.parse(deadline.dueAt as string)));
    await waitForMail(caseId, 2); // reminder, then overdue with the first follow-up
    expect((await local.api.call('GET', `/cases/${caseId}`, coordinator())).body.status).toBe('overdue');

    const planned = await local.entered(caseId, 'TrackReportDeadline');
    const extension = await local.api.call('POST', `/relay/cases/${caseId}/extension`, hospital.token, {
      businessDays: 3,
      reason: 'Multidisciplinary board review needed for the thoracic surgery question.',
    });
    expect(extension.status).toBe(200);
    const moved = extension.body.deadline as { dueOn: string; businessDays: number };
    expect(moved.businessDays).toBe(8);
    expect(moved.dueOn > (deadline.dueOn as string)).toBe(true);
    // The workflow re-plans at once, without the clock moving.
    await waitFor('re-planning', async () =>
      (await local.entered(caseId, 'TrackReportDeadline')) > planned ? true : undefined,
    );

    const coordinatorView = await local.api.call('GET', `/cases/${caseId}`, coordinator());
    expect(coordinatorView.body.status).toBe('under-review');
    expect(coordinatorView.body.deadline.extensions).toEqual([
      expect.objectContaining({
        businessDays: 3,
        dueOn: moved.dueOn,
        reason: expect.stringContaining('board review'),
      }),
    ]);
    const patientView = await local.api.call('GET', '/patient/case', patientToken);
    expect(patientView.body.deadline.expectedDate).toBe(moved.dueOn);
    expect(patientView.body.deadline.extensions[0]).not.toHaveProperty('reason');
    const patientMail = (await local.mail(caseId)).find((mail) => mail.key === 'extension-1-patient');
    expect(patientMail?.to).toBe('patient@example.org');
    expect(patientMail?.text).toMatch(
      /asked for 3 more working days.*now expected by the end of \w+day \d+ \w+ 2026/,
    );
    expect(patientMail?.text).not.toContain('thoracic');

    // A new reminder for the new date, one business day before it.
    const before = (await trackingMail(caseId)).length;
    const dueAt = Date.parse(`${moved.dueOn}T23:59:59+08:00`);
    local.backend.clock.set(new Date(dueAt - 1));
    const mail = await waitForMail(caseId, before + 1);
    expect(mail[before]!.key).toBe(`tracking-reminder-${moved.dueOn}`);

    // Refusals: a nonsense request, and too many extensions.
    const invalid = await local.api.call('POST', `/relay/cases/${caseId}/extension`, hospital.token, {
      businessDays: 0,
      reason: 'x',
    });
    expect(invalid.status).toBe(400);
  });

  it('stops chasing the moment the case is cancelled', async () => {
    const { caseId, deadline } = await caseUnderReview();
    const dueAt = Date.parse(deadline.dueAt as string);
    local.backend.clock.set(new Date(Math.max(dueAt - 1, local.backend.clock.now().getTime())));
    await waitForMail(caseId, 1); // the reminder
    const cancelled = await local.api.call('POST', `/cases/${caseId}/cancel`, coordinator(), {
      reason: 'The patient chose to be treated at home.',
    });
    expect(cancelled.status).toBe(200);
    const executionArn = `${local.backend.stepFunctions.stateMachineArn.replace(':stateMachine:', ':execution:')}:${caseId}-1`;
    expect(local.backend.stepFunctions.describeExecution({ executionArn }).status).toBe('ABORTED');
    local.backend.clock.advance(10 * day);
    await new Promise((done) => setTimeout(done, 300));
    expect(await trackingMail(caseId)).toHaveLength(1);
  });
});
