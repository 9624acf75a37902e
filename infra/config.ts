import * as z from 'zod';
import { parseFeeList } from '../functions/core/money';

/**
 * The deployment's settings, from CDK context (cdk.json, overridden with `-c name=value`),
 * validated at synth so a wrong value stops with a message that names the setting.
 */
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as us-east-1');
const origin = z
  .string()
  .regex(
    /^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/,
    'must be an https origin such as https://patients.example.org',
  );

/** The retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** A Cognito prefix domain: `<prefix>.auth.<region>.amazoncognito.com`, unique in its region across all accounts. */
const domainPrefix = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be 1–63 lowercase letters, digits or dashes')
  .refine((prefix) => !/aws|amazon|cognito/.test(prefix), {
    message: 'may not contain aws, amazon or cognito (Cognito refuses them)',
  });

const settingsSchema = z.strictObject({
  /** The AWS account; when absent, the one the deploying credentials resolve to. */
  account: z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
    .optional(),
  environmentName: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,19}$/, 'must be 1–20 lowercase letters, digits or dashes'),
  region,
  relayRegion: region,
  senderEmail: z.email('must be an email address (the SES identity notifications are sent from)'),
  coordinatorEmail: z.email('must be an email address'),
  alarmEmail: z.email('must be an email address (alarms are sent there)'),
  patientPortalUrl: z.url({ protocol: /^https$/, error: 'must be an https URL' }),
  /**
   * Where coordinators open the console (the API's `/console`, or a domain in front of it): the
   * console client's only callback and sign-out URL, matched exactly by Cognito.
   */
  consoleUrl: z
    .url({ protocol: /^https$/, error: 'must be an https URL' })
    .refine((url) => !/[?#]/.test(url), { message: 'may carry no query or fragment (Cognito refuses them)' }),
  /**
   * Where hospital staff open the portal (the API's `/hospital`, or a domain in front of it): a
   * callback and sign-out URL of the console client (staff sign in with it), and the only origin
   * the relay bucket answers browsers' reads for. Default: consoleUrl's origin + `/hospital`.
   */
  hospitalPortalUrl: z
    .url({ protocol: /^https$/, error: 'must be an https URL' })
    .refine((url) => !/[?#]/.test(url), { message: 'may carry no query or fragment (Cognito refuses them)' })
    .optional(),
  /** The managed login pages' Cognito domain prefix; default `oncology-second-opinions-<environmentName>`. */
  signInDomainPrefix: domainPrefix.optional(),
  /** A domain of your own for the managed login pages (e.g. sign-in.your.org), instead of the prefix domain. */
  signInDomain: z
    .string()
    .regex(
      /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/,
      'must be a domain name such as sign-in.your.org',
    )
    .optional(),
  /** The ACM certificate for `signInDomain`; Cognito serves custom domains through CloudFront, so it is in us-east-1. */
  signInCertificateArn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/,
      'must be the ARN of an ACM certificate in us-east-1',
    )
    .optional(),
  /** Browser origins allowed to upload to the intake bucket and call the API (comma-separated). */
  allowedOrigins: z.array(origin).min(1, 'needs at least one origin'),
  logRetentionDays: z.number().refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
    message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
  }),
  accessLogRetentionDays: z.number().int().min(90, 'must keep access logs at least 90 days').max(3653),
  /** The legal entity receipts name (its registered name), and its address, lines joined by ` | `. */
  providerLegalName: z.string().trim().min(1).max(200).optional(),
  providerAddress: z.string().trim().min(1).max(500).optional(),
  /** The coordination fee per currency in minor units, `USD 25000, EUR 23000`; unset charges none. */
  coordinationFees: z
    .string()
    .refine((text) => parseFeeList(text) !== undefined, {
      message: 'must be ISO 4217 codes with whole minor units, such as "USD 25000, EUR 23000"',
    })
    .optional(),
  /**
   * `stripe`: patients may also pay by card through Stripe Checkout (put the API key and the
   * webhook signing secret in the StripeSecret the backend stack creates); `offline`: bank
   * transfers only, recorded by a coordinator.
   */
  paymentProvider: z.enum(['offline', 'stripe']).default('offline'),
  /** The strategy call's price: an ISO 4217 code and minor units. */
  strategyCallPrice: z
    .string()
    .refine((text) => Object.keys(parseFeeList(text) ?? {}).length === 1, {
      message: 'must be one ISO 4217 code with whole minor units, such as "USD 2900"',
    })
    .default('USD 2900'),
  /** The video meeting the strategy calls take place in; without it the booking page takes no bookings. */
  strategyCallMeetingUrl: z.url({ protocol: /^https$/, error: 'must be an https URL' }).optional(),
  /** The bank account patients pay by transfer to, lines joined by ` | ` (shown on the patient page). */
  bankTransferDetails: z.string().trim().min(1).max(1000).optional(),
});

const defaultDomainPrefix = (environmentName: string) => `oncology-second-opinions-${environmentName}`;

const deploymentConfigSchema = settingsSchema
  .superRefine((settings, context) => {
    if (Boolean(settings.signInDomain) !== Boolean(settings.signInCertificateArn)) {
      context.addIssue({
        code: 'custom',
        path: [settings.signInDomain ? 'signInCertificateArn' : 'signInDomain'],
        message: 'signInDomain and signInCertificateArn are set together, or neither',
      });
    }
    // The default prefix is made from environmentName, which allows what a prefix may not hold.
    if (settings.signInDomainPrefix === undefined) {
      const derived = domainPrefix.safeParse(defaultDomainPrefix(settings.environmentName));
      for (const issue of derived.error?.issues ?? []) {
        context.addIssue({
          code: 'custom',
          path: ['signInDomainPrefix'],
          message: `(by default oncology-second-opinions-<environmentName>) ${issue.message}`,
        });
      }
    }
  })
  .transform((settings) => ({
    ...settings,
    signInDomainPrefix: settings.signInDomainPrefix ?? defaultDomainPrefix(settings.environmentName),
    // Served by the same API as the console, so by default beside it.
    hospitalPortalUrl: settings.hospitalPortalUrl ?? `${new URL(settings.consoleUrl).origin}/hospital`,
  }));
export type DeploymentConfig = z.output<typeof deploymentConfigSchema>;

const KEYS = Object.keys(settingsSchema.shape) as (keyof z.input<typeof settingsSchema>)[];

/** Reads and validates the settings; `read(name)` is the app's context lookup. */
export function deploymentConfig(read: (name: string) => unknown): DeploymentConfig {
  const raw: Record<string, unknown> = {};
  for (const key of KEYS) {
    let value = read(key);
    // Values given with -c arrive as strings.
    if (key === 'allowedOrigins' && typeof value === 'string') {
      value = value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean);
    }
    if ((key === 'logRetentionDays' || key === 'accessLogRetentionDays') && typeof value === 'string') {
      value = Number(value);
    }
    raw[key] = value;
  }
  const parsed = deploymentConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) =>
        `  - context "${issue.path.join('.') || '?'}" ${issue.message} (set it in cdk.json or with -c)`,
    );
    throw new Error(`The deployment settings are not valid:\n${problems.join('\n')}`);
  }
  return parsed.data;
}
