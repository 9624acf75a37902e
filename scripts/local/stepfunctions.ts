import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { BusinessClock } from './clock';

/**
 * A local Step Functions: aws-local-stepfunctions interprets the ASL file CDK deploys, and a
 * small server speaks the Step Functions JSON protocol (StartExecution, DescribeExecution,
 * StopExecution, GetExecutionHistory, SendTaskSuccess/Failure/Heartbeat) so handlers use the
 * real SFNClient. The interpreter ignores `.waitForTaskToken`; this module implements the
 * callback pattern: it issues the token, invokes the function, then waits for the token.
 * Executions live in memory: a restart of the local backend ends them.
 */

export type TaskInvoker = (functionArn: string, payload: unknown) => Promise<unknown>;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';

interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  [details: string]: unknown;
}

interface Execution {
  executionArn: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  history: HistoryEvent[];
  abort: () => void;
  /** The token issued most recently: the Parameters of the state about to run read it. */
  lastToken?: string;
  openTokens: Set<string>;
  done: Promise<void>;
  resumedAfterRestart?: number;
}

/** What the journal keeps of an execution: enough to start it again. */
interface JournalEntry {
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  resumedAfterRestart?: number;
}

interface PendingTask {
  executionArn: string;
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
  closed: boolean;
}

class SfnError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

class TaskFailure extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

interface TaskState {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  Parameters?: Record<string, unknown>;
  Iterator?: { States: Record<string, TaskState> };
  ItemProcessor?: { States: Record<string, TaskState> };
  Branches?: { States: Record<string, TaskState> }[];
}

const CALLBACK_RESOURCE = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

/**
 * The interpreter's own States.Timeout error class. Retry and Catch treat only that class as a
 * timeout (`States.TaskFailed` matches every other error), and the package does not export
 * it, so it is taken from a one-state machine whose task times out after a millisecond.
 */
let timeoutErrorClass: Promise<new () => Error> | undefined;
function statesTimeoutError(): Promise<new () => Error> {
  timeoutErrorClass ??= (async () => {
    const probe = new StateMachine(
      {
        StartAt: 'Probe',
        States: {
          Probe: {
            Type: 'Task',
            Resource: 'arn:aws:lambda:::function:probe',
            TimeoutSeconds: 0.001,
            End: true,
          },
        },
      } as unknown as StateMachineDefinition,
      { validationOptions: { noValidate: true } },
    );
    const run = probe.run(
      {},
      { overrides: { taskResourceLocalHandlers: { Probe: () => new Promise(() => undefined) } } },
    );
    const error = await run.result.then(
      () => undefined,
      (failure: { cause?: Error }) => failure.cause,
    );
    if (error?.name !== 'States.Timeout') throw new Error('could not obtain the States.Timeout error class');
    return error.constructor as new () => Error;
  })();
  return timeoutErrorClass;
}
const INVOKE_RESOURCE = 'arn:aws:states:::lambda:invoke';

/** The longest setTimeout Node allows, in whole seconds. */
const MAX_LOCAL_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/**
 * aws-local-stepfunctions evaluates a TimeoutSecondsPath against the task's Parameters output,
 * where Step Functions evaluates it against the state input. So a callback wait with a
 * TimeoutSecondsPath must also pass the instant in `Payload.wakeAt`: this emulator times the
 * wait by that on the business clock, and hands the interpreter only a long static timeout.
 */
function forLocalTimers(definition: StateMachineDefinition): StateMachineDefinition {
  const copy = structuredClone(definition) as unknown as { States: Record<string, Record<string, unknown>> };
  const visit = (states: Record<string, Record<string, unknown>>) => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Resource === CALLBACK_RESOURCE && state.TimeoutSecondsPath) {
        const payload = (state.Parameters as { Payload?: Record<string, unknown> } | undefined)?.Payload;
        if (!payload?.['wakeAt.$']) {
          throw new Error(
            `${name}: a callback wait with TimeoutSecondsPath must pass Payload.wakeAt locally`,
          );
        }
        delete state.TimeoutSecondsPath;
        state.TimeoutSeconds = MAX_LOCAL_TIMEOUT_SECONDS;
      }
      for (const nested of [state.Iterator, state.ItemProcessor] as (
        | { States: Record<string, Record<string, unknown>> }
        | undefined
      )[])
        if (nested) visit(nested.States);
      for (const branch of (state.Branches as
        | { States: Record<string, Record<string, unknown>> }[]
        | undefined) ?? [])
        visit(branch.States);
    }
  };
  visit(copy.States);
  return copy as unknown as StateMachineDefinition;
}

