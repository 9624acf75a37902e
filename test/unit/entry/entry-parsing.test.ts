import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tables } from '../../../functions/contract';
import { objectCreatedEvent, scanResultEvent, sesFeedbackEvent } from '../../../functions/core/inputs/events';
import {
  awaitCallbackInput,
  buildPackageInput,
  callbackInput,
  trackDeadlineInput,
  translateDocumentInput,
  workflowInput,
} from '../../../functions/core/inputs/workflow';
import { InvalidInputError, parseInput } from '../../../functions/core/parse-input';
import { handler as emailFeedbackProcessor } from '../../../functions/events/email-feedback-processor';
import { handler as scanResultProcessor } from '../../../functions/events/scan-result-processor';
import { handler as uploadProcessor } from '../../../functions/events/upload-processor';
import { handler as awaitCallback } from '../../../functions/workflow/await-callback';
import { handler as buildPackage } from '../../../functions/workflow/build-package';
import { handler as deliverPackage } from '../../../functions/workflow/deliver-package';
import { handler as deliverReport } from '../../../functions/workflow/deliver-report';
import { handler as escalate } from '../../../functions/workflow/escalate';
import { handler as preparePackage } from '../../../functions/workflow/prepare-package';
import { handler as trackDeadline } from '../../../functions/workflow/track-deadline';
import { handler as translateDocument } from '../../../functions/workflow/translate-document';
import { handler as translateReport } from '../../../functions/workflow/translate-report';
import { useFakeAwsEnv } from '../fake-aws-env';

const step = { caseId: 'case_aaaaaaaaaaaa', submission: 1, hospitalId: 'hosp_aaaaaaaaaa' };
/** `$$.State.EnteredTime`, as the timed steps get it. */
const now = '2026-12-02T04:00:00.123Z';
const key = 'cases/case_aaaaaaaaaaaa/documents/doc_aaaaaaaaaaaa';
const objectCreated = {
  version: '0',
  id: 'e1',
  'detail-type': 'Object Created',
  source: 'aws.s3',
  account: '000000000000',
  time: '2026-12-02T04:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: {
    version: '0',
    bucket: { name: 'intake' },
    object: { key, size: 10, etag: 'abc', 'version-id': 'v1', sequencer: '01' },
    reason: 'PutObject',
  },
};
const scanResult = {
  'detail-type': 'GuardDuty Malware Protection Object Scan Result',
  source: 'aws.guardduty',
  time: '2026-12-02T04:00:00Z',
  detail: {
    schemaVersion: '1.0',
    scanStatus: 'COMPLETED',
    s3ObjectDetails: { bucketName: 'intake', objectKey: key, eTag: 'abc', versionId: 'v1' },
    scanResultDetails: { scanResultStatus: 'NO_THREATS_FOUND', threats: null },
  },
};
const sesFeedback = (message: unknown) => ({
  Records: [{ EventSource: 'aws:sns', Sns: { MessageId: 'm1', Message: JSON.stringify(message) } }],
});
const bounce = {
  eventType: 'Bounce',
  mail: { messageId: 'ses-1', destination: ['patient@example.org'], tags: { caseId: ['case_aaaaaaaaaaaa'] } },
  bounce: { bounceType: 'Permanent' },
};

/** The paths an input fails at, or [] when it parses. */
function failingPaths(schema: Parameters<typeof parseInput>[0], input: unknown): readonly string[] {
  try {
    parseInput(schema, input);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).paths;
  }
}

