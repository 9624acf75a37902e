import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Deadline } from '../core/business-days';
import {
  isClosedStatus,
  type ListPosition,
  listingNeedsDocuments,
  listingOf,
  openStatuses,
} from '../core/case/listing';
import type {
  CaseAggregate,
  CaseRecord,
  CertifiedUploadRecord,
  DocumentRecord,
  MalwareScan,
  RefusedVersion,
  ReportUploadRecord,
  TimelineEvent,
} from '../core/case/record';
import type { OpenCaseSummary } from '../core/dashboard';
import { ActionInProgressError, ConcurrentUpdateError } from '../core/errors';
import { type TurnaroundEntry, turnaroundEntry } from '../core/turnaround';
import type { CaseStatus, DocumentStatus } from '../core/vocabulary';
import { dynamo } from './aws-clients';
import { isConditionFailure, queryAll } from './dynamo-helpers';
import { logger } from './logger';
import { tableName } from './settings';

/**
 * The case store: one DynamoDB table holding, under the partition `CASE#<caseId>`, the case
 * itself, its documents, report uploads, timeline and idempotency claims; and, under
 * `TURNAROUND#<hospitalId>`, one entry per report a hospital delivered (ids, days and dates).
 *
 * Every write of a case item also writes where the case stands in the coordinator's list (the
 * `caseList` index, functions/contract/tables.ts), derived from the record as
 * written and its documents, so no caller can forget it; a document's change of status re-derives
 * it. Case items written before this index existed carry no list attributes: they join the
 * list on their next write (any change to the case or a status change of one of its documents).
 */
const pk = (caseId: string) => `CASE#${caseId}`;
const SK = {
  case: 'CASE',
  document: (documentId: string) => `DOC#${documentId}`,
  reportUpload: (uploadId: string) => `REPORTUPLOAD#${uploadId}`,
  event: (at: string) => `EVENT#${at}#${randomBytes(4).toString('hex')}`,
  claim: (key: string) => `CLAIM#${key}`,
  lease: (key: string) => `LEASE#${key}`,
};

const turnaroundPk = (hospitalId: string) => `TURNAROUND#${hospitalId}`;
const turnaroundSk = (reportedAt: string, caseId: string) => `REPORT#${reportedAt}#${caseId}`;

/** The list's index attributes (the `caseList` index, functions/contract/tables.ts), and its gap count. */
const LIST = { partition: 'listPk', sort: 'listSk', gaps: 'blockingGaps' };
const STATUS_PARTITION = 'STATUS#';
const statusPartition = (status: CaseStatus) => `${STATUS_PARTITION}${status}`;

const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'itemType', ...Object.values(LIST)]);

function strip<T>(item: Record<string, unknown>): T {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) if (!KEY_ATTRIBUTES.has(key)) copy[key] = value;
  return copy as T;
}

async function getItem<T>(caseId: string, sk: string): Promise<T | undefined> {
  const result = await dynamo().send(
    new GetCommand({ TableName: tableName('cases'), Key: { pk: pk(caseId), sk }, ConsistentRead: true }),
  );
  return result.Item ? strip<T>(result.Item) : undefined;
}

/** Inserts an item that must not exist yet; a second insert fails instead of overwriting. */
async function insertItem(caseId: string, sk: string, itemType: string, fields: object): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: tableName('cases'),
      Item: { pk: pk(caseId), sk, itemType, ...fields },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function createCase(record: CaseRecord): Promise<void> {
  const listing = listingOf(record, []);
  await insertItem(record.caseId, SK.case, 'case', {
    ...record,
    ...(listing
      ? {
          [LIST.partition]: statusPartition(listing.status),
          [LIST.sort]: listing.sortKey,
          [LIST.gaps]: listing.blockingGaps,
        }
      : {}),
  });
}

async function listDocuments(caseId: string): Promise<DocumentRecord[]> {
  const items = await queryAll({
    TableName: tableName('cases'),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :doc)',
    ExpressionAttributeValues: { ':pk': pk(caseId), ':doc': 'DOC#' },
    ConsistentRead: true,
  });
  return items.map((item) => strip<DocumentRecord>(item));
}

export function getCase(caseId: string): Promise<CaseRecord | undefined> {
  return getItem<CaseRecord>(caseId, SK.case);
}

