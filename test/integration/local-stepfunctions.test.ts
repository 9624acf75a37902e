import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../scripts/api-client';
import { BusinessClock } from '../../scripts/local/clock';
import { LocalStepFunctions, substitute } from '../../scripts/local/stepfunctions';

/** A small workflow with the same patterns as the case workflow: a plain task and a callback wait. */
const placeholder = (name: string) => `${'$'}{${name}}`;
const definition = JSON.stringify({
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Task', Resource: placeholder('PrepareArn'), ResultPath: '$.prepared', Next: 'Wait' },
    Wait: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: placeholder('RegisterArn'),
        Payload: { 'id.$': '$.id', 'taskToken.$': '$$.Task.Token' },
      },
      ResultPath: '$.answer',
      TimeoutSeconds: 30,
      // As in the case workflow: task failures are retried, a timeout is caught.
      Retry: [{ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 0 }],
      Catch: [
        { ErrorEquals: ['Rejected'], ResultPath: '$.failure', Next: 'Refused' },
        { ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'TimedOut' },
      ],
      End: true,
    },
    Refused: { Type: 'Fail', Error: 'Refused', Cause: 'the task was refused' },
    TimedOut: {
      Type: 'Pass',
      Parameters: { 'at.$': '$$.State.EnteredTime' },
      ResultPath: '$.timedOut',
      End: true,
    },
  },
});

describe('local Step Functions through the real SFNClient', () => {
  const tokens = new Map<string, string>();
  const calls: string[] = [];
  // A stopped business clock: only the test moves it.
  const clock = new BusinessClock({ start: new Date('2026-10-09T09:00:00+08:00'), speed: 0 });
  const machine = new LocalStepFunctions(
    clock,
    'Test',
    substitute(definition, { PrepareArn: 'arn:prepare', RegisterArn: 'arn:register' }),
    async (arn, payload) => {
      calls.push(arn);
      if (arn === 'arn:prepare') return { ok: true };
      const { id, taskToken } = payload as { id: string; taskToken: string };
      tokens.set(id, taskToken);
      return null;
    },
  );
  let client: SFNClient;

  beforeAll(async () => {
    const endpoint = await machine.listen('127.0.0.1');
    client = new SFNClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
  });
  afterAll(async () => {
    await machine.stop();
  });

  const start = (name: string, input: unknown) =>
    client.send(
      new StartExecutionCommand({
        stateMachineArn: machine.stateMachineArn,
        name,
        input: JSON.stringify(input),
      }),
    );

  it('runs a callback task to completion with SendTaskSuccess', async () => {
    const { executionArn } = await start('callback-1', { id: 'a' });
    const token = await waitFor('task token', async () => tokens.get('a'));
    await client.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await client.send(
      new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ fine: true }) }),
    );
    await machine.settled(executionArn!);
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output!)).toEqual({
      id: 'a',
      prepared: { ok: true },
      answer: { fine: true },
    });
    expect(described.startDate).toBeInstanceOf(Date);

    // A token can be used once.
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toMatchObject({ name: 'TaskTimedOut' });
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: 'nonsense', output: '{}' })),
    ).rejects.toMatchObject({
      name: 'InvalidToken',
    });

    const history = await client.send(new GetExecutionHistoryCommand({ executionArn }));
    const types = history.events!.map((event) => event.type);
    expect(types[0]).toBe('ExecutionStarted');
    expect(types).toContain('TaskStateEntered');
    expect(types).toContain('TaskSucceeded');
    expect(types.at(-1)).toBe('ExecutionSucceeded');
  });

  it('starts an execution name once: the same input again is idempotent, another input is refused', async () => {
    const first = await start('named-1', { id: 'b' });
    const again = await start('named-1', { id: 'b' });
    expect(again.executionArn).toBe(first.executionArn);
    await expect(start('named-1', { id: 'other' })).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    await waitFor('task token', async () => tokens.get('b'));
    await client.send(new StopExecutionCommand({ executionArn: first.executionArn, error: 'Cancelled' }));
    const described = await client.send(new DescribeExecutionCommand({ executionArn: first.executionArn }));
    expect(described.status).toBe('ABORTED');
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: tokens.get('b'), output: '{}' })),
    ).rejects.toMatchObject({ name: 'TaskTimedOut' });
    // A stopped execution's name stays taken.
    await expect(start('named-1', { id: 'b' })).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  });

  it('routes SendTaskFailure into the state machine’s Catch', async () => {
    const { executionArn } = await start('failure-1', { id: 'c' });
    const token = await waitFor('task token', async () => tokens.get('c'));
    await client.send(new SendTaskFailureCommand({ taskToken: token, error: 'Rejected', cause: 'no' }));
    await machine.settled(executionArn!);
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    expect(described.status).toBe('FAILED');
    expect(described.error).toBe('Refused');
  });

  it('times a callback wait out by the business clock, not by real time', async () => {
    const { executionArn } = await start('timeout-1', { id: 'd' });
    await waitFor('task token', async () => tokens.get('d'));
    clock.advance(29_000);
    await new Promise((done) => setTimeout(done, 50));
    expect((await client.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    clock.advance(1_000);
    await machine.settled(executionArn!);
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    expect(described.status).toBe('SUCCEEDED');
    // Caught as States.Timeout (not retried as a task failure); $$.State.EnteredTime is business time.
    expect(JSON.parse(described.output!)).toMatchObject({
      timeout: { Error: 'States.Timeout' },
      timedOut: { at: '2026-10-09T01:00:30.000Z' },
    });
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: tokens.get('d'), output: '{}' })),
    ).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  it('refuses unknown state machines and executions', async () => {
    await expect(
      client.send(
        new StartExecutionCommand({
          stateMachineArn: 'arn:aws:states:us-east-1:0:stateMachine:Nope',
          name: 'x',
        }),
      ),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(
      client.send(
        new DescribeExecutionCommand({ executionArn: 'arn:aws:states:us-east-1:0:execution:Test:none' }),
      ),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
  });
});
