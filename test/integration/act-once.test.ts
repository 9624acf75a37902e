import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { actOnce, UNFINISHED_CLAIM_STALE_MS } from '../../functions/adapters/case-store';
import { tables } from '../../functions/contract';
import { ActionInProgressError } from '../../functions/core/errors';
import { useLocalDynamo } from './local-dynamo';

/**
 * A one-time action (a notification) against local DynamoDB: done once, given back when it fails,
 * and done again when the caller that claimed it died before finishing (a process killed between
 * the claim and the mail), never lost.
 */
describe('actOnce', () => {
  const local = useLocalDynamo('act-once');
  const caseId = 'case_actonce0000000000001';
  const claimKey = (key: string) => ({ pk: `CASE#${caseId}`, sk: `CLAIM#${key}` });

  /** Leaves a claim as a caller that died mid-action would: unfinished, claimed `ageMs` ago. */
  async function leaveUnfinished(key: string, ageMs: number) {
    await local.documents.send(
      new PutCommand({
        TableName: tables.cases.id,
        Item: {
          ...claimKey(key),
          itemType: 'claim',
          state: 'acting',
          at: new Date(Date.now() - ageMs).toISOString(),
        },
      }),
    );
  }

  it('acts once: a second call finds the finished claim and does nothing', async () => {
    let runs = 0;
    expect(await actOnce(caseId, 'notify:once', async () => void runs++)).toBe(true);
    expect(await actOnce(caseId, 'notify:once', async () => void runs++)).toBe(false);
    expect(runs).toBe(1);
    const claim = await local.documents.send(
      new GetCommand({ TableName: tables.cases.id, Key: claimKey('notify:once') }),
    );
    expect(claim.Item?.state).toBe('done');
  });

  it('gives the claim back when the action fails, so the retry acts', async () => {
    await expect(
      actOnce(caseId, 'notify:fails', async () => {
        throw new Error('SES unreachable');
      }),
    ).rejects.toThrow('SES unreachable');
    let runs = 0;
    expect(await actOnce(caseId, 'notify:fails', async () => void runs++)).toBe(true);
    expect(runs).toBe(1);
  });

  it('asks for a retry while another caller’s claim is fresh, and does not act', async () => {
    await leaveUnfinished('notify:fresh', 1_000);
    let runs = 0;
    const attempt = actOnce(caseId, 'notify:fresh', async () => void runs++);
    await expect(attempt).rejects.toBeInstanceOf(ActionInProgressError);
    await expect(actOnce(caseId, 'notify:fresh', async () => void runs++)).rejects.toMatchObject({
      name: 'ActionInProgress',
      code: 'action_in_progress',
      statusCode: 409,
    });
    expect(runs).toBe(0);
  });

  it('takes over a claim left unfinished by a caller that died, and acts once', async () => {
    await leaveUnfinished('notify:orphan', UNFINISHED_CLAIM_STALE_MS + 1_000);
    let runs = 0;
    expect(await actOnce(caseId, 'notify:orphan', async () => void runs++)).toBe(true);
    expect(await actOnce(caseId, 'notify:orphan', async () => void runs++)).toBe(false);
    expect(runs).toBe(1);
  });

  it('reads a claim written before claims had a state as finished', async () => {
    await local.documents.send(
      new PutCommand({
        TableName: tables.cases.id,
        Item: { ...claimKey('notify:legacy'), itemType: 'claim', at: new Date(0).toISOString() },
      }),
    );
    let runs = 0;
    expect(await actOnce(caseId, 'notify:legacy', async () => void runs++)).toBe(false);
    expect(runs).toBe(0);
  });
});
