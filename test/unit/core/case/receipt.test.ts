import { describe, expect, it } from 'vitest';
import { contradictsConfirmedReceipt, decideReceipt } from '../../../../functions/core/case/receipt';
import { ValidationError } from '../../../../functions/core/errors';
import { caseWith, hospital } from './fixtures';

// Monday 1 March 2027, 09:00 in Guangzhou: months from any real "today".
const now = new Date('2027-03-01T01:00:00Z');
const delivered = caseWith({ status: 'awaiting-receipt', deliveredAt: '2027-02-26T01:00:00Z' });

describe('decideReceipt', () => {
  it('starts the deadline on the request’s business day in the hospital’s calendar', () => {
    const decision = decideReceipt(delivered, { complete: true }, { hospital, by: 'hospital:a', now });
    expect(decision.complete).toBe(true);
    if (!decision.complete) return;
    expect(decision.deadline).toMatchObject({
      receivedOn: '2027-03-01',
      businessDays: 5,
      timeZone: 'Asia/Shanghai',
    });
    expect(decision.completion).toMatchObject({ from: ['awaiting-receipt'], to: 'under-review' });
    expect(decision.completion.set(delivered)).toEqual({ deadline: decision.deadline });
    expect(decision.completion.output({ ...delivered, deadline: decision.deadline })).toEqual({
      complete: true,
      deadline: decision.deadline,
    });
  });

  it('uses the expedited turnaround for an expedited case', () => {
    const decision = decideReceipt(
      { ...delivered, expedited: true },
      { complete: true },
      { hospital, by: 'h', now },
    );
    expect(decision.complete && decision.deadline.businessDays).toBe(3);
  });

  it('requires a shipped disc’s arrival, and stamps it with the same business time as the deadline', () => {
    const shipped = caseWith({
      ...delivered,
      imagingShipment: {
        carrier: 'DHL',
        trackingNumber: 'X1',
        shippedAt: '2027-02-20',
        contents: 'CT',
        recordedAt: '2027-02-20T01:00:00Z',
      },
    });
    expect(() => decideReceipt(shipped, { complete: true }, { hospital, by: 'h', now })).toThrow(
      ValidationError,
    );
    const decision = decideReceipt(
      shipped,
      { complete: true, discReceived: true },
      { hospital, by: 'h', now },
    );
    const set = decision.completion.set(shipped);
    expect(set.imagingShipment?.receivedAt).toBe(now.toISOString());
    expect(set.deadline?.receivedOn).toBe('2027-03-01');
  });

  it('turns an incomplete receipt into a blocking gap per item, stamped with the business time, and no clock', () => {
    const decision = decideReceipt(
      delivered,
      { complete: false, missing: [{ itemId: 'imaging', description: 'The PET-CT is missing.' }] },
      { hospital, by: 'hospital:a', now },
    );
    expect(decision.complete).toBe(false);
    if (decision.complete) return;
    expect(decision.gaps).toEqual([
      {
        gapId: expect.stringMatching(/^hospital:gap_/),
        itemId: 'imaging',
        severity: 'blocking',
        message: 'Sample Cancer Hospital reports missing: “The PET-CT is missing.”',
        by: 'hospital:a',
        at: now.toISOString(),
      },
    ]);
    expect(decision.completion).toMatchObject({
      to: 'collecting',
      removeHospitalIndex: true,
      remove: [
        'deliveredAt',
        'relayFiles',
        'relaySeries',
        'hospitalOpenedAt',
        'packageFiles',
        'packageDigest',
      ],
    });
    expect(decision.completion.set(delivered)).toEqual({ customGaps: decision.gaps });
    expect(decision.completion.output(delivered)).toEqual({ complete: false });
  });

  it('tells a confirmed receipt from one that was reported incomplete', () => {
    expect(
      contradictsConfirmedReceipt(caseWith({ callbacks: { receipt: { output: { complete: true } } } })),
    ).toBe(true);
    expect(
      contradictsConfirmedReceipt(caseWith({ callbacks: { receipt: { output: { complete: false } } } })),
    ).toBe(false);
  });
});