/** The case with its documents and timeline, read consistently in one partition query. */
export async function loadCase(caseId: string): Promise<CaseAggregate | undefined> {
  let record: CaseRecord | undefined;
  const documents: DocumentRecord[] = [];
  const timeline: TimelineEvent[] = [];
  const items = await queryAll({
    TableName: tableName('cases'),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': pk(caseId) },
    ConsistentRead: true,
  });
  for (const item of items) {
    const sk = String(item.sk);
    if (sk === SK.case) record = strip<CaseRecord>(item);
    else if (sk.startsWith('DOC#')) documents.push(strip<DocumentRecord>(item));
    else if (sk.startsWith('EVENT#')) timeline.push(strip<TimelineEvent>(item));
  }
  if (!record) return undefined;
  timeline.sort((a, b) => a.at.localeCompare(b.at));
  return { record, documents, timeline };
}

export interface CaseChanges {
  readonly set?: Partial<Omit<CaseRecord, 'caseId' | 'version'>>;
  readonly remove?: readonly (keyof CaseRecord)[];
  /** Index the case under a hospital for the relay's case list. */
  readonly hospitalIndex?: { hospitalId: string; sortKey: string };
  /** Take the case off the hospital's list (e.g. sent back for more records). */
  readonly removeHospitalIndex?: boolean;
}

/** The record as `changes` leave it (what the list attributes are derived from). */
function applied(current: CaseRecord, changes: CaseChanges): CaseRecord {
  const next: Record<string, unknown> = { ...current };
  for (const [field, value] of Object.entries(changes.set ?? {}))
    if (value !== undefined) next[field] = value;
  for (const field of changes.remove ?? []) delete next[field];
  return next as unknown as CaseRecord;
}

/**
 * Applies changes only if the case still has the version the caller read: a lost race
 * raises ConcurrentUpdateError instead of overwriting someone else's write.
 */
export function updateCase(current: CaseRecord, changes: CaseChanges): Promise<CaseRecord> {
  // The caller's record is what the list attributes derive from; the write is conditional on its version.
  return writeCase(current, changes);
}

