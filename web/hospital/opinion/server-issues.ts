import { ApiError } from '../../patient/api';
import { keyFor } from './draft';
import { showIssues } from './fields';
import type { Text } from './text';
import { issueMessage } from './validation';

/**
 * What the server's own check found that the browser's did not (an upload it cannot find, a
 * state that changed): its field errors shown at their fields, as the browser's would be.
 * Returns whether there were any.
 */
export function showServerIssues(
  form: HTMLElement,
  summary: HTMLElement,
  keys: ReadonlyMap<string, string>,
  error: unknown,
  t: Text,
): boolean {
  if (!(error instanceof ApiError) || !error.details.some((detail) => detail.path)) return false;
  showIssues(
    form,
    summary,
    error.details.map((detail) => {
      const key = keyFor(keys, (detail.path ?? '').split('.'));
      return {
        key,
        message: issueMessage(
          { code: 'custom', message: detail.message, path: [], input: undefined },
          key,
          t,
        ),
      };
    }),
    t,
  );
  return true;
}
