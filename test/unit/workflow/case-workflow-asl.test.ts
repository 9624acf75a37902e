import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workflow } from '../../../functions/contract';
import { InvalidInputError } from '../../../functions/core/parse-input';

interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly MaxAttempts?: number;
}
interface State {
  readonly Type: string;
  readonly Resource?: string;
  readonly Parameters?: Record<string, unknown>;
  readonly Retry?: readonly Retrier[];
  readonly ItemProcessor?: { readonly States: Record<string, State> };
  readonly Iterator?: { readonly States: Record<string, State> };
  readonly Branches?: readonly { readonly States: Record<string, State> }[];
}

const root = join(import.meta.dirname, '..', '..', '..');
const definition = JSON.parse(readFileSync(join(root, workflow.definitionFile), 'utf8')) as {
  States: Record<string, State>;
};

/** Every state by name, those inside Map and Parallel states too. */
function allStates(states: Record<string, State>): [string, State][] {
  return Object.entries(states).flatMap(([name, state]) => [
    [name, state] as [string, State],
    ...allStates(state.ItemProcessor?.States ?? state.Iterator?.States ?? {}),
    ...(state.Branches ?? []).flatMap((branch) => allStates(branch.States)),
  ]);
}

const tasks = allStates(definition.States).filter(([, state]) => state.Type === 'Task');

describe('the case workflow’s retriers', () => {
  // The name the entry parser gives a malformed step input (functions/core/parse-input.ts).
  const invalidInput = new InvalidInputError('the input', ['x']).name;

  it('finds the steps that retry everything', () => {
    expect(invalidInput).toBe('InvalidInput');
    const retryingAll = tasks.filter(([, state]) =>
      state.Retry?.some((retrier) => retrier.ErrorEquals.includes('States.ALL')),
    );
    expect(retryingAll.map(([name]) => name)).toEqual(
      expect.arrayContaining(['TranslateDocument', 'BuildPackage']),
    );
    expect(retryingAll.length).toBeGreaterThanOrEqual(10);
  });

  // States.TaskFailed matches every named error too (all but States.Timeout): the callback waits retry with it.
  const wildcard = (errors: readonly string[]) =>
    errors.includes('States.ALL') || errors.includes('States.TaskFailed');
  it.each(tasks.filter(([, state]) => state.Retry?.some((retrier) => wildcard(retrier.ErrorEquals))))(
    '%s fails a malformed input at once: InvalidInput is not retried before a wildcard is',
    (_name, state) => {
      const retry = state.Retry ?? [];
      const all = retry.findIndex((retrier) => wildcard(retrier.ErrorEquals));
      const invalid = retry.findIndex((retrier) => retrier.ErrorEquals.includes(invalidInput));
      expect(invalid).toBeGreaterThanOrEqual(0);
      expect(invalid).toBeLessThan(all);
      expect(retry[invalid]).toEqual({ ErrorEquals: [invalidInput], MaxAttempts: 0 });
    },
  );

  it('gives every step that stamps the case or the package the business clock as `now`', () => {
    for (const name of ['BuildPackage', 'DeliverPackage', 'TrackReportDeadline', 'DeliverReport']) {
      expect(definition.States[name]?.Parameters?.['now.$'], name).toBe('$$.State.EnteredTime');
    }
  });
});