/** Writes `changes` over `current` (conditional on its version), with the list attributes they lead to. */
async function writeCase(current: CaseRecord, changes: CaseChanges): Promise<CaseRecord> {
  const { caseId } = current;
  const next = applied(current, changes);
  const listing = listingOf(next, listingNeedsDocuments(next) ? await listDocuments(caseId) : []);
  const names: Record<string, string> = { '#version': 'version', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = {
    ':expected': current.version,
    ':next': current.version + 1,
    ':now': new Date().toISOString(),
  };
  const sets = ['#version = :next', '#updatedAt = :now'];
  let index = 0;
  const set = (field: string, value: unknown) => {
    index += 1;
    names[`#f${index}`] = field;
    values[`:v${index}`] = value;
    sets.push(`#f${index} = :v${index}`);
  };
  for (const [field, value] of Object.entries(changes.set ?? {})) if (value !== undefined) set(field, value);
  if (changes.hospitalIndex) {
    set('gsi1pk', `HOSPITAL#${changes.hospitalIndex.hospitalId}`);
    set('gsi1sk', changes.hospitalIndex.sortKey);
  }
  const removed: string[] = [
    ...(changes.remove ?? []),
    ...(changes.removeHospitalIndex ? ['gsi1pk', 'gsi1sk'] : []),
  ];
  if (listing) {
    set(LIST.partition, statusPartition(listing.status));
    set(LIST.sort, listing.sortKey);
    set(LIST.gaps, listing.blockingGaps);
  } else {
    removed.push(...Object.values(LIST));
  }
  const removes = removed.map((field, position) => {
    names[`#r${position}`] = field;
    return `#r${position}`;
  });
  let record: CaseRecord;
  try {
    const result = await dynamo().send(
      new UpdateCommand({
        TableName: tableName('cases'),
        Key: { pk: pk(caseId), sk: SK.case },
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    record = strip<CaseRecord>(result.Attributes ?? {});
  } catch (error) {
    if (isConditionFailure(error)) throw new ConcurrentUpdateError(error);
    throw error;
  }
  // The write that records the report makes its turnaround entry; the next status change puts
  // the same entry again, which heals a crash between the two writes.
  if (changes.set?.report !== undefined || changes.set?.status !== undefined) await putTurnaround(record);
  return record;
}

/** A report's turnaround entry, keyed by what it is about: putting it again changes nothing. */
async function putTurnaround(record: CaseRecord): Promise<void> {
  const entry = turnaroundEntry(record);
  if (!entry) return;
  await dynamo().send(
    new PutCommand({
      TableName: tableName('cases'),
      Item: {
        pk: turnaroundPk(entry.hospitalId),
        sk: turnaroundSk(entry.reportedAt, entry.caseId),
        itemType: 'turnaround',
        ...entry,
      },
    }),
  );
}

/**
 * Reads the case, lets `decide` compute the change from what it read, and writes it
 * conditionally; on a lost race it reads again and decides again (at most `attempts` times).
 * `decide` returns undefined when nothing needs to change.
 */
export async function mutateCase<T>(
  caseId: string,
  decide: (record: CaseRecord) => { changes?: CaseChanges; result: T } | undefined,
  attempts = 4,
): Promise<{ record: CaseRecord; result: T } | undefined> {
  for (let attempt = 1; ; attempt += 1) {
    const current = await getCase(caseId);
    if (!current) return undefined;
    const decision = decide(current);
    if (!decision) return undefined;
    if (!decision.changes) return { record: current, result: decision.result };
    try {
      const record = await writeCase(current, decision.changes);
      return { record, result: decision.result };
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= attempts) throw error;
      // A short random pause, so writers that collided do not collide again in step.
      await sleep(Math.random() * 25 * attempt);
    }
  }
}

/**
 * Records when the hospital first opened a delivered case's package: set once (a conditional
 * write: only on a delivered case that has none yet), true when this call set it. The version is
 * left alone on purpose: the field decides nothing any other writer reads, so a concurrent
 * writer (a receipt, the deadline tracking) need not lose its race to it.
 */
export async function markHospitalOpened(caseId: string, at: string): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName('cases'),
        Key: { pk: pk(caseId), sk: SK.case },
        UpdateExpression: 'SET #opened = :at',
        ConditionExpression: 'attribute_exists(#delivered) AND attribute_not_exists(#opened)',
        ExpressionAttributeNames: { '#opened': 'hospitalOpenedAt', '#delivered': 'deliveredAt' },
        ExpressionAttributeValues: { ':at': at },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Writes the case's list attributes again from the case and its documents as they are now. It
 * bumps the version, so a writer that read the documents before they changed loses its race and
 * decides again. Exported for a backfill of case items written before the list existed.
 */
export async function relistCase(caseId: string): Promise<void> {
  await mutateCase(caseId, () => ({ changes: {}, result: true }), 8);
}

/** One case as the list's index holds it, with its row's status and gap count. */
export interface ListedCase {
  readonly record: CaseRecord;
  readonly status: CaseStatus;
  readonly blockingGaps: number;
  readonly position: ListPosition;
}

/**
 * Up to `limit` items of one status's partition of the list, after `after` in the list's order
 * (closed statuses newest first), following pages past DynamoDB's 1 MB.
 */
async function listPartition(
  status: CaseStatus,
  limit: number,
  after: string | undefined,
  projection?: string,
): Promise<Record<string, unknown>[]> {
  const descending = isClosedStatus(status);
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName('cases'),
        IndexName: 'caseList',
        KeyConditionExpression: `#partition = :partition${after ? ` AND #sort ${descending ? '<' : '>'} :after` : ''}`,
        ExpressionAttributeNames: {
          '#partition': LIST.partition,
          ...(after ? { '#sort': LIST.sort } : {}),
        },
        ExpressionAttributeValues: {
          ':partition': statusPartition(status),
          ...(after ? { ':after': after } : {}),
        },
        ScanIndexForward: !descending,
        ...(Number.isFinite(limit) ? { Limit: limit - items.length } : {}),
        ...(projection ? { ProjectionExpression: projection } : {}),
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey && items.length < limit);
  return items;
}

const listedStatus = (item: Record<string, unknown>) =>
  String(item[LIST.partition]).slice(STATUS_PARTITION.length) as CaseStatus;

/**
 * A page of the coordinator's list after `after`: the cases of one status, or the open ones,
 * merged from the open statuses' partitions by the list's order (the same sort key in each).
 * One more than the page is read from each, so the last page carries no next position.
 */
export async function listCases(query: {
  readonly status?: CaseStatus | undefined;
  readonly limit: number;
  readonly after?: ListPosition | undefined;
}): Promise<{ cases: ListedCase[]; next?: ListPosition }> {
  const statuses = query.status ? [query.status] : openStatuses;
  const direction = query.status !== undefined && isClosedStatus(query.status) ? -1 : 1;
  const partitions = await Promise.all(
    statuses.map((status) => listPartition(status, query.limit + 1, query.after?.sortKey)),
  );
  // Byte order, as DynamoDB sorts (the keys are ASCII).
  const items = partitions
    .flat()
    .sort((a, b) => (String(a[LIST.sort]) < String(b[LIST.sort]) ? -direction : direction));
  const cases = items.slice(0, query.limit).map((item) => ({
    record: strip<CaseRecord>(item),
    status: listedStatus(item),
    blockingGaps: Number(item[LIST.gaps] ?? 0),
    position: { caseId: String(item.caseId), sortKey: String(item[LIST.sort]) },
  }));
  const last = cases.at(-1);
  return items.length > query.limit && last ? { cases, next: last.position } : { cases };
}

/** Every open case, as much as the dashboard needs: ids, status and deadline. */
export async function listOpenCaseSummaries(): Promise<OpenCaseSummary[]> {
  const partitions = await Promise.all(
    openStatuses.map((status) =>
      listPartition(status, Number.POSITIVE_INFINITY, undefined, 'caseId, hospitalId, deadline, #partition'),
    ),
  );
  return partitions.flat().map((item) => ({
    caseId: String(item.caseId),
    status: listedStatus(item),
    ...(typeof item.hospitalId === 'string' ? { hospitalId: item.hospitalId } : {}),
    ...(item.deadline ? { deadline: item.deadline as Deadline } : {}),
  }));
}

/** A hospital's turnaround entries for reports that arrived at or after `since`, oldest first. */
export async function turnaroundsSince(hospitalId: string, since: string): Promise<TurnaroundEntry[]> {
  const items = await queryAll({
    TableName: tableName('cases'),
    KeyConditionExpression: 'pk = :pk AND sk >= :from',
    ExpressionAttributeValues: { ':pk': turnaroundPk(hospitalId), ':from': `REPORT#${since}` },
  });
  return items.map((item) => strip<TurnaroundEntry>(item));
}

/** A hospital's latest `count` turnaround entries, newest first. */
export async function latestTurnarounds(hospitalId: string, count: number): Promise<TurnaroundEntry[]> {
  const page = await dynamo().send(
    new QueryCommand({
      TableName: tableName('cases'),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :report)',
      ExpressionAttributeValues: { ':pk': turnaroundPk(hospitalId), ':report': 'REPORT#' },
      ScanIndexForward: false,
      Limit: count,
    }),
  );
  return (page.Items ?? []).map((item) => strip<TurnaroundEntry>(item));
}

export async function listCasesForHospital(hospitalId: string): Promise<CaseRecord[]> {
  const items = await queryAll({
    TableName: tableName('cases'),
    IndexName: 'byHospital',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': `HOSPITAL#${hospitalId}` },
  });
  return items.map((item) => strip<CaseRecord>(item));
}

export async function putDocument(document: DocumentRecord): Promise<void> {
  await insertItem(document.caseId, SK.document(document.documentId), 'document', document);
}

export function getDocument(caseId: string, documentId: string): Promise<DocumentRecord | undefined> {
  return getItem<DocumentRecord>(caseId, SK.document(documentId));
}

/**
 * Moves a document from one of `from` to a new status. Returns false when the document is no
 * longer in any of those statuses (a duplicate or replayed event), so callers do nothing twice.
 */
export async function transitionDocument(
  caseId: string,
  documentId: string,
  from: readonly DocumentStatus[],
  changes: Partial<Omit<DocumentRecord, 'caseId' | 'documentId'>>,
): Promise<boolean> {
  const names: Record<string, string> = { '#status': 'status', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':now': new Date().toISOString() };
  const sets = ['#updatedAt = :now'];
  from.forEach((status, position) => {
    values[`:from${position}`] = status;
  });
  let index = 0;
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    index += 1;
    const name = field === 'status' ? '#status' : `#f${index}`;
    names[name] = field;
    values[`:v${index}`] = value;
    sets.push(`${name} = :v${index}`);
  }
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName('cases'),
        Key: { pk: pk(caseId), sk: SK.document(documentId) },
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: `attribute_exists(pk) AND #status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
  // A document's status is part of readiness (gaps, `ready`): the list follows it.
  if (changes.status !== undefined) await relistAfterDocumentChange(caseId);
  return true;
}

/**
 * The document changed already and its caller's work goes on: a relisting that keeps losing
 * races is left to the next write of the case (each write derives the list attributes afresh).
 */
async function relistAfterDocumentChange(caseId: string): Promise<void> {
  try {
    await relistCase(caseId);
  } catch (error) {
    if (!(error instanceof ConcurrentUpdateError)) throw error;
    logger.warn('case list attributes left to the next write', { caseId });
  }
}

/** Sends a conditional document update; false when its condition does not hold. */
async function updateDocumentIf(
  caseId: string,
  documentId: string,
  update: Pick<UpdateCommandInput, 'UpdateExpression' | 'ConditionExpression'> & {
    names: Record<string, string>;
    values: Record<string, unknown>;
  },
): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName('cases'),
        Key: { pk: pk(caseId), sk: SK.document(documentId) },
        UpdateExpression: update.UpdateExpression,
        ConditionExpression: update.ConditionExpression,
        ExpressionAttributeNames: update.names,
        ExpressionAttributeValues: update.values,
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Pins an upload to the object version an object-created event names and moves it to
 * `validating`: only while it is uploading or validating, and only if no other version is
 * pinned (a repeat of the same event passes). False otherwise.
 */
export function pinDocumentVersion(
  caseId: string,
  documentId: string,
  version: { versionId: string; etag?: string },
): Promise<boolean> {
  return updateDocumentIf(caseId, documentId, {
    UpdateExpression: `SET #status = :validating, #versionId = :versionId, #updatedAt = :now${
      version.etag ? ', #etag = :etag' : ''
    }`,
    ConditionExpression:
      'attribute_exists(pk) AND #status IN (:uploading, :validating) AND (attribute_not_exists(#versionId) OR #versionId = :versionId)',
    names: {
      '#status': 'status',
      '#versionId': 'versionId',
      '#updatedAt': 'updatedAt',
      ...(version.etag ? { '#etag': 'etag' } : {}),
    },
    values: {
      ':validating': 'validating',
      ':uploading': 'uploading',
      ':versionId': version.versionId,
      ':now': new Date().toISOString(),
      ...(version.etag ? { ':etag': version.etag } : {}),
    },
  });
}

/**
 * Records a malware verdict on an upload still being decided: as its verdict when it is about
 * the pinned version, or kept aside (`earlyScans`) while no version is pinned yet. A verdict
 * for a version other than the pinned one is not recorded. Returns where it went.
 */
export async function recordScan(
  caseId: string,
  documentId: string,
  scan: MalwareScan & { versionId: string },
): Promise<'applied' | 'early' | 'not-recorded'> {
  const open = '#status IN (:uploading, :validating)';
  const base = {
    names: { '#status': 'status', '#versionId': 'versionId', '#updatedAt': 'updatedAt' },
    values: {
      ':uploading': 'uploading',
      ':validating': 'validating',
      ':now': new Date().toISOString(),
      ':versionId': scan.versionId,
    },
  };
  // Pinned meanwhile, or not: two tries settle it, as a version is pinned once and never unpinned.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (
      await updateDocumentIf(caseId, documentId, {
        UpdateExpression: 'SET #scan = :scan, #updatedAt = :now',
        ConditionExpression: `attribute_exists(pk) AND ${open} AND #versionId = :versionId`,
        names: { ...base.names, '#scan': 'scan' },
        values: { ...base.values, ':scan': scan },
      })
    ) {
      return 'applied';
    }
    if (
      await updateDocumentIf(caseId, documentId, {
        UpdateExpression: 'SET #early = list_append(if_not_exists(#early, :none), :scans), #updatedAt = :now',
        ConditionExpression: `attribute_exists(pk) AND ${open} AND attribute_not_exists(#versionId)`,
        names: { ...base.names, '#early': 'earlyScans' },
        values: { ...omitKey(base.values, ':versionId'), ':none': [], ':scans': [scan] },
      })
    ) {
      return 'early';
    }
  }
  return 'not-recorded';
}

