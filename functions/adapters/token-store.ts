import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { hashToken, newId, newToken, type TokenRole } from '../core/ids';
import { dynamo } from './aws-clients';
import { queryAll } from './dynamo-helpers';
import { tableName } from './settings';

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
): Promise<{ token: string; tokenId: string; expiresAt: number }> {
  const token = newToken(grant.role);
  // A public handle for listing and revoking, unrelated to the secret.
  const tokenId = newId('tok');
  const now = Math.floor(Date.now() / 1000);
  const expiresAt = now + lifetimeSeconds;
  await dynamo().send(
    new PutCommand({
      TableName: tableName('tokens'),
      // ttl lets DynamoDB purge expired hashes; expiry itself is enforced on every check.
      Item: {
        tokenHash: hashToken(token),
        tokenId,
        ...grant,
        createdAt: now,
        expiresAt,
        ttl: expiresAt + 86_400,
      },
      ConditionExpression: 'attribute_not_exists(tokenHash)',
    }),
  );
  return { token, tokenId, expiresAt };
}

export interface TokenSummary {
  readonly tokenId: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** A subject's tokens without their hashes: what a coordinator may see. */
export async function listTokens(subject: string): Promise<(TokenSummary & { tokenHash: string })[]> {
  const items = await queryAll({
    TableName: tableName('tokens'),
    IndexName: 'bySubject',
    KeyConditionExpression: 'subject = :subject',
    ExpressionAttributeValues: { ':subject': subject },
  });
  return items.map((item) => ({
    tokenHash: String(item.tokenHash),
    tokenId: String(item.tokenId ?? ''),
    createdAt: Number(item.createdAt ?? 0),
    expiresAt: Number(item.expiresAt),
  }));
}

/** Brings a token's expiry forward (never later than it was). */
export async function expireTokenBy(tokenHash: string, expiresAt: number): Promise<void> {
  await dynamo()
    .send(
      new UpdateCommand({
        TableName: tableName('tokens'),
        Key: { tokenHash },
        UpdateExpression: 'SET expiresAt = :at, #ttl = :ttl',
        ConditionExpression: 'attribute_exists(tokenHash) AND expiresAt > :at',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':at': expiresAt, ':ttl': expiresAt + 86_400 },
      }),
    )
    .catch((error: { name?: string }) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
}

export async function deleteToken(tokenHash: string): Promise<void> {
  await dynamo().send(new DeleteCommand({ TableName: tableName('tokens'), Key: { tokenHash } }));
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

/** Revokes every token of a subject (a hospital, a case). */
export async function revokeSubject(subject: string): Promise<number> {
  const tokens = await listTokens(subject);
  for (const token of tokens) await deleteToken(token.tokenHash);
  return tokens.length;
}

export const subjects = {
  case: (caseId: string) => `case#${caseId}`,
  hospital: (hospitalId: string) => `hospital#${hospitalId}`,
  booking: (bookingId: string) => `booking#${bookingId}`,
};
