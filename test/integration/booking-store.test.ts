import { describe, expect, it } from 'vitest';
import { claimSlot, releaseSlot, takenSlots } from '../../functions/adapters/booking-store';
import { useLocalDynamo } from './local-dynamo';

/** Slot claims against local DynamoDB: the conditional write that keeps two visitors off one slot. */
describe('strategy-call slot claims', () => {
  useLocalDynamo('booking-store');
  const start = '2027-03-17T07:00:00.000Z';
  const now = new Date('2027-03-15T08:00:00Z');
  const hold = (bookingId: string) => ({
    bookingId,
    status: 'held' as const,
    expiresAt: '2027-03-15T08:15:00.000Z',
  });

  it('lets exactly one of 12 racing visitors hold a slot', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, n) => claimSlot('coord-race', start, hold(`bk_race${n}`), now)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const taken = await takenSlots(['coord-race'], {
      from: '2027-03-17T00:00:00Z',
      to: '2027-03-18T00:00:00Z',
      now,
    });
    expect([...taken]).toEqual([`coord-race ${start}`]);
  });

  it('frees a slot when the hold runs out on the business clock, and lets its own booking claim it again', async () => {
    expect(await claimSlot('coord-lapse', start, hold('bk_first'), now)).toBe(true);
    expect(await claimSlot('coord-lapse', start, hold('bk_second'), new Date('2027-03-15T08:14:59Z'))).toBe(
      false,
    );
    // The same booking confirming while its hold stands.
    expect(await claimSlot('coord-lapse', start, { ...hold('bk_first'), status: 'confirmed' }, now)).toBe(
      true,
    );
    // Confirmed: no lapse frees it.
    expect(await claimSlot('coord-lapse', start, hold('bk_second'), new Date('2027-04-01T00:00:00Z'))).toBe(
      false,
    );

    expect(await claimSlot('coord-lapse2', start, hold('bk_a'), now)).toBe(true);
    const later = new Date('2027-03-15T08:15:00Z');
    expect(await takenSlots(['coord-lapse2'], { from: start, to: start, now: later })).toEqual(new Set());
    const newHold = { bookingId: 'bk_b', status: 'held' as const, expiresAt: '2027-03-15T08:30:00.000Z' };
    expect(await claimSlot('coord-lapse2', start, newHold, later)).toBe(true);
    // The lapsed booking cannot take it back from the new one, nor release it.
    expect(await claimSlot('coord-lapse2', start, hold('bk_a'), later)).toBe(false);
    await releaseSlot('coord-lapse2', start, 'bk_a');
    expect(await takenSlots(['coord-lapse2'], { from: start, to: start, now: later })).toEqual(
      new Set([`coord-lapse2 ${start}`]),
    );
  });
});