const omitKey = (values: Record<string, unknown>, name: string) =>
  Object.fromEntries(Object.entries(values).filter(([key]) => key !== name));

/** At most this many refused versions are kept on a document (a link can be used many times). */
const MAX_REFUSED_VERSIONS = 20;

/**
 * Records a later version of a document's object as refused, once per version: true only for
 * the call that recorded it (a repeated event finds it there).
 */
export async function recordRefusedVersion(
  caseId: string,
  documentId: string,
  versionId: string,
  refused: RefusedVersion,
): Promise<boolean> {
  await updateDocumentIf(caseId, documentId, {
    UpdateExpression: 'SET #refused = if_not_exists(#refused, :none)',
    ConditionExpression: 'attribute_exists(pk)',
    names: { '#refused': 'refusedVersions' },
    values: { ':none': {} },
  });
  return updateDocumentIf(caseId, documentId, {
    UpdateExpression: 'SET #refused.#version = :refused, #updatedAt = :now',
    ConditionExpression:
      'attribute_exists(pk) AND attribute_not_exists(#refused.#version) AND size(#refused) < :max',
    names: { '#refused': 'refusedVersions', '#version': versionId, '#updatedAt': 'updatedAt' },
    values: { ':refused': refused, ':now': new Date().toISOString(), ':max': MAX_REFUSED_VERSIONS },
  });
}

