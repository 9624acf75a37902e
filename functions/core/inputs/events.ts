import * as z from 'zod';

/**
 * The events the event processors read, parsed at entry. EventBridge's envelope is a small zod
 * schema of our own rather than Powertools' parser: it checks what the handlers read (the detail
 * type, the time and the detail) and leaves the routing fields optional, and keeps a dependency
 * (and a second copy of Powertools' commons) out of every bundle.
 */
const eventBridge = <T extends string, D extends z.ZodType>(detailType: T, detail: D) =>
  z.object({
    version: z.string().optional(),
    id: z.string().optional(),
    'detail-type': z.literal(detailType),
    source: z.string(),
    account: z.string().optional(),
    time: z.iso.datetime({ offset: true }),
    region: z.string().optional(),
    resources: z.array(z.string()).optional(),
    detail,
  });

/** A scheduled rule's tick: `time` is the instant it stands for (locally, the business clock's). */
export const scheduledEvent = eventBridge('Scheduled Event', z.object({}).passthrough());

/** S3's "Object Created" detail; `version-id` names the version the event is about. */
export const objectCreatedDetail = z.object({
  bucket: z.object({ name: z.string().min(1) }),
  object: z.object({
    key: z.string().min(1),
    size: z.number().int().nonnegative().optional(),
    etag: z.string().optional(),
    'version-id': z.string().optional(),
    sequencer: z.string().optional(),
  }),
});
export type ObjectCreatedDetail = z.output<typeof objectCreatedDetail>;
export const objectCreatedEvent = eventBridge('Object Created', objectCreatedDetail);

/** GuardDuty Malware Protection for S3's "Object Scan Result" detail (the fields used). */
export const scanResultDetail = z.object({
  scanStatus: z.string(),
  /** `versionId` (with `eTag`) names the object version scanned, in a versioned bucket. */
  s3ObjectDetails: z.object({
    bucketName: z.string().min(1),
    objectKey: z.string().min(1),
    eTag: z.string().optional(),
    versionId: z.string().optional(),
  }),
  scanResultDetails: z
    .object({
      scanResultStatus: z.string().optional(),
      threats: z.array(z.object({ name: z.string().optional() })).nullish(),
    })
    .optional(),
});
export type ScanResultDetail = z.output<typeof scanResultDetail>;
export const scanResultEvent = eventBridge(
  'GuardDuty Malware Protection Object Scan Result',
  scanResultDetail,
);

/** An SES event notification (configuration-set event publishing), the parts read. */
export const sesFeedbackMessage = z.object({
  eventType: z.string(),
  mail: z
    .object({
      messageId: z.string().optional(),
      destination: z.array(z.string()).optional(),
      tags: z.record(z.string(), z.array(z.string())).optional(),
    })
    .optional(),
  bounce: z.object({ bounceType: z.string().optional() }).optional(),
});
export type SesFeedbackMessage = z.output<typeof sesFeedbackMessage>;

/**
 * JSON text whose content must match `schema`. The text itself is kept (the handler decodes
 * it); issues inside it are reported under the text's own path.
 */
const jsonText = (schema: z.ZodType) =>
  z.string().superRefine((text, ctx) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON' });
      return;
    }
    const result = schema.safeParse(parsed);
    if (result.success) return;
    for (const issue of result.error.issues) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    }
  });

/** SNS delivering SES feedback: each record's message is an SES event notification. */
export const sesFeedbackEvent = z.object({
  Records: z
    .array(
      z.object({
        Sns: z.object({ MessageId: z.string().min(1), Message: jsonText(sesFeedbackMessage) }),
      }),
    )
    .min(1),
});
