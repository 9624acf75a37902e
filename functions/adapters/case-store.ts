import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
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
import { ConcurrentUpdateError } from '../core/errors';
import type { DocumentStatus } from '../core/vocabulary';
import { dynamo } from './aws-clients';
import { isConditionFailure, queryAll } from './dynamo-helpers';
import { tableName } from './settings';

/**
 * The case store: one DynamoDB table holding, under the partition `CASE#<caseId>`, the case
 * itself, its documents, report uploads, timeline and idempotency claims.
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

const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'itemType']);

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
  await insertItem(record.caseId, SK.case, 'case', record);
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

/**
 * Applies changes only if the case still has the version the caller read: a lost race
 * raises ConcurrentUpdateError instead of overwriting someone else's write.
 */
export async function updateCase(
  caseId: string,
  expectedVersion: number,
  changes: CaseChanges,
): Promise<CaseRecord> {
  const names: Record<string, string> = { '#version': 'version', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = {
    ':expected': expectedVersion,
    ':next': expectedVersion + 1,
    ':now': new Date().toISOString(),
  };
  const sets = ['#version = :next', '#updatedAt = :now'];
  let index = 0;
  for (const [field, value] of Object.entries(changes.set ?? {})) {
    if (value === undefined) continue;
    index += 1;
    names[`#f${index}`] = field;
    values[`:v${index}`] = value;
    sets.push(`#f${index} = :v${index}`);
  }
  if (changes.hospitalIndex) {
    names['#g1'] = 'gsi1pk';
    names['#g2'] = 'gsi1sk';
    values[':g1'] = `HOSPITAL#${changes.hospitalIndex.hospitalId}`;
    values[':g2'] = changes.hospitalIndex.sortKey;
    sets.push('#g1 = :g1', '#g2 = :g2');
  }
  const removes = [
    ...(changes.remove ?? []),
    ...(changes.removeHospitalIndex ? ['gsi1pk', 'gsi1sk'] : []),
  ].map((field, position) => {
    names[`#r${position}`] = field;
    return `#r${position}`;
  });
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
    return strip<CaseRecord>(result.Attributes ?? {});
  } catch (error) {
    if (isConditionFailure(error)) throw new ConcurrentUpdateError(error);
    throw error;
  }
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
      const record = await updateCase(caseId, current.version, decision.changes);
      return { record, result: decision.result };
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= attempts) throw error;
      // A short random pause, so writers that collided do not collide again in step.
      await sleep(Math.random() * 25 * attempt);
    }
  }
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
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
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

/** Gives a claim back when the action it guarded failed, so a retry can act. */
export async function releaseClaim(caseId: string, key: string): Promise<void> {
  await dynamo().send(
    new DeleteCommand({ TableName: tableName('cases'), Key: { pk: pk(caseId), sk: SK.claim(key) } }),
  );
}

/**
 * Acts once per (case, key): a retried step or replayed event finds the claim and does nothing;
 * if the action fails, the claim is given back for the retry. True when this call acted.
 */
export async function actOnce(caseId: string, key: string, action: () => Promise<void>): Promise<boolean> {
  if (!(await claimOnce(caseId, key))) return false;
  try {
    await action();
    return true;
  } catch (error) {
    await releaseClaim(caseId, key);
    throw error;
  }
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