export async function putCertifiedUpload(upload: CertifiedUploadRecord): Promise<void> {
  await insertItem(upload.caseId, `CERTUPLOAD#${upload.uploadId}`, 'certified-upload', upload);
}

export function getCertifiedUpload(
  caseId: string,
  uploadId: string,
): Promise<CertifiedUploadRecord | undefined> {
  return getItem<CertifiedUploadRecord>(caseId, `CERTUPLOAD#${uploadId}`);
}

export async function putReportUpload(upload: ReportUploadRecord): Promise<void> {
  await insertItem(upload.caseId, SK.reportUpload(upload.uploadId), 'report-upload', upload);
}

export async function getReportUpload(
  caseId: string,
  uploadId: string,
): Promise<ReportUploadRecord | undefined> {
  const result = await dynamo().send(
    new GetCommand({
      TableName: tableName('cases'),
      Key: { pk: pk(caseId), sk: SK.reportUpload(uploadId) },
      ConsistentRead: true,
    }),
  );
  return result.Item ? strip<ReportUploadRecord>(result.Item) : undefined;
}

/** Timeline entries carry ids and plain facts, never patient details. */
export async function addTimelineEvent(
  caseId: string,
  type: string,
  detail: string,
  at = new Date(),
): Promise<void> {
  const iso = at.toISOString();
  await dynamo().send(
    new PutCommand({
      TableName: tableName('cases'),
      Item: { pk: pk(caseId), sk: SK.event(iso), itemType: 'event', at: iso, type, detail },
    }),
  );
}

