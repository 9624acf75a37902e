import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { InvoiceNumber } from '../core/case/quote';
import { dynamo } from './aws-clients';
import { isConditionFailure, queryAll } from './dynamo-helpers';
import { tableName } from './settings';

/**
 * Gapless yearly sequences of invoice and credit-note numbers, in the cases table without a
 * transaction (dynalite has none): each number is one item, `SEQUENCE#<series>#<year>` /
 * `N#<000001>`, claimed by a conditional put that names who owns it (a payment or a refund id).
 * Two claimers of the same next number: one wins, the other reads the new last and tries the
 * next. A claimer that crashed after its claim finds its number again (by owner) when retried,
 * so no number is ever claimed and left without its document, and none is used twice.
 *
 * Items hold ids and numbers only: never a name, an amount's payer or a diagnosis.
 */

export type Series = 'INV' | 'CN';

const sequencePk = (series: Series, year: number) => `SEQUENCE#${series}#${year}`;
const sequenceSk = (sequence: number) => `N#${String(sequence).padStart(6, '0')}`;
/** Under the case: which number its owner holds, read first so a repeat costs one read. */
const ownerKey = (caseId: string, ownerId: string) => ({ pk: `CASE#${caseId}`, sk: `NUMBER#${ownerId}` });

export const formatNumber = (series: Series, year: number, sequence: number): string =>
  `${series}-${year}-${String(sequence).padStart(6, '0')}`;

const MAX_ATTEMPTS = 25;

async function ownedNumber(series: Series, year: number, ownerId: string): Promise<number | undefined> {
  // Only after a crash between the claim and the owner's record: read the year's claims by owner.
  const items = await queryAll({
    TableName: tableName('cases'),
    KeyConditionExpression: 'pk = :pk',
    FilterExpression: 'ownerId = :owner',
    ExpressionAttributeValues: { ':pk': sequencePk(series, year), ':owner': ownerId },
    ProjectionExpression: '#sequence',
    ExpressionAttributeNames: { '#sequence': 'sequence' },
  });
  return items[0]?.sequence as number | undefined;
}

async function lastSequence(series: Series, year: number): Promise<number> {
  const page = await dynamo().send(
    new QueryCommand({
      TableName: tableName('cases'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': sequencePk(series, year) },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  return (page.Items?.[0]?.sequence as number | undefined) ?? 0;
}

/**
 * The number `ownerId` holds in `series` for `year`, claiming the next one if it holds none.
 * Idempotent: the same owner always gets the same number.
 */
export async function claimNumber(
  series: Series,
  year: number,
  owner: { readonly ownerId: string; readonly caseId: string; readonly at: string },
): Promise<InvoiceNumber> {
  const table = tableName('cases');
  const result = (sequence: number): InvoiceNumber => ({
    number: formatNumber(series, year, sequence),
    year,
    sequence,
  });
  const known = await dynamo().send(
    new GetCommand({ TableName: table, Key: ownerKey(owner.caseId, owner.ownerId), ConsistentRead: true }),
  );
  if (known.Item) return result(known.Item.sequence as number);
  let sequence = await ownedNumber(series, year, owner.ownerId);
  for (let attempt = 0; sequence === undefined && attempt < MAX_ATTEMPTS; attempt += 1) {
    const next = (await lastSequence(series, year)) + 1;
    try {
      await dynamo().send(
        new PutCommand({
          TableName: table,
          Item: {
            pk: sequencePk(series, year),
            sk: sequenceSk(next),
            itemType: 'sequence-number',
            sequence: next,
            ownerId: owner.ownerId,
            caseId: owner.caseId,
            at: owner.at,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      sequence = next;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  if (sequence === undefined) throw new Error('could not claim a sequence number');
  await dynamo().send(
    new PutCommand({
      TableName: table,
      Item: { ...ownerKey(owner.caseId, owner.ownerId), itemType: 'number-owner', series, year, sequence },
    }),
  );
  return result(sequence);
}
