import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../core/actor';
import { dynamo } from './aws-clients';
import { isConditionFailure } from './dynamo-helpers';
import { tableName } from './settings';

export interface AuditEvent {
  readonly caseId?: string;
  readonly actor: Actor;
  readonly action: string;
  /** What was touched, by id: a document, a file, a report upload. */
  readonly target?: string;
  /** Several things touched at once, by id (the files of one package read): one event, not one each. */
  readonly targets?: readonly string[];
  /** Why, as the caller said it (a package read's `purpose`: summary, view, download, viewer, file). */
  readonly purpose?: string;
  readonly outcome: 'allowed' | 'denied' | 'failed';
  /** Counts only (e.g. what an erasure removed): never content. */
  readonly counts?: Readonly<Record<string, number>>;
}

/**
 * Appends an audit event. The condition makes every write an insert; function roles in AWS
 * also lack UpdateItem and DeleteItem on this table.
 */
export async function audit(event: AuditEvent): Promise<void> {
  const at = new Date().toISOString();
  await append(event, `${at}#${randomBytes(6).toString('hex')}`, at);
}

/**
 * Appends an audit event under a sort key the caller derives from what it records (e.g. one
 * refused token in one minute), so the same thing is recorded once however often it happens.
 * The key should begin with a time, as every audit key does. Returns whether this call wrote it.
 */
export async function auditOnce(event: AuditEvent, sortKey: string): Promise<boolean> {
  try {
    await append(event, sortKey, new Date().toISOString());
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

async function append(event: AuditEvent, sk: string, at: string): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: tableName('audit'),
      Item: { pk: event.caseId ? `CASE#${event.caseId}` : 'GLOBAL', sk, at, ...event },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}
