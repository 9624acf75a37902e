import type * as z from 'zod';
import { type Built, keyFor } from './draft';
import type { Text } from './text';

/** A schema issue placed on the form: the control's key (or none: the form as a whole) and its message. */
export interface FieldIssue {
  readonly key: string | undefined;
  readonly message: string;
}

type Issue = z.core.$ZodIssue;

/**
 * The message for one issue in the portal's language. The schema's own sentences (a registry id's
 * format, a trial without its id) are shown as written, in Chinese from the text table; zod's
 * generic ones ("expected string to have >=1 characters") become plain requests.
 */
export function issueMessage(issue: Issue, key: string | undefined, t: Text): string {
  switch (issue.code) {
    case 'custom':
    case 'invalid_format':
      return t.schemaMessages[issue.message] ?? issue.message;
    case 'invalid_type':
      if (key === 'pdf') return t.uploadFirst;
      return issue.expected === 'string' ? t.fillIn : t.chooseOne;
    case 'invalid_value':
    case 'invalid_union':
      return t.chooseOne;
    case 'too_small':
      if (key === 'pdf') return t.uploadFirst;
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? t.fillIn : t.tooShort(Number(issue.minimum));
      if (issue.origin === 'array') return t.atLeast(Number(issue.minimum));
      return issue.message;
    case 'too_big':
      if (issue.origin === 'string') return t.tooLong(Number(issue.maximum));
      if (issue.origin === 'array') return t.atMost(Number(issue.maximum));
      return issue.message;
    default:
      return issue.message;
  }
}

/** One issue per control (the first), in the order the schema found them. */
export function placeIssues(issues: readonly Issue[], keys: Built['keys'], t: Text): FieldIssue[] {
  const placed: FieldIssue[] = [];
  const seen = new Set<string | undefined>();
  for (const issue of issues) {
    const key = keyFor(keys, issue.path);
    if (key !== undefined && seen.has(key)) continue;
    seen.add(key);
    placed.push({ key, message: issueMessage(issue, key, t) });
  }
  return placed;
}

/**
 * Checks a body with the route's own schema. A discriminated union stops at a missing
 * discriminator, so when the outcome is not chosen the rest is checked as if it were (the
 * outcome with the fewest fields), and every other field's issues are shown at once.
 */
export function check<S extends z.ZodType>(
  schema: S,
  built: Built,
  t: Text,
): { ok: true; data: z.output<S> } | { ok: false; issues: FieldIssue[] } {
  const result = schema.safeParse(built.body);
  if (result.success) return { ok: true, data: result.data };
  const issues = [...result.error.issues];
  const opinion = built.body.opinion as Record<string, unknown> | undefined;
  if (opinion && opinion.outcome === undefined) {
    const rest = schema.safeParse({
      ...built.body,
      opinion: { ...opinion, outcome: 'current-plan-optimal' },
    });
    if (!rest.success)
      issues.push(...rest.error.issues.filter((issue) => issue.path.join('.') !== 'opinion.outcome'));
  }
  return { ok: false, issues: placeIssues(issues, built.keys, t) };
}
