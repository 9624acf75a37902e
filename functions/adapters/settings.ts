import {
  type BucketName,
  buckets,
  env,
  type PackageAssetName,
  packageAssets,
  type TableName,
  tables,
  workflow,
} from '../contract';
import { parseFeeList } from '../core/money';

/**
 * A setting the process environment lacks or holds in a shape it cannot have. It names the
 * variable, never its value, and is no AppError: a deployment fault is a 500 with no internals.
 */
export class ConfigurationError extends Error {
  readonly code = 'configuration_error';
  constructor(
    readonly variable: string,
    readonly problem: 'missing' | 'invalid',
  ) {
    super(`${problem} environment variable ${variable}`);
    this.name = 'ConfigurationError';
  }
}

// Hand-written parsers, not zod: every function reads settings, and zod's import alone costs
// a light handler about a fifth of its cold start (npm run bench). Each takes the raw value
// (undefined when unset or empty) and returns the value, or INVALID.
const INVALID = Symbol('invalid');
type Parser<T> = (raw: string | undefined) => T | typeof INVALID;

/** Any non-empty value. */
const text: Parser<string> = (raw) => raw ?? INVALID;

/** The address shape zod's `z.email()` accepts (its default pattern), so no value changes verdict. */
const EMAIL =
  /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;
const email: Parser<string> = (raw) => (raw !== undefined && EMAIL.test(raw) ? raw : INVALID);

/** What the URL parser accepts, trimmed and without tabs or line breaks (as `z.url()` gives it). */
const url: Parser<string> = (raw) => {
  const trimmed = raw?.trim();
  return trimmed !== undefined && URL.canParse(trimmed) ? trimmed.replace(/[\t\n\r]/g, '') : INVALID;
};

const oneOf =
  <const V extends readonly string[]>(...values: V): Parser<V[number]> =>
  (raw) =>
    values.includes(raw as V[number]) ? (raw as V[number]) : INVALID;

const optional =
  <T>(parse: Parser<T>): Parser<T | undefined> =>
  (raw) =>
    raw === undefined ? undefined : parse(raw);

/** `true` or `false`; unset is false. */
const flag: Parser<boolean> = (raw) =>
  raw === undefined ? false : raw === 'true' ? true : raw === 'false' ? false : INVALID;

/** Lines joined by ` | ` (an address, bank details): an environment variable holds one line. */
const lines: Parser<readonly string[]> = (raw) => {
  const parts = raw
    ?.split('|')
    .map((part) => part.trim())
    .filter(Boolean);
  return parts?.length ? parts : INVALID;
};

const feeList: Parser<Readonly<Record<string, number>>> = (raw) =>
  (raw === undefined ? undefined : parseFeeList(raw)) ?? INVALID;

/** One amount: an ISO 4217 code and minor units, `USD 2900`. */
const price: Parser<{ readonly currency: string; readonly amount: number }> = (raw) => {
  const entries = Object.entries((raw === undefined ? undefined : parseFeeList(raw)) ?? {});
  return entries.length === 1 ? { currency: entries[0]![0], amount: entries[0]![1] } : INVALID;
};

interface Setting {
  readonly envVar: string;
  readonly parse: Parser<unknown>;
}

/** Every variable of the contract's `env`, with the values it may hold. */
const contractSettings = {
  senderEmail: { envVar: env.senderEmail, parse: email },
  coordinatorEmail: { envVar: env.coordinatorEmail, parse: email },
  patientPortalUrl: { envVar: env.patientPortalUrl, parse: url },
  s3ForcePathStyle: { envVar: env.s3ForcePathStyle, parse: flag },
  malwareScan: { envVar: env.malwareScan, parse: oneOf('guardduty', 'none') },
  sesConfigurationSet: { envVar: env.sesConfigurationSet, parse: optional(text) },
  relayRegion: { envVar: env.relayRegion, parse: optional(text) },
  /** `amazon-translate`, or anything else to keep free text in English (and say so). */
  translator: { envVar: env.translator, parse: text },
  terminologyName: { envVar: env.terminologyName, parse: text },
  authIssuer: { envVar: env.authIssuer, parse: url },
  authConsoleClientId: { envVar: env.authConsoleClientId, parse: text },
  authMachineClientId: { envVar: env.authMachineClientId, parse: text },
  authOauthUrl: { envVar: env.authOauthUrl, parse: url },
  providerLegalName: { envVar: env.providerLegalName, parse: optional(text) },
  providerAddress: { envVar: env.providerAddress, parse: optional(lines) },
  coordinationFees: { envVar: env.coordinationFees, parse: optional(feeList) },
  bankTransferDetails: { envVar: env.bankTransferDetails, parse: optional(lines) },
  strategyCallPrice: { envVar: env.strategyCallPrice, parse: optional(price) },
  strategyCallMeetingUrl: { envVar: env.strategyCallMeetingUrl, parse: optional(url) },
  paymentProvider: { envVar: env.paymentProvider, parse: optional(oneOf('stripe', 'offline')) },
  stripeSecretArn: { envVar: env.stripeSecretArn, parse: optional(text) },
} as const satisfies Record<keyof typeof env, Setting>;

/** Variables Lambda and the AWS SDK define, which some functions read too. */
const platformSettings = {
  awsRegion: { envVar: 'AWS_REGION', parse: text },
  /** The SDK's S3 endpoint override (the emulator's, locally). */
  s3Endpoint: { envVar: 'AWS_ENDPOINT_URL_S3', parse: optional(url) },
} as const satisfies Record<string, Setting>;

const settings = { ...contractSettings, ...platformSettings };

export type SettingName = keyof typeof settings;
export type SettingValue<N extends SettingName> = Exclude<
  ReturnType<(typeof settings)[N]['parse']>,
  typeof INVALID
>;

/** Parsed values by variable, with the raw value they were parsed from. */
const parsed = new Map<string, { readonly raw: string | undefined; readonly value: unknown }>();

/**
 * Reads a variable on first use, not at import (one process hosts many handlers locally),
 * and parses it once per value: a later change of the variable (the local runtime sets the
 * portal URL once it knows its port; each local backend a test starts sets its own) is read again.
 */
function read<T>(envVar: string, parse: Parser<T>): T {
  // An empty variable counts as unset, as it always has.
  const raw = process.env[envVar] || undefined;
  const hit = parsed.get(envVar);
  if (hit && hit.raw === raw) return hit.value as T;
  const value = parse(raw);
  if (value === INVALID) throw new ConfigurationError(envVar, raw === undefined ? 'missing' : 'invalid');
  parsed.set(envVar, { raw, value });
  return value;
}

/** A setting by name, checked: throws ConfigurationError naming the variable when it is missing or invalid. */
export function setting<N extends SettingName>(name: N): SettingValue<N> {
  const { envVar, parse } = settings[name];
  return read(envVar, parse as Parser<SettingValue<N>>);
}

/** The real name of a table (CloudFormation generates it in AWS). */
export const tableName = (table: TableName): string => read(tables[table].envVar, text);
/** The real name of a bucket. */
export const bucketName = (bucket: BucketName): string => read(buckets[bucket].envVar, text);
export const workflowArn = (): string => read(workflow.envVar, text);
/** Where a package asset is: beside the bundle in Lambda, in the repository locally. */
export const assetPath = (asset: PackageAssetName): string => read(packageAssets[asset].envVar, text);

/** Whether patients may pay by card in this deployment (Stripe Checkout), besides bank transfers. */
export const cardPaymentsOn = (): boolean => setting('paymentProvider') === 'stripe';
