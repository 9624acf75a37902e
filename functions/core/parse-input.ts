import type { z } from 'zod';

/**
 * A workflow step's input or an event that does not have the shape its handler reads. Thrown at
 * entry, before anything is read or written: the task fails (its error name is `InvalidInput`),
 * or the asynchronous invocation fails and, after its retries, lands in the dead-letter queue.
 * The message names the failing fields by path only: inputs carry ids and object keys, and a
 * value never belongs in a log line.
 */
export class InvalidInputError extends Error {
  override name = 'InvalidInput';
  constructor(
    readonly what: string,
    readonly paths: readonly string[],
  ) {
    super(`${what} is not valid at: ${paths.join(', ')}`);
  }
}

const pathOf = (issue: z.core.$ZodIssue) => issue.path.map(String).join('.') || '(root)';

export function parseInput<T extends z.ZodType>(schema: T, input: unknown, what = 'the input'): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new InvalidInputError(what, [...new Set(result.error.issues.slice(0, 20).map(pathOf))]);
}
