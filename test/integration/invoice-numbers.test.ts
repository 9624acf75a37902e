import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { claimNumber } from '../../functions/adapters/invoice-numbers';
import { tables } from '../../functions/contract';
import { useLocalDynamo } from './local-dynamo';

/** The gapless yearly invoice sequence against local DynamoDB: races, repeats and a crash. */
describe('invoice numbers', () => {
  const local = useLocalDynamo('invoice');

  const owner = (n: number) => ({
    ownerId: `pay_${String(n).padStart(10, '0')}`,
    caseId: `case_${n % 3}aaaaaaaaaa`,
    at: '2027-01-05T00:00:00Z',
  });

  it('gives 20 racing payments the numbers 1 to 20, each once', async () => {
    const claimed = await Promise.all(
      Array.from({ length: 20 }, (_, n) => claimNumber('INV', 2027, owner(n))),
    );
    expect(claimed.map((number) => number.sequence).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, n) => n + 1),
    );
    expect(new Set(claimed.map((number) => number.number)).size).toBe(20);
    expect(claimed.find((number) => number.sequence === 7)?.number).toBe('INV-2027-000007');
  });

  it('gives a payment the number it holds when asked again, and starts each year and series at 1', async () => {
    const first = await claimNumber('INV', 2027, owner(3));
    const again = await Promise.all([claimNumber('INV', 2027, owner(3)), claimNumber('INV', 2027, owner(3))]);
    expect(again.map((number) => number.number)).toEqual([first.number, first.number]);
    expect((await claimNumber('INV', 2028, owner(100))).number).toBe('INV-2028-000001');
    expect((await claimNumber('CN', 2027, owner(101))).number).toBe('CN-2027-000001');
  });

  it('finds the number of a claimer that crashed before recording it, instead of leaving a gap', async () => {
    // The claim was written (the sequence holds 21 for this payment) but its owner record was not.
    const crashed = owner(21);
    await local.documents.send(
      new PutCommand({
        TableName: tables.cases.id,
        Item: {
          pk: 'SEQUENCE#INV#2027',
          sk: 'N#000021',
          itemType: 'sequence-number',
          sequence: 21,
          ownerId: crashed.ownerId,
          caseId: crashed.caseId,
          at: crashed.at,
        },
      }),
    );
    expect((await claimNumber('INV', 2027, crashed)).sequence).toBe(21);
    expect((await claimNumber('INV', 2027, owner(22))).sequence).toBe(22);
  });
});
