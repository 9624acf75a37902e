import { describe, expect, it } from 'vitest';
import { useLocalBackend } from './harness';

describe('cancelling a case', () => {
  const local = useLocalBackend('cancel');

  it('stops the workflow, revokes the patient link and purges the relay copies, keeping the records', async () => {
    const { caseId, patientToken, hospital } = await local.deliveredCase({ fullName: 'Cancel Case' });
    const coordinator = local.backend.endpoints.coordinatorToken;
    const pkg = await local.api.call('GET', `/relay/cases/${caseId}/package`, hospital.token);
    const urls = (pkg.body.files as { url: string }[]).map((file) => file.url);

    const cancelled = await local.api.call('POST', `/cases/${caseId}/cancel`, coordinator, {
      reason: 'The patient chose local treatment.',
    });
    expect(cancelled.status).toBe(200);
    const execution = `${local.backend.stepFunctions.stateMachineArn.replace(':stateMachine:', ':execution:')}:${caseId}-1`;
    expect(local.backend.stepFunctions.describeExecution({ executionArn: execution }).status).toBe('ABORTED');
    expect((await local.api.call('GET', '/patient/case', patientToken)).status).toBe(401);
    for (const url of urls) expect((await fetch(url)).status).not.toBe(200);
    const view = await local.api.call('GET', `/cases/${caseId}`, coordinator);
    expect(view.body.status).toBe('cancelled');
    expect((view.body.checklist as { status: string }[])[0]!.status).toBe('accepted'); // records kept
    // Repeating is harmless; a receipt after cancellation is refused.
    expect(
      (await local.api.call('POST', `/cases/${caseId}/cancel`, coordinator, { reason: 'again' })).status,
    ).toBe(200);
    expect(
      (await local.api.call('POST', `/relay/cases/${caseId}/receipt`, hospital.token, { complete: true }))
        .status,
    ).toBe(409);
  }, 60_000);
});