/**
 * Claims a one-time action (a notification, a timeline entry) for a case. Only the first
 * caller gets true, so a retried step or duplicate event does not act twice.
 */
export async function claimOnce(caseId: string, key: string): Promise<boolean> {
  try {
    await insertItem(caseId, SK.claim(key), 'claim', { at: new Date().toISOString() });
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Claims a piece of content (a SHA-256, a SOP Instance UID) for one document of a case: the
 * first document to claim it owns it. Returns the owner, which is `documentId` when this call
 * claimed it or already held it (a retried event). `takeOverFrom` hands the claim over from an
 * owner that no longer holds the content (its document was rejected or removed), conditionally.
 */
export async function claimContent(
  caseId: string,
  key: string,
  documentId: string,
  takeOverFrom?: string,
): Promise<string> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName('cases'),
        Item: { pk: pk(caseId), sk: SK.claim(key), itemType: 'content-claim', owner: documentId },
        ConditionExpression: takeOverFrom ? '#owner = :previous' : 'attribute_not_exists(pk)',
        ...(takeOverFrom
          ? {
              ExpressionAttributeNames: { '#owner': 'owner' },
              ExpressionAttributeValues: { ':previous': takeOverFrom },
            }
          : {}),
      }),
    );
    return documentId;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const claim = await getItem<{ owner?: string }>(caseId, SK.claim(key));
  return claim?.owner ?? documentId;
}

/** Gives a claim back when the action it guarded failed, so a retry can act. */
export async function releaseClaim(caseId: string, key: string): Promise<void> {
  await dynamo().send(
    new DeleteCommand({ TableName: tableName('cases'), Key: { pk: pk(caseId), sk: SK.claim(key) } }),
  );
}

