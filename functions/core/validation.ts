import type { z } from 'zod';
import { type ErrorDetail, ValidationError } from './errors';

/** Zod issues as field errors with dotted paths (`chemotherapy.0.drugs.1.dose`). */
export function issuesToDetails(issues: readonly z.core.$ZodIssue[]): ErrorDetail[] {
  return issues.slice(0, 50).map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

export function parseWith<T extends z.ZodType>(
  schema: T,
  input: unknown,
  what = 'request body',
): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ValidationError(`The ${what} is not valid.`, issuesToDetails(result.error.issues));
  }
  return result.data;
}