export class LocalStepFunctions {
  readonly stateMachineArn: string;
  private readonly machine: StateMachine;
  private readonly executions = new Map<string, Execution>();
  private readonly tasks = new Map<string, PendingTask>();
  /** Function invocations under way: a stop waits for them, so none outlives the emulators. */
  private readonly inflight = new Set<Promise<unknown>>();
  private server: Server | undefined;

  constructor(
    /** Times callback waits and answers `$$.State.EnteredTime`: the business clock. */
    private readonly clock: BusinessClock,
    readonly name: string,
    private readonly definition: StateMachineDefinition,
    private readonly invokeFunction: TaskInvoker,
    /**
     * Where each execution's name, input and status are written as they change, so a backend
     * killed mid-case can start again and resume the executions it left running (see resumeInterrupted).
     */
    private readonly journalDir?: string,
  ) {
    this.stateMachineArn = `arn:aws:states:us-east-1:000000000000:stateMachine:${name}`;
    this.machine = new StateMachine(forLocalTimers(definition), { validationOptions: { checkArn: false } });
  }

  /** One local handler per Task state, found by walking the definition (Map and Parallel too). */
  private taskHandlers(execution: Execution) {
    const handlers: Record<string, (input: Json) => Promise<Json>> = {};
    const visit = (states: Record<string, TaskState>) => {
      for (const [name, state] of Object.entries(states)) {
        if (state.Type === 'Task' && state.Resource) handlers[name] = this.taskHandler(execution, state);
        if (state.Iterator) visit(state.Iterator.States);
        if (state.ItemProcessor) visit(state.ItemProcessor.States);
        for (const branch of state.Branches ?? []) visit(branch.States);
      }
    };
    visit(this.definition.States as unknown as Record<string, TaskState>);
    return handlers;
  }

  private taskHandler(execution: Execution, state: TaskState) {
    const resource = state.Resource ?? '';
    return async (input: Json): Promise<Json> => {
      if (resource === CALLBACK_RESOURCE) {
        const token = execution.lastToken;
        if (!token) throw new TaskFailure('States.Runtime', 'a callback task must pass $$.Task.Token');
        const { FunctionName, Payload } = input as { FunctionName: string; Payload: Json };
        const TimeoutError = await statesTimeoutError();
        let cancelTimeout = () => {};
        const waiting = new Promise<unknown>((resolve, reject) => {
          this.tasks.set(token, { executionArn: execution.executionArn, resolve, reject, closed: false });
          // The wait times out by the business clock: at the payload's `wakeAt` (the instant a
          // TimeoutSecondsPath was computed for) or after the state's TimeoutSeconds.
          const wakeAt = (Payload as { wakeAt?: unknown } | null)?.wakeAt;
          const at =
            typeof wakeAt === 'string'
              ? new Date(wakeAt)
              : state.TimeoutSeconds
                ? new Date(this.clock.now().getTime() + state.TimeoutSeconds * 1000)
                : undefined;
          if (at && !Number.isNaN(at.getTime())) {
            cancelTimeout = this.clock.at(at, () => {
              const task = this.tasks.get(token);
              if (!task || task.closed) return;
              this.closeTask(token);
              reject(new TimeoutError());
            });
          }
        });
        // A stop may reject the wait while the function is still being invoked: never unhandled.
        waiting.catch(() => undefined);
        void waiting.finally(() => cancelTimeout()).catch(() => undefined);
        this.record(execution, 'TaskScheduled', {
          taskScheduledEventDetails: { resource, parameters: JSON.stringify(input) },
        });
        try {
          await this.invoke(FunctionName, Payload);
        } catch (error) {
          this.closeTask(token);
          throw toTaskFailure(error);
        }
        const output = (await waiting) as Json;
        this.record(execution, 'TaskSucceeded', {
          taskSucceededEventDetails: { resource, output: JSON.stringify(output) },
        });
        return output;
      }
      if (resource === INVOKE_RESOURCE) {
        const { FunctionName, Payload } = input as { FunctionName: string; Payload: Json };
        const result = await this.invoke(FunctionName, Payload).catch((error) => {
          throw toTaskFailure(error);
        });
        return { Payload: result as Json, StatusCode: 200 };
      }
      return (await this.invoke(resource, input).catch((error) => {
        throw toTaskFailure(error);
      })) as Json;
    };
  }

  private issueToken(execution: Execution): string {
    // The previous wait of a sequential execution is over once a new one begins.
    for (const open of execution.openTokens) this.closeTask(open);
    const token = `${randomBytes(48).toString('base64url')}`;
    execution.openTokens.add(token);
    execution.lastToken = token;
    return token;
  }

