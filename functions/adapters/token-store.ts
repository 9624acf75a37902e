import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { hashToken, newToken, type TokenRole } from '../core/ids';
import { dynamo } from './aws-clients';
import { queryAll } from './dynamo-helpers';
import { tableName } from './env';

/** What a token opens: one case for a patient, one hospital's cases for a hospital. */
export interface TokenGrant {
  readonly role: TokenRole;
  readonly subject: string;
  readonly caseId?: string;
  readonly hospitalId?: string;
  /** Epoch seconds. */
  readonly expiresAt: number;
}

/** Issues a token and stores only its hash. The plain token is returned once, to be shown once. */
export async function issueToken(
  grant: Omit<TokenGrant, 'expiresAt'>,
  lifetimeSeconds: number,
): Promise<{ token: string; expiresAt: number }> {
  const token = newToken(grant.role);
  const expiresAt = Math.floor(Date.now() / 1000) + lifetimeSeconds;
  await dynamo().send(
    new PutCommand({
      TableName: tableName('tokens'),
      // ttl lets DynamoDB purge expired hashes; expiry itself is enforced on every check.
      Item: { tokenHash: hashToken(token), ...grant, expiresAt, ttl: expiresAt + 86_400 },
      ConditionExpression: 'attribute_not_exists(tokenHash)',
    }),
  );
  return { token, expiresAt };
}

export async function findGrant(token: string): Promise<TokenGrant | undefined> {
  const result = await dynamo().send(
    new GetCommand({
      TableName: tableName('tokens'),
      Key: { tokenHash: hashToken(token) },
      ConsistentRead: true,
    }),
  );
  const item = result.Item as (TokenGrant & { tokenHash: string }) | undefined;
  if (!item || item.expiresAt <= Math.floor(Date.now() / 1000)) return undefined;
  return {
    role: item.role,
    subject: item.subject,
    caseId: item.caseId,
    hospitalId: item.hospitalId,
    expiresAt: item.expiresAt,
  };
}

/** Revokes every token of a subject (a hospital, a case, the local coordinator). */
export async function revokeSubject(subject: string): Promise<number> {
  const items = await queryAll({
    TableName: tableName('tokens'),
    IndexName: 'bySubject',
    KeyConditionExpression: 'subject = :subject',
    ExpressionAttributeValues: { ':subject': subject },
  });
  for (const item of items) {
    await dynamo().send(
      new DeleteCommand({ TableName: tableName('tokens'), Key: { tokenHash: item.tokenHash } }),
    );
  }
  return items.length;
}

export const subjects = {
  case: (caseId: string) => `case#${caseId}`,
  hospital: (hospitalId: string) => `hospital#${hospitalId}`,
  coordinator: (name: string) => `coordinator#${name}`,
};