describe('inputs parsed at entry', () => {
  it('workflow steps: each Task input as the state machine builds it parses; a malformed one names its path', () => {
    expect(failingPaths(workflowInput, step)).toEqual([]);
    expect(failingPaths(callbackInput, { ...step, stage: 'receipt' })).toEqual([]);
    expect(
      failingPaths(awaitCallbackInput, { ...step, stage: 'report', taskToken: 't', wakeAt: 'x' }),
    ).toEqual([]);
    expect(failingPaths(trackDeadlineInput, { ...step, now })).toEqual([]);
    expect(failingPaths(translateDocumentInput, { ...step, documentId: 'doc_aaaaaaaaaaaa' })).toEqual([]);
    expect(failingPaths(buildPackageInput, { ...step, now, translations: [] })).toEqual([]);

    expect(failingPaths(workflowInput, { ...step, submission: '1' })).toEqual(['submission']);
    expect(failingPaths(workflowInput, { caseId: step.caseId })).toEqual(['submission', 'hospitalId']);
    expect(failingPaths(callbackInput, { ...step, stage: 'lunch' })).toEqual(['stage']);
    expect(failingPaths(awaitCallbackInput, { ...step, stage: 'receipt' })).toEqual(['taskToken']);
    expect(failingPaths(trackDeadlineInput, { ...step, now: 'yesterday' })).toEqual(['now']);
    expect(
      failingPaths(buildPackageInput, { ...step, now, translations: [{ fileId: 'f', sha256: 'no' }] }),
    ).toEqual(expect.arrayContaining(['translations.0.sha256', 'translations.0.key']));
    // BuildPackage dates the package with the business clock: its input must carry it.
    expect(failingPaths(buildPackageInput, { ...step, translations: [] })).toEqual(['now']);
  });

  it('S3 Object Created through the EventBridge envelope: good parses, bad names its path', () => {
    expect(failingPaths(objectCreatedEvent, objectCreated)).toEqual([]);
    // Routing fields the handler does not read may be absent, as in the local emulator's events.
    const { account: _a, id: _i, region: _r, resources: _s, version: _v, ...minimal } = objectCreated;
    expect(failingPaths(objectCreatedEvent, minimal)).toEqual([]);
    expect(failingPaths(objectCreatedEvent, { ...objectCreated, 'detail-type': 'Object Deleted' })).toEqual([
      'detail-type',
    ]);
    expect(
      failingPaths(objectCreatedEvent, {
        ...objectCreated,
        detail: { ...objectCreated.detail, object: { key, size: -1 } },
      }),
    ).toEqual(['detail.object.size']);
    expect(failingPaths(objectCreatedEvent, { ...objectCreated, detail: undefined })).toEqual(['detail']);
  });

  it('GuardDuty Object Scan Result through the EventBridge envelope: good parses, bad names its path', () => {
    expect(failingPaths(scanResultEvent, scanResult)).toEqual([]);
    expect(
      failingPaths(scanResultEvent, {
        ...scanResult,
        detail: { ...scanResult.detail, s3ObjectDetails: { bucketName: 'intake' } },
      }),
    ).toEqual(['detail.s3ObjectDetails.objectKey']);
    expect(failingPaths(scanResultEvent, { ...scanResult, time: 'soon' })).toEqual(['time']);
  });

  it('SES feedback through SNS: the message inside is checked too, named by its path', () => {
    expect(failingPaths(sesFeedbackEvent, sesFeedback(bounce))).toEqual([]);
    expect(
      failingPaths(sesFeedbackEvent, sesFeedback({ eventType: 'Delivery', mail: { tags: {} } })),
    ).toEqual([]);
    expect(failingPaths(sesFeedbackEvent, sesFeedback({ ...bounce, mail: { destination: 'x' } }))).toEqual([
      'Records.0.Sns.Message.mail.destination',
    ]);
    expect(
      failingPaths(sesFeedbackEvent, { Records: [{ Sns: { MessageId: 'm1', Message: '{"eventType":' } }] }),
    ).toEqual(['Records.0.Sns.Message']);
    expect(failingPaths(sesFeedbackEvent, { Records: [] })).toEqual(['Records']);
  });

  it('the error message names paths, never the values that failed', () => {
    const error = (() => {
      try {
        parseInput(
          objectCreatedEvent,
          { ...objectCreated, detail: { bucket: { name: 'Jane Doe' }, object: { key: 42 } } },
          'the Object Created event',
        );
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error?.name).toBe('InvalidInput');
    expect(error?.message).toBe('the Object Created event is not valid at: detail.object.key');
    expect(error?.message).not.toContain('42');
  });
});

describe('handlers refuse a malformed input before touching anything', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const s3 = mockClient(S3Client);
  beforeEach(() => {
    for (const table of Object.values(tables)) process.env[table.envVar] = table.id;
    useFakeAwsEnv();
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  });
  afterEach(() => {
    ddb.reset();
    s3.reset();
  });

  it.each([
    ['PreparePackage', preparePackage],
    ['TranslateDocument', translateDocument],
    ['BuildPackage', buildPackage],
    ['DeliverPackage', deliverPackage],
    ['AwaitCallback', awaitCallback],
    ['Escalate', escalate],
    ['TrackDeadline', trackDeadline],
    ['TranslateReport', translateReport],
    ['DeliverReport', deliverReport],
  ] as const)('%s fails its task with InvalidInput naming the path', async (_name, handler) => {
    await expect(handler({ ...step, submission: 'one' })).rejects.toMatchObject({
      name: 'InvalidInput',
      message: expect.stringContaining('submission'),
    });
    expect(ddb.calls()).toHaveLength(0);
  });

  it.each([
    [
      'upload processor',
      uploadProcessor,
      { ...objectCreated, detail: { bucket: { name: 'intake' } } },
      'detail.object',
    ],
    ['scan result processor', scanResultProcessor, { ...scanResult, detail: {} }, 'detail.scanStatus'],
    [
      'email feedback processor',
      emailFeedbackProcessor,
      { Records: [{ Sns: { Message: '{}' } }] },
      'Records.0.Sns.MessageId',
    ],
  ] as const)(
    'the %s fails the invocation (to its DLQ) naming the path',
    async (_name, handler, event, path) => {
      await expect(handler(event)).rejects.toMatchObject({
        name: 'InvalidInput',
        message: expect.stringContaining(path),
      });
      expect(ddb.calls()).toHaveLength(0);
      expect(s3.calls()).toHaveLength(0);
    },
  );
});
