import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Availability, CoordinatorAvailability } from '../core/booking/availability';
import { type Booking, claimHolds, type SlotClaim } from '../core/booking/booking';
import { ConcurrentUpdateError } from '../core/errors';
import { dynamo } from './aws-clients';
import { isConditionFailure, queryAll } from './dynamo-helpers';
import { tableName } from './settings';

/**
 * Strategy calls in the cases table, in partitions of their own (no transaction: dynalite has
 * none): `AVAILABILITY` / `<coordinatorId>` holds a coordinator's weekly hours; `SLOT#<coordinatorId>`
 * / `<start>` is a slot's claim, written only by a conditional put that succeeds while the slot
 * is free (no claim, or a hold whose time ran out on the business clock), so two visitors never
 * hold the same slot; `BOOKING#<bookingId>` / `BOOKING` is the booking, written with its version.
 */
const AVAILABILITY = 'AVAILABILITY';
const slotPk = (coordinatorId: string) => `SLOT#${coordinatorId}`;
const bookingKey = (bookingId: string) => ({ pk: `BOOKING#${bookingId}`, sk: 'BOOKING' });

export async function putAvailability(
  coordinatorId: string,
  availability: Availability,
  at: string,
): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: tableName('cases'),
      Item: { pk: AVAILABILITY, sk: coordinatorId, itemType: 'availability', availability, updatedAt: at },
    }),
  );
}

export async function listAvailability(): Promise<CoordinatorAvailability[]> {
  const items = await queryAll({
    TableName: tableName('cases'),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': AVAILABILITY },
    ConsistentRead: true,
  });
  return items.map((item) => ({
    coordinatorId: String(item.sk),
    availability: item.availability as Availability,
  }));
}

/** `<coordinatorId> <start>` of every claim that keeps a slot in [from, to) from others at `now`. */
export async function takenSlots(
  coordinatorIds: readonly string[],
  window: { readonly from: string; readonly to: string; readonly now: Date },
): Promise<Set<string>> {
  const taken = new Set<string>();
  for (const coordinatorId of coordinatorIds) {
    const items = await queryAll({
      TableName: tableName('cases'),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': slotPk(coordinatorId), ':from': window.from, ':to': window.to },
      ConsistentRead: true,
    });
    for (const item of items)
      if (claimHolds(item as unknown as SlotClaim, window.now)) taken.add(`${coordinatorId} ${item.sk}`);
  }
  return taken;
}

/** The claims on a coordinator's slots in [from, to], with the bookings they name. */
export async function claimsBetween(
  coordinatorId: string,
  from: string,
  to: string,
): Promise<(SlotClaim & { start: string })[]> {
  const items = await queryAll({
    TableName: tableName('cases'),
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': slotPk(coordinatorId), ':from': from, ':to': to },
    ConsistentRead: true,
  });
  return items.map((item) => ({ ...(item as unknown as SlotClaim), start: String(item.sk) }));
}

/**
 * Claims a slot for a booking: only while nobody holds it (no claim, a lapsed hold) or this
 * booking already does. False when someone else has it.
 */
export async function claimSlot(
  coordinatorId: string,
  start: string,
  claim: SlotClaim,
  now: Date,
): Promise<boolean> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName('cases'),
        Item: { pk: slotPk(coordinatorId), sk: start, itemType: 'slot-claim', ...claim },
        ConditionExpression:
          'attribute_not_exists(pk) OR #bookingId = :booking OR (#status = :held AND #expiresAt <= :now)',
        ExpressionAttributeNames: {
          '#bookingId': 'bookingId',
          '#status': 'status',
          '#expiresAt': 'expiresAt',
        },
        ExpressionAttributeValues: {
          ':booking': claim.bookingId,
          ':held': 'held',
          ':now': now.toISOString(),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Lets a slot go, if this booking still claims it. */
export async function releaseSlot(coordinatorId: string, start: string, bookingId: string): Promise<void> {
  try {
    await dynamo().send(
      new DeleteCommand({
        TableName: tableName('cases'),
        Key: { pk: slotPk(coordinatorId), sk: start },
        ConditionExpression: '#bookingId = :booking',
        ExpressionAttributeNames: { '#bookingId': 'bookingId' },
        ExpressionAttributeValues: { ':booking': bookingId },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

export async function getBooking(bookingId: string): Promise<Booking | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName('cases'), Key: bookingKey(bookingId), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, itemType: _type, ...booking } = Item;
  return booking as Booking;
}

/** Writes a new booking (version 1) or the next version of one; a lost race is ConcurrentUpdateError. */
export async function saveBooking(booking: Booking): Promise<void> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName('cases'),
        Item: { ...bookingKey(booking.bookingId), itemType: 'booking', ...booking },
        ConditionExpression: booking.version === 1 ? 'attribute_not_exists(pk)' : '#version = :previous',
        ...(booking.version === 1
          ? {}
          : {
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':previous': booking.version - 1 },
            }),
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new ConcurrentUpdateError();
    throw error;
  }
}

/** The bookings of a day's calls of every coordinator with hours, earliest first. */
export async function bookingsBetween(from: string, to: string): Promise<Booking[]> {
  const coordinators = await listAvailability();
  const claims = (
    await Promise.all(coordinators.map(({ coordinatorId }) => claimsBetween(coordinatorId, from, to)))
  ).flat();
  const bookings = await Promise.all(claims.map((claim) => getBooking(claim.bookingId)));
  return bookings
    .filter((booking): booking is Booking => booking !== undefined)
    .sort((a, b) => a.start.localeCompare(b.start));
}

/** Cancelled paid calls whose fee is to be refunded, until a coordinator records the refund. */
const REFUNDS_DUE = 'BOOKING-REFUNDS-DUE';

export async function markRefundDue(booking: Booking): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: tableName('cases'),
      Item: {
        pk: REFUNDS_DUE,
        sk: booking.bookingId,
        itemType: 'booking-refund-due',
        cancelledAt: booking.cancelledAt,
      },
    }),
  );
}

/** The refund was sent: off the list. */
export async function clearRefundDue(bookingId: string): Promise<void> {
  await dynamo().send(
    new DeleteCommand({ TableName: tableName('cases'), Key: { pk: REFUNDS_DUE, sk: bookingId } }),
  );
}

export async function refundsDue(): Promise<Booking[]> {
  const items = await queryAll({
    TableName: tableName('cases'),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': REFUNDS_DUE },
    ConsistentRead: true,
  });
  const bookings = await Promise.all(items.map((item) => getBooking(String(item.sk))));
  return bookings.filter((booking): booking is Booking => booking !== undefined);
}
