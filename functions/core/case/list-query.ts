import { createHash } from 'node:crypto';
import * as z from 'zod';
import { ValidationError } from '../errors';
import { type CaseStatus, caseStatuses } from '../vocabulary';
import { caseIdOfSortKey, isClosedStatus, type ListPosition } from './listing';

/** The query of the coordinator's case list, and its opaque cursor. */

const limit = z.coerce.number().int().min(1).max(100).default(25);

/** `GET /cases?status=&limit=&cursor=`: other parameters are ignored. */
export const caseListQuerySchema = z.object({
  status: z.enum(caseStatuses).optional(),
  limit,
  cursor: z.string().min(1).max(1024).optional(),
});
export type CaseListQuery = z.output<typeof caseListQuerySchema>;

const CASE_ID = /^[a-z]{1,4}_[a-z0-9]{8,40}$/;

const cursorPayload = z.strictObject({
  v: z.literal(1),
  s: z.enum(caseStatuses).nullable(),
  c: z.string().regex(CASE_ID),
  k: z.string().max(300),
});

const digest = (payload: string) => createHash('sha256').update(payload).digest('base64url').slice(0, 16);

/**
 * The opaque cursor: the last position shown and the filter it belongs to, with a digest that
 * catches any edit. It is not a secret: it opens nothing a coordinator may not list anyway; the
 * checks keep whatever reaches DynamoDB exactly a key this list issued.
 */
export function encodeCursor(position: ListPosition, status: CaseStatus | undefined): string {
  const payload = JSON.stringify({ v: 1, s: status ?? null, c: position.caseId, k: position.sortKey });
  return `${Buffer.from(payload).toString('base64url')}.${digest(payload)}`;
}

const badCursor = () =>
  new ValidationError('The cursor is not valid.', [
    { path: 'cursor', message: 'Use the nextCursor of the previous page, with the same status filter.' },
  ]);

export function decodeCursor(cursor: string, status: CaseStatus | undefined): ListPosition {
  const [encoded, check, ...rest] = cursor.split('.');
  if (!encoded || !check || rest.length > 0 || !/^[A-Za-z0-9_-]+$/.test(encoded)) throw badCursor();
  const payload = Buffer.from(encoded, 'base64url').toString('utf8');
  if (digest(payload) !== check) throw badCursor();
  let parsed: z.output<typeof cursorPayload>;
  try {
    parsed = cursorPayload.parse(JSON.parse(payload));
  } catch {
    throw badCursor();
  }
  if (parsed.s !== (status ?? null)) throw badCursor();
  if (caseIdOfSortKey(parsed.k, status !== undefined && isClosedStatus(status)) !== parsed.c)
    throw badCursor();
  return { caseId: parsed.c, sortKey: parsed.k };
}
