import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import validator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { workflow } from '../../functions/contract';
import { MAX_WAIT_SECONDS } from '../../functions/workflow/track-deadline';
import { substitute } from '../../scripts/local/stepfunctions';

const root = join(import.meta.dirname, '..', '..');
const text = readFileSync(join(root, workflow.definitionFile), 'utf8');
const fakeArn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

describe('statemachines/case-workflow.asl.json', () => {
  it('names exactly the placeholders the shared definitions substitute', () => {
    const placeholders = new Set([...text.matchAll(/\$\{([A-Za-z0-9]+)\}/g)].map((match) => match[1]));
    expect([...placeholders].sort()).toEqual(Object.keys(workflow.substitutions).sort());
  });

  it('is valid ASL once substituted, with JSONPath only', () => {
    const definition = substitute(
      text,
      Object.fromEntries(Object.keys(workflow.substitutions).map((key) => [key, fakeArn(key)])),
    );
    const result = validator(definition, { checkArn: true, checkPaths: true });
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
    // The local interpreter ignores JSONata: no state may opt into it.
    expect(text).not.toMatch(/JSONata|"Arguments"|"Output"\s*:/);
  });

  it('fails the lint when a placeholder is left unsubstituted', () => {
    expect(() => substitute(text, {})).toThrow(/no substitution/);
  });

  it('bounds every callback wait below the 24.8-day timer limit of the local runner', () => {
    const states = JSON.parse(text).States as Record<
      string,
      { Resource?: string; TimeoutSeconds?: number; TimeoutSecondsPath?: string }
    >;
    const waits = Object.entries(states).filter(([, state]) => state.Resource?.endsWith('.waitForTaskToken'));
    expect(waits).toHaveLength(4);
    for (const [name, wait] of waits) {
      if (name === 'WaitForReport') {
        // Timed by the deadline tracking, which never asks for more than MAX_WAIT_SECONDS.
        expect(wait.TimeoutSecondsPath).toBe('$.tracking.waitSeconds');
        continue;
      }
      expect(wait.TimeoutSeconds).toBeGreaterThan(0);
      expect(wait.TimeoutSeconds! * 1000).toBeLessThan(2 ** 31 - 1);
    }
    expect(MAX_WAIT_SECONDS * 1000).toBeLessThan(2 ** 31 - 1);
  });

  it('routes a deadline change straight back to planning instead of retrying the wait', () => {
    const wait = JSON.parse(text).States.WaitForReport;
    expect(wait.Retry[0]).toEqual({ ErrorEquals: ['DeadlineChanged'], MaxAttempts: 0 });
    expect(wait.Catch[0]).toMatchObject({
      ErrorEquals: ['States.Timeout', 'DeadlineChanged'],
      Next: 'TrackReportDeadline',
    });
  });
});