/**
 * How long an action's claim may stay unfinished before its holder counts as dead (killed or
 * timed out between claiming and finishing). One action is one call (a mail to SES, a timeline
 * write), far shorter than this; a claim older than this is taken over and the action done again,
 * since a mail sent twice is better than a mail never sent.
 */
export const UNFINISHED_CLAIM_STALE_MS = 30_000;

interface ActionClaim {
  readonly at?: string;
  /** 'acting' until the action finished; claims written before this field existed are finished. */
  readonly state?: 'acting' | 'done';
}

/** Claims (case, key) for an action about to run: true when this caller is to act. */
async function claimAction(caseId: string, key: string, at: string): Promise<boolean> {
  try {
    await insertItem(caseId, SK.claim(key), 'claim', { at, state: 'acting' });
    return true;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const held = await getItem<ActionClaim>(caseId, SK.claim(key));
  if (!held) return claimAction(caseId, key, at); // given back between the two reads
  if (held.state !== 'acting') return false;
  if (held.at !== undefined && Date.parse(at) - Date.parse(held.at) < UNFINISHED_CLAIM_STALE_MS)
    throw new ActionInProgressError();
  // Its holder died before finishing: take it over, unless another caller just did.
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName('cases'),
        Item: { pk: pk(caseId), sk: SK.claim(key), itemType: 'claim', at, state: 'acting' },
        ConditionExpression: '#state = :acting AND #at = :heldAt',
        ExpressionAttributeNames: { '#state': 'state', '#at': 'at' },
        ExpressionAttributeValues: { ':acting': 'acting', ':heldAt': held.at ?? '' },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) throw new ActionInProgressError();
    throw error;
  }
}

/**
 * Acts once per (case, key): a retried step or replayed event finds the finished claim and does
 * nothing; if the action fails, the claim is given back for the retry. A claim left unfinished by
 * a caller that died is taken over once it is stale; while it is fresh, ActionInProgressError
 * asks the caller to retry later. True when this call acted.
 */
export async function actOnce(caseId: string, key: string, action: () => Promise<void>): Promise<boolean> {
  const at = new Date().toISOString();
  if (!(await claimAction(caseId, key, at))) return false;
  try {
    await action();
  } catch (error) {
    await releaseClaim(caseId, key);
    throw error;
  }
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName('cases'),
      Key: { pk: pk(caseId), sk: SK.claim(key) },
      UpdateExpression: 'SET #state = :done',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':done': 'done' },
    }),
  );
  return true;
}

/** Who holds a case's lease on a long action (one attempt at it), and since when. */
export interface Lease {
  readonly holder: string;
  readonly at: string;
}

/**
 * Takes a lease: when nobody holds it, or, with `expiredBefore`, from an attempt of the same
 * holder that took it before that instant (one that died). Of callers racing, only one wins.
 */
export async function takeLease(
  caseId: string,
  key: string,
  lease: Lease,
  expiredBefore?: string,
): Promise<boolean> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName('cases'),
        Item: { pk: pk(caseId), sk: SK.lease(key), itemType: 'lease', holder: lease.holder, at: lease.at },
        ...(expiredBefore === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: '#holder = :holder AND #at < :expiredBefore',
              ExpressionAttributeNames: { '#holder': 'holder', '#at': 'at' },
              ExpressionAttributeValues: { ':holder': lease.holder, ':expiredBefore': expiredBefore },
            }),
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export function getLease(caseId: string, key: string): Promise<Lease | undefined> {
  return getItem<Lease>(caseId, SK.lease(key));
}

/**
 * Deletes every item of a case's partition (documents, uploads, timeline, claims), the case
 * item itself last, so an erasure interrupted halfway can be run again. Returns the count.
 */
export async function deleteCaseItems(caseId: string): Promise<number> {
  const items = await queryAll({
    TableName: tableName('cases'),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': pk(caseId) },
    ProjectionExpression: 'pk, sk',
    ConsistentRead: true,
  });
  const ordered = [
    ...items.filter((item) => item.sk !== SK.case),
    ...items.filter((item) => item.sk === SK.case),
  ];
  for (const item of ordered) {
    await dynamo().send(
      new DeleteCommand({ TableName: tableName('cases'), Key: { pk: item.pk, sk: item.sk } }),
    );
  }
  return ordered.length;
}