  private closeTask(token: string) {
    const task = this.tasks.get(token);
    if (task) task.closed = true;
  }

  private record(execution: Execution, type: string, details: Record<string, unknown>) {
    const id = execution.history.length + 1;
    execution.history.push({ id, previousEventId: id - 1, timestamp: Date.now() / 1000, type, ...details });
  }

  startExecution(
    request: { stateMachineArn?: string; name?: string; input?: string },
    /** How many restarts this execution has been resumed after (resumeInterrupted). */
    resumedAfterRestart?: number,
  ) {
    if (request.stateMachineArn !== this.stateMachineArn) {
      throw new SfnError('StateMachineDoesNotExist', 'State Machine Does Not Exist');
    }
    const name = request.name ?? randomBytes(16).toString('hex');
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) throw new SfnError('InvalidName', 'Invalid execution name');
    const input = request.input ?? '{}';
    let parsed: Json;
    try {
      parsed = JSON.parse(input) as Json;
    } catch {
      throw new SfnError('InvalidExecutionInput', 'Invalid execution input');
    }
    const executionArn = `arn:aws:states:us-east-1:000000000000:execution:${this.name}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      // Step Functions answers a repeated start of a running execution with the same input idempotently.
      if (existing.status === 'RUNNING' && existing.input === input) {
        return { executionArn, startDate: existing.startDate };
      }
      throw new SfnError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }

    const execution = {
      executionArn,
      name,
      input,
      status: 'RUNNING',
      startDate: Date.now() / 1000,
    } as Execution;
    execution.history = [];
    execution.openTokens = new Set();
    if (resumedAfterRestart) execution.resumedAfterRestart = resumedAfterRestart;
    const self = this;
    const taskContext = {
      get Token() {
        return self.issueToken(execution);
      },
    };
    // Read when a state's Parameters are evaluated, i.e. as the state is entered.
    const stateContext = {
      get EnteredTime() {
        return self.clock.now().toISOString();
      },
    };
    const run = this.machine.run(parsed, {
      overrides: { taskResourceLocalHandlers: this.taskHandlers(execution) },
      context: {
        Execution: { Id: executionArn, Name: name, StartTime: new Date().toISOString() },
        StateMachine: { Id: this.stateMachineArn, Name: this.name },
        Task: taskContext,
        State: stateContext,
      },
    });
    execution.abort = run.abort;
    this.executions.set(executionArn, execution);
    this.journal(execution);
    const collectEvents = (async () => {
      for await (const event of run.eventLogs) {
        const { type, timestamp, ...rest } = event as { type: string; timestamp: number } & Record<
          string,
          unknown
        >;
        const state = rest.state as
          | { name: string; type: string; input?: unknown; output?: unknown }
          | undefined;
        if (type === 'ExecutionStarted') {
          this.record(execution, 'ExecutionStarted', { executionStartedEventDetails: { input } });
        } else if (state && type === 'StateEntered') {
          this.record(execution, `${state.type}StateEntered`, {
            stateEnteredEventDetails: { name: state.name, input: JSON.stringify(state.input ?? null) },
          });
        } else if (state && type === 'StateExited') {
          this.record(execution, `${state.type}StateExited`, {
            stateExitedEventDetails: { name: state.name, output: JSON.stringify(state.output ?? null) },
          });
        } else if (state && type === 'StateFailed') {
          this.record(execution, `${state.type === 'Task' ? 'Task' : state.type}Failed`, {
            failedEventDetails: { name: state.name, error: rest.Error, cause: String(rest.Cause ?? '') },
          });
        } else if (state && type === 'StateRetried') {
          this.record(execution, 'StateRetried', { name: state.name });
        } else if (state && type === 'StateCaught') {
          this.record(execution, 'StateCaught', { name: state.name });
        }
        void timestamp;
      }
    })();
    // The closing history event is written after the interpreter's own events have been read.
    const closeHistory = () => Promise.race([collectEvents.catch(() => undefined), sleep(1000)]);
    execution.done = run.result.then(
      async (output) => {
        execution.status = 'SUCCEEDED';
        execution.output = JSON.stringify(output);
        execution.stopDate = Date.now() / 1000;
        this.journal(execution);
        await closeHistory();
        this.record(execution, 'ExecutionSucceeded', {
          executionSucceededEventDetails: { output: execution.output },
        });
      },
      async (error: unknown) => {
        execution.stopDate ??= Date.now() / 1000;
        for (const open of execution.openTokens) this.closeTask(open);
        if (execution.status === 'ABORTED') return;
        const name = (error as Error)?.name ?? 'Error';
        execution.status = name === 'ExecutionTimeoutError' ? 'TIMED_OUT' : 'FAILED';
        const cause = (error as { cause?: { name?: string; message?: string } })?.cause;
        execution.error = cause?.name ?? name;
        execution.cause = cause?.message ?? (error as Error)?.message;
        this.journal(execution);
        await closeHistory();
        this.record(execution, 'ExecutionFailed', {
          executionFailedEventDetails: { error: execution.error, cause: execution.cause },
        });
      },
    );
    return { executionArn, startDate: execution.startDate };
  }

  private execution(executionArn: unknown): Execution {
    const execution = typeof executionArn === 'string' ? this.executions.get(executionArn) : undefined;
    if (!execution) throw new SfnError('ExecutionDoesNotExist', 'Execution Does Not Exist');
    return execution;
  }

  describeExecution(request: { executionArn?: string }) {
    const execution = this.execution(request.executionArn);
    return {
      executionArn: execution.executionArn,
      stateMachineArn: this.stateMachineArn,
      name: execution.name,
      status: execution.status,
      startDate: execution.startDate,
      ...(execution.stopDate ? { stopDate: execution.stopDate } : {}),
      input: execution.input,
      ...(execution.output ? { output: execution.output } : {}),
      ...(execution.error ? { error: execution.error, cause: execution.cause } : {}),
    };
  }

  stopExecution(request: { executionArn?: string; error?: string; cause?: string }, shuttingDown = false) {
    const execution = this.execution(request.executionArn);
    if (execution.status === 'RUNNING') {
      execution.status = 'ABORTED';
      execution.error = request.error;
      execution.cause = request.cause;
      execution.stopDate = Date.now() / 1000;
      // A backend shutting down leaves its executions running in the journal: the next start resumes them.
      if (!shuttingDown) this.journal(execution);
      this.record(execution, 'ExecutionAborted', {
        executionAbortedEventDetails: { error: request.error, cause: request.cause },
      });
      // Every wait of the execution ends, closed ones too: a wait closed without an answer (a new
      // token issued over it) would otherwise hold the interpreter's task timer, and with it the
      // process, for the state's whole TimeoutSeconds. Rejecting a settled wait does nothing.
      for (const task of this.tasks.values()) {
        if (task.executionArn !== execution.executionArn) continue;
        task.closed = true;
        task.reject(new TaskFailure('States.Aborted', 'execution stopped'));
      }
      execution.abort();
    }
    return { stopDate: execution.stopDate ?? Date.now() / 1000 };
  }

  private journal(execution: Execution): void {
    if (!this.journalDir) return;
    mkdirSync(this.journalDir, { recursive: true });
    const entry: JournalEntry = {
      name: execution.name,
      input: execution.input,
      status: execution.status,
      startDate: execution.startDate,
      ...(execution.stopDate && execution.status !== 'RUNNING' ? { stopDate: execution.stopDate } : {}),
      ...(execution.resumedAfterRestart ? { resumedAfterRestart: execution.resumedAfterRestart } : {}),
    };
    const path = join(this.journalDir, `${execution.name}.json`);
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    renameSync(temporary, path);
  }

  /**
   * After a restart: the executions the journal says were running start again from the top with
   * their input and name. Every step is idempotent (conditional writes, deterministic keys,
   * notifications once), a step whose work is done passes through, and a wait whose event already
   * happened completes at once (the case holds the completion), so each case comes back to where
   * it was. Finished executions come back as records without history. Returns the names resumed.
   */
  resumeInterrupted(): string[] {
    if (!this.journalDir || !existsSync(this.journalDir)) return [];
    const resumed: string[] = [];
    for (const file of readdirSync(this.journalDir)
      .filter((name) => name.endsWith('.json'))
      .sort()) {
      const entry = JSON.parse(readFileSync(join(this.journalDir, file), 'utf8')) as JournalEntry;
      const executionArn = `arn:aws:states:us-east-1:000000000000:execution:${this.name}:${entry.name}`;
      if (this.executions.has(executionArn)) continue;
      if (entry.status !== 'RUNNING') {
        this.executions.set(executionArn, {
          executionArn,
          name: entry.name,
          input: entry.input,
          status: entry.status,
          startDate: entry.startDate,
          ...(entry.stopDate ? { stopDate: entry.stopDate } : {}),
          history: [],
          abort: () => undefined,
          openTokens: new Set(),
          done: Promise.resolve(),
        });
        continue;
      }
      this.startExecution(
        { stateMachineArn: this.stateMachineArn, name: entry.name, input: entry.input },
        (entry.resumedAfterRestart ?? 0) + 1,
      );
      resumed.push(entry.name);
    }
    return resumed;
  }

  getExecutionHistory(request: { executionArn?: string; reverseOrder?: boolean }) {
    const execution = this.execution(request.executionArn);
    const events = [...execution.history];
    if (request.reverseOrder) events.reverse();
    return { events };
  }

  private openTask(taskToken: unknown): PendingTask {
    const task = typeof taskToken === 'string' ? this.tasks.get(taskToken) : undefined;
    if (!task) throw new SfnError('InvalidToken', 'Invalid token');
    if (task.closed) throw new SfnError('TaskTimedOut', 'Task Timed Out');
    return task;
  }

  sendTaskSuccess(request: { taskToken?: string; output?: string }) {
    const task = this.openTask(request.taskToken);
    let output: unknown;
    try {
      output = JSON.parse(request.output ?? 'null');
    } catch {
      throw new SfnError('InvalidOutput', 'Invalid output');
    }
    task.closed = true;
    task.resolve(output);
    return {};
  }

  sendTaskFailure(request: { taskToken?: string; error?: string; cause?: string }) {
    const task = this.openTask(request.taskToken);
    task.closed = true;
    task.reject(new TaskFailure(request.error ?? 'States.TaskFailed', request.cause ?? ''));
    return {};
  }

  sendTaskHeartbeat(request: { taskToken?: string }) {
    this.openTask(request.taskToken);
    return {};
  }

  /** Waits until an execution has finished (for tests and the demo). */
  async settled(executionArn: string): Promise<void> {
    await this.execution(executionArn).done;
  }

  private async handle(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : '';
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify(body));
    };
    try {
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      const operations: Record<string, (input: never) => unknown> = {
        StartExecution: (input) => this.startExecution(input),
        DescribeExecution: (input) => this.describeExecution(input),
        StopExecution: (input) => this.stopExecution(input),
        GetExecutionHistory: (input) => this.getExecutionHistory(input),
        SendTaskSuccess: (input) => this.sendTaskSuccess(input),
        SendTaskFailure: (input) => this.sendTaskFailure(input),
        SendTaskHeartbeat: (input) => this.sendTaskHeartbeat(input),
      };
      const run = operations[operation];
      if (!run)
        throw new SfnError(
          'UnknownOperationException',
          `Operation ${operation || '(none)'} is not supported locally`,
        );
      reply(200, run(body as never));
    } catch (error) {
      if (error instanceof SfnError) reply(400, { __type: error.type, message: error.message });
      else reply(500, { __type: 'InternalFailure', message: 'local Step Functions failed' });
    }
  }

  async listen(host: string): Promise<string> {
    this.server = createServer((request, response) => {
      void this.handle(request, response);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, host, resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://${host}:${port}`;
  }

  /** Stops every running execution and the server. */
  private invoke(functionArn: string, payload: unknown): Promise<unknown> {
    const invocation = this.invokeFunction(functionArn, payload);
    this.inflight.add(invocation);
    void invocation.then(
      () => this.inflight.delete(invocation),
      () => this.inflight.delete(invocation),
    );
    return invocation;
  }

  async stop(): Promise<void> {
    for (const execution of this.executions.values()) {
      if (execution.status === 'RUNNING')
        this.stopExecution({ executionArn: execution.executionArn, error: 'LocalShutdown' }, true);
    }
    await Promise.allSettled([...this.executions.values()].map((execution) => execution.done));
    // An aborted execution does not stop a function already running for it: let it finish.
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}

/** A thrown handler error becomes a task failure named like Lambda would name it. */
function toTaskFailure(error: unknown): Error {
  if (error instanceof TaskFailure) return error;
  const name =
    (error as Error)?.name && (error as Error).name !== 'Error' ? (error as Error).name : 'Lambda.Unknown';
  return new TaskFailure(name, (error as Error)?.message ?? 'task failed');
}

/** Replaces `${Placeholder}` in the ASL text, as CDK's definitionSubstitutions does. */
export function substitute(
  definitionText: string,
  substitutions: Record<string, string>,
): StateMachineDefinition {
  const text = definitionText.replace(/\$\{([A-Za-z0-9]+)\}/g, (whole, key: string) => {
    const value = substitutions[key];
    if (value === undefined) throw new Error(`no substitution for ${whole}`);
    return value;
  });
  return JSON.parse(text) as StateMachineDefinition;
}
