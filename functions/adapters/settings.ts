import * as z from 'zod';
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

const text = z.string().min(1);

interface Setting {
  readonly envVar: string;
  readonly schema: z.ZodType;
}

/** Every variable of the contract's `env`, with the values it may hold. */
const contractSettings = {
  senderEmail: { envVar: env.senderEmail, schema: z.email() },
  coordinatorEmail: { envVar: env.coordinatorEmail, schema: z.email() },
  patientPortalUrl: { envVar: env.patientPortalUrl, schema: z.url() },
  s3ForcePathStyle: {
    envVar: env.s3ForcePathStyle,
    schema: z
      .enum(['true', 'false'])
      .optional()
      .transform((value) => value === 'true'),
  },
  malwareScan: { envVar: env.malwareScan, schema: z.enum(['guardduty', 'none']) },
  sesConfigurationSet: { envVar: env.sesConfigurationSet, schema: text.optional() },
  relayRegion: { envVar: env.relayRegion, schema: text.optional() },
  /** `amazon-translate`, or anything else to keep free text in English (and say so). */
  translator: { envVar: env.translator, schema: text },
  terminologyName: { envVar: env.terminologyName, schema: text },
  authIssuer: { envVar: env.authIssuer, schema: z.url() },
  authConsoleClientId: { envVar: env.authConsoleClientId, schema: text },
  authMachineClientId: { envVar: env.authMachineClientId, schema: text },
  authOauthUrl: { envVar: env.authOauthUrl, schema: z.url() },
} as const satisfies Record<keyof typeof env, Setting>;

/** Variables Lambda and the AWS SDK define, which some functions read too. */
const platformSettings = {
  awsRegion: { envVar: 'AWS_REGION', schema: text },
  /** The SDK's S3 endpoint override (the emulator's, locally). */
  s3Endpoint: { envVar: 'AWS_ENDPOINT_URL_S3', schema: z.url().optional() },
} as const satisfies Record<string, Setting>;

const settings = { ...contractSettings, ...platformSettings };

export type SettingName = keyof typeof settings;
export type SettingValue<N extends SettingName> = z.output<(typeof settings)[N]['schema']>;

/** Parsed values by variable, with the raw value they were parsed from. */
const parsed = new Map<string, { readonly raw: string | undefined; readonly value: unknown }>();

/**
 * Reads a variable on first use, not at import (one process hosts many handlers locally),
 * and parses it once per value: a later change of the variable (the local runtime sets the
 * portal URL once it knows its port; each local backend a test starts sets its own) is read again.
 */
function read<S extends z.ZodType>(envVar: string, schema: S): z.output<S> {
  // An empty variable counts as unset, as it always has.
  const raw = process.env[envVar] || undefined;
  const hit = parsed.get(envVar);
  if (hit && hit.raw === raw) return hit.value as z.output<S>;
  const result = schema.safeParse(raw);
  if (!result.success) throw new ConfigurationError(envVar, raw === undefined ? 'missing' : 'invalid');
  parsed.set(envVar, { raw, value: result.data });
  return result.data;
}

/** A setting by name, checked: throws ConfigurationError naming the variable when it is missing or invalid. */
export function setting<N extends SettingName>(name: N): SettingValue<N> {
  const { envVar, schema } = settings[name];
  return read(envVar, schema) as SettingValue<N>;
}

/** The real name of a table (CloudFormation generates it in AWS). */
export const tableName = (table: TableName): string => read(tables[table].envVar, text);
/** The real name of a bucket. */
export const bucketName = (bucket: BucketName): string => read(buckets[bucket].envVar, text);
export const workflowArn = (): string => read(workflow.envVar, text);
/** Where a package asset is: beside the bundle in Lambda, in the repository locally. */
export const assetPath = (asset: PackageAssetName): string => read(packageAssets[asset].envVar, text);
